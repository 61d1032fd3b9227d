using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearance.Integrations.Records.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffInsights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "answer_feedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UserHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GuideId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Helpful = table.Column<bool>(type: "INTEGER", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_answer_feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "unanswered_questions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Normalised = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NearestGuideId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Margin = table.Column<double>(type: "REAL", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstAskedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAskedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unanswered_questions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_answer_feedback_School_GuideId",
                table: "answer_feedback",
                columns: new[] { "School", "GuideId" });

            migrationBuilder.CreateIndex(
                name: "IX_answer_feedback_School_UserHash",
                table: "answer_feedback",
                columns: new[] { "School", "UserHash" });

            migrationBuilder.CreateIndex(
                name: "IX_unanswered_questions_School_Normalised",
                table: "unanswered_questions",
                columns: new[] { "School", "Normalised" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "answer_feedback");

            migrationBuilder.DropTable(
                name: "unanswered_questions");
        }
    }
}

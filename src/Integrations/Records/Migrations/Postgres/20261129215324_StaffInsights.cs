using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Clearance.Integrations.Records.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    School = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UserHash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GuideId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Helpful = table.Column<bool>(type: "boolean", nullable: false),
                    Question = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Reply = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_answer_feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "unanswered_questions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    School = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Normalised = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NearestGuideId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Margin = table.Column<double>(type: "double precision", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    FirstAskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

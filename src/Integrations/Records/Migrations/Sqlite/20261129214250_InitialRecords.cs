using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearance.Integrations.Records.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OfficeId = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bindings",
                columns: table => new
                {
                    ConversationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BoundAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bindings", x => x.ConversationKey);
                });

            migrationBuilder.CreateTable(
                name: "reminder_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OccurrenceDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reminder_subscriptions",
                columns: table => new
                {
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Subscribed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_subscriptions", x => new { x.School, x.StudentId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "students",
                columns: table => new
                {
                    School = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Degree = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    GraduationType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Campus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    HasLoan = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnCampus = table.Column<bool>(type: "INTEGER", nullable: false),
                    PartyMember = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    WeComUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IdLast6Hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_students", x => new { x.School, x.StudentId });
                });

            migrationBuilder.CreateTable(
                name: "office_statuses",
                columns: table => new
                {
                    School = table.Column<string>(type: "TEXT", nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_statuses", x => new { x.School, x.StudentId, x.OfficeId });
                    table.ForeignKey(
                        name: "FK_office_statuses_students_School_StudentId",
                        columns: x => new { x.School, x.StudentId },
                        principalTable: "students",
                        principalColumns: new[] { "School", "StudentId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submissions",
                columns: table => new
                {
                    School = table.Column<string>(type: "TEXT", nullable: false),
                    StudentId = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submissions", x => new { x.School, x.StudentId });
                    table.ForeignKey(
                        name: "FK_submissions_students_School_StudentId",
                        columns: x => new { x.School, x.StudentId },
                        principalTable: "students",
                        principalColumns: new[] { "School", "StudentId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_School_StudentId",
                table: "audit_log",
                columns: new[] { "School", "StudentId" });

            migrationBuilder.CreateIndex(
                name: "IX_bindings_School_StudentId",
                table: "bindings",
                columns: new[] { "School", "StudentId" });

            migrationBuilder.CreateIndex(
                name: "IX_office_statuses_School_OfficeId_State",
                table: "office_statuses",
                columns: new[] { "School", "OfficeId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_reminder_deliveries_School_Kind_StudentId_OccurrenceDate",
                table: "reminder_deliveries",
                columns: new[] { "School", "Kind", "StudentId", "OccurrenceDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reminder_deliveries_School_Status",
                table: "reminder_deliveries",
                columns: new[] { "School", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_students_School_WeComUserId",
                table: "students",
                columns: new[] { "School", "WeComUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "bindings");

            migrationBuilder.DropTable(
                name: "office_statuses");

            migrationBuilder.DropTable(
                name: "reminder_deliveries");

            migrationBuilder.DropTable(
                name: "reminder_subscriptions");

            migrationBuilder.DropTable(
                name: "submissions");

            migrationBuilder.DropTable(
                name: "students");
        }
    }
}

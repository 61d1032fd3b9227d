using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearance.Integrations.Records.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReminderDeliveryAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "reminder_deliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "reminder_deliveries",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimToken",
                table: "reminder_deliveries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedAt",
                table: "reminder_deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Detail",
                table: "reminder_deliveries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageKey",
                table: "reminder_deliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NotBefore",
                table: "reminder_deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_reminder_deliveries_ClaimToken",
                table: "reminder_deliveries",
                column: "ClaimToken");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reminder_deliveries_ClaimToken",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "Account",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "MessageKey",
                table: "reminder_deliveries");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "reminder_deliveries");
        }
    }
}

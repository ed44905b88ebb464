// Package supervision holds the commands of supervision and equipment:
// custody (checkout, checkin, lost, custody), a recorder's state and clock,
// pre-use checks, violations, open items, the dashboard, the monthly
// report and the not-recorded work records. Each command is declared with
// cli.Declare in its file's init; its texts are in messages/, added by
// messages.go.
package supervision

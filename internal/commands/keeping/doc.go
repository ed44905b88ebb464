// Package keeping holds the commands of safekeeping (articles 14 and 18):
// verify, the integrity check, backup and restore, disk space, signed
// checkpoints, replication to an Object Lock bucket, cases and retention,
// and purging with tombstones. Each command is declared with cli.Declare
// in its file's init; its texts are in messages/, added by messages.go.
package keeping

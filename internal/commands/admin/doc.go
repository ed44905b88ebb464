// Package admin holds the commands that set a workstation up and keep its
// people and things registered: init (the first administrator and the
// service account), passwd, user, officer, device add|list and settings.
// Each command is declared with cli.Declare in its file's init; its texts
// are in messages/ (AREA-zh.json, AREA-en.json), added to the program's
// messages by messages.go. What may be done is decided by the core
// (store); the commands only present it.
package admin

// Command evidock is the enforcement audio/video workstation
// (执法音像采集工作站). With no arguments it opens the window; with a
// subcommand it runs the same core from the command line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"evidock/internal/cli"
	_ "evidock/internal/commands/admin"       // init, passwd, user, officer, device add|list, settings
	_ "evidock/internal/commands/keeping"     // verify, check, backup, restore, checkpoint, replicate, case, retention, purge
	_ "evidock/internal/commands/recordings"  // import, watch, recordings, ledger, timeline, the answers
	_ "evidock/internal/commands/supervision" // custody, equipment, violations, open items, reports
	_ "evidock/internal/commands/viewing"     // requests, play, register, classify, discs, forms
	"evidock/internal/localeenv"
)

func main() {
	localeenv.Restore()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&cli.Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, OwnProcess: true}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

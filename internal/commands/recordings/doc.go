// Package recordings holds the commands about recordings as they come in
// and what is known of them: import and watch (docking, through
// ingest/dock), recordings and ledger (the lists), timeline and the
// officer's answers to follow-up questions (explain, categorize,
// late-reason). Each command is declared with cli.Declare in its file's
// init; its texts are in messages/, added by messages.go.
package recordings

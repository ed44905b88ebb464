// Package viewing holds the commands of viewing and handing over
// recordings (articles 15 to 19): request, play, register and classify;
// evidence discs (export, exports, verify-disc); and the printed forms and
// cards (form, card). Each command is declared with cli.Declare in its
// file's init; its texts are in messages/, added by messages.go.
package viewing

package main

import (
	"evidock/app"
	"evidock/internal/cli"
)

// The window opens when evidock runs without a command: this program is
// the one place that imports it, so the packages of commands stay free of
// Fyne.
func init() { cli.DeclareWindow(app.Run) }

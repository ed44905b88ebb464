package main

import (
	"context"

	"evidock/app"
)

// runGUI opens the workstation window on the data folder.
func (m *Main) runGUI(ctx context.Context) int {
	if err := app.Run(ctx, m.dataDir); err != nil {
		return m.fail(err)
	}
	return ExitOK
}

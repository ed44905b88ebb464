package app

import (
	"testing"
	"time"

	"evidock/app/i18n"
	"evidock/app/shell"
)

// A recording's details never widen the window: shown beside the library
// in English (the longer words), they scroll and wrap inside their panel,
// so every page still fits a 1024 px screen (found by make screenshots:
// after a recording was selected every English page needed 1022 px).
func TestRecordingDetailsDoNotWidenTheWindow(t *testing.T) {
	ui, st := newTestUI(t)
	importAt(t, st, time.Now().Add(-time.Hour), "a recording to select", "R.MP4")
	login(t, ui)
	ui.SwitchLanguage(i18n.LangEN)
	ui.Show(shell.ScreenRecords + ".library")
	pump(t, ui, func() bool { return ui.lib != nil && len(ui.lib.table.Rows()) > 0 })
	before := ui.Win.Content().MinSize().Width
	ui.lib.table.Select(0)
	pump(t, ui, func() bool { return len(ui.lib.detail.Objects) > 1 })
	if after := ui.Win.Content().MinSize().Width; after > before+1 {
		t.Errorf("selecting a recording widened the window's minimum from %.0f to %.0f px", before, after)
	}
}

package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/app/i18n"
	"evidock/ingest"
	"evidock/ingest/dock"
	"evidock/store"
)

// The docking card's bar follows the import, and 停止导入 (after its
// confirmation) stops it: the card says it is stopping, then 已中断 with
// the reason and, in red, what is still only on the recorder.
func TestDockingCardStop(t *testing.T) {
	ui, st := newTestUI(t)
	if _, err := st.InitAdmin(context.Background(), "admin", "", adminPassword); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(nil)
	vol := "/media/usb/CAM-7"
	now := time.Now()
	for _, e := range []dock.Event{
		{Type: dock.VolumeSeen, Volume: vol, Time: now},
		{Type: dock.Recognised, Volume: vol, Serial: "CAM-7", Profile: "generic", Time: now},
		{Type: dock.ImportStarted, Volume: vol, Serial: "CAM-7", ImportID: "imp", Time: now},
		{Type: dock.Progress, Volume: vol, Serial: "CAM-7", Progress: &ingest.Progress{FilesDone: 1, FilesTotal: 4,
			BytesDone: 10 << 20, BytesTotal: 40 << 20, Rate: 5 << 20}},
	} {
		ui.HandleEvent(e)
	}
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil && ui.dock.cards[vol].bar.Value > 0 })
	cv := ui.dock.cards[vol]
	if cv.bar.Value != 0.25 {
		t.Errorf("bar at %.2f, want 0.25", cv.bar.Value)
	}
	test.Tap(findButton(t, ui, i18n.T("dock.stop")))
	if cv.stop.Hidden {
		t.Fatal("stopped without the confirmation")
	}
	confirm(t, ui)
	pump(t, ui, func() bool { return cv.stop.Hidden && strings.Contains(cv.status.Text, i18n.T("dock.status_stopping")) })

	ui.HandleEvent(dock.Event{Type: dock.Finished, Volume: vol, Serial: "CAM-7", ImportID: "imp",
		Result: &dock.Result{Status: store.StatusInterrupted, Reason: ingest.ReasonCancelled, Files: 4, New: 1,
			LeftOnRecorder: []string{"DCIM/B.mp4", "DCIM/C.mp4", "DCIM/D.mp4"}}})
	pump(t, ui, func() bool { return strings.Contains(cv.status.Text, i18n.T("dock.why_cancelled")) })
	if !strings.Contains(cv.status.Text, "已中断") || cv.safe.Visible() || !strings.Contains(cv.left.Text, "DCIM/D.mp4") {
		t.Errorf("after the stop: %q, safe %v, left %q", cv.status.Text, cv.safe.Visible(), cv.left.Text)
	}
}

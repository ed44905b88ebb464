package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/ingest"
	"evidock/ingest/dock"
	"evidock/store"
)

// The card appears from the docking service's events alone, within a
// second, and says who, how far, how fast, how long still; an interrupted
// import says 已中断 with the file and the reason, never 100 % nor 可以拔出,
// and lists in red what is still only on the recorder.
func TestDockingCardFromEventsAlone(t *testing.T) {
	ui, st := newTestUI(t)
	ctx := context.Background()
	admin, err := st.InitAdmin(ctx, "admin", "", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.AddOfficer(ctx, store.Officer{Number: "J5", Name: "王五"}); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(nil) // the names are read again
	vol := "/media/usb/CAM-5"
	now := time.Now()
	start := time.Now()
	ui.HandleEvent(dock.Event{Type: dock.VolumeSeen, Volume: vol, Time: now})
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil })
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the card took %v", d)
	}
	for _, e := range []dock.Event{
		{Type: dock.Recognised, Volume: vol, Serial: "CAM-5", Officer: "J5", Profile: "generic", Time: now},
		{Type: dock.ImportStarted, Volume: vol, Serial: "CAM-5", ImportID: "imp", Time: now},
		{Type: dock.Progress, Volume: vol, Serial: "CAM-5", Progress: &ingest.Progress{FilesDone: 1, FilesTotal: 3,
			BytesDone: 10 << 20, BytesTotal: 30 << 20, Rate: 5 << 20, Current: "20261128_093000.mp4"}},
	} {
		ui.HandleEvent(e)
	}
	cv := ui.dock.cards[vol]
	pump(t, ui, func() bool { return strings.Contains(cv.info.Text, "1/3") })
	for _, want := range []string{"王五", "J5"} {
		if !strings.Contains(cv.sub.Text, want) {
			t.Errorf("officer line %q lacks %q", cv.sub.Text, want)
		}
	}
	want := i18n.T("dock.progress", i18n.M{"Done": 1, "Total": 3, "BytesDone": i18n.Bytes(10 << 20), "BytesTotal": i18n.Bytes(30 << 20),
		"Speed": i18n.Bytes(5 << 20), "Left": i18n.Clock(4 * time.Second)})
	if cv.info.Text != want {
		t.Errorf("progress %q, want %q", cv.info.Text, want)
	}
	if cv.safe.Visible() || cv.stop.Hidden {
		t.Error("while importing: 可以拔出 shown, or no stop button")
	}

	ui.HandleEvent(dock.Event{Type: dock.Finished, Volume: vol, Serial: "CAM-5", Officer: "J5", ImportID: "imp",
		Result: &dock.Result{Status: store.StatusInterrupted, Reason: ingest.ReasonSourceGone, Files: 3, New: 1,
			LeftOnRecorder: []string{"20261128_100000.mp4", "20261128_110000.mp4"}}})
	pump(t, ui, func() bool {
		return cv.asked == PhaseFinished || strings.Contains(cv.status.Text, i18n.T("dock.why_source_gone"))
	})
	if !strings.Contains(cv.status.Text, "已中断") || !strings.Contains(cv.status.Text, "20261128_093000.mp4") ||
		!strings.Contains(cv.status.Text, i18n.T("dock.why_source_gone")) {
		t.Errorf("interrupted status %q", cv.status.Text)
	}
	if cv.bar.Value >= 1 {
		t.Errorf("an interrupted import shows %.0f%%", cv.bar.Value*100)
	}
	if cv.safe.Visible() {
		t.Error("可以拔出 shown for an interrupted import")
	}
	if !cv.left.Visible() || cv.left.Importance != widget.DangerImportance || !strings.Contains(cv.left.Text, "20261128_110000.mp4") {
		t.Errorf("what is left on the recorder: %q (shown %v)", cv.left.Text, cv.left.Visible())
	}

	// Docked again, the rest comes in: 可以拔出, in green, and no red list.
	vol2 := "/media/usb/CAM-5b"
	for _, e := range []dock.Event{
		{Type: dock.VolumeSeen, Volume: vol2, Time: now},
		{Type: dock.Recognised, Volume: vol2, Serial: "CAM-5", Officer: "J5", Profile: "generic", Time: now},
		{Type: dock.Finished, Volume: vol2, Serial: "CAM-5", Officer: "J5", ImportID: "imp2",
			Result: &dock.Result{Status: store.StatusComplete, Files: 3, New: 2, Duplicates: 1, SafeToPull: true}},
	} {
		ui.HandleEvent(e)
	}
	pump(t, ui, func() bool { return ui.dock.cards[vol2] != nil && ui.dock.cards[vol2].safe.Visible() })
	c2 := ui.dock.cards[vol2]
	if c2.left.Visible() || c2.safe.Color != safeGreen || c2.bar.Value != 1 {
		t.Errorf("safe card: red list %v, colour %v, bar %.2f", c2.left.Visible(), c2.safe.Color, c2.bar.Value)
	}
}

package app

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"evidock/app/daychart"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/ingest"
	"evidock/records"
	"evidock/store"
)

// A fixture day: a bar per recording and per interruption, where their
// times fall on the 00:00–24:00 axis; tapping a gap offers its
// explanation, tapping a recording names it.
func TestTimelineDrawsTheDay(t *testing.T) {
	ui, _ := newTestUI(t)
	login(t, ui)
	ui.Show(shell.ScreenRecords + ".timeline")
	pump(t, ui, func() bool { return ui.timeline != nil })
	at := func(h, m int) time.Time { return time.Date(2025, 3, 5, h, m, 0, 0, time.Local) }
	clip := func(name string, from time.Time, d time.Duration) followups.Clip {
		return followups.Clip{RecordingID: "rec-" + name, Name: name, Start: from, Duration: d, Officer: "J7", Kind: "video"}
	}
	tl := followups.Timeline{DeviceID: "CAM-7", Day: "2025-03-05",
		Clips: []followups.Clip{clip("A.MP4", at(8, 0), 30*time.Minute), clip("B.JPG", at(9, 0), 0),
			clip("C.MP4", at(23, 50), 20*time.Minute)}, // past midnight
		Gaps: []followups.Gap{{ID: 1, DeviceID: "CAM-7", Day: "2025-03-05", From: at(8, 30), To: at(9, 0)},
			{ID: 2, DeviceID: "CAM-7", Day: "2025-03-05", From: at(9, 0), To: at(23, 50), Explained: true, Reason: "battery"}},
		Start: at(8, 0), End: at(24, 10)}
	v := ui.timeline
	v.fill(tl)
	pump(t, ui, func() bool { return true })
	c := v.chart
	r := test.WidgetRenderer(c).(*daychart.Renderer)
	if len(r.ClipRects) != 3 || len(r.GapRects) != 2 {
		t.Fatalf("%d recording bars and %d gap bars, want 3 and 2", len(r.ClipRects), len(r.GapRects))
	}
	w := c.Size().Width
	if w < 480 {
		t.Fatalf("the chart is %v px wide", w)
	}
	axis := w - 2*daychart.Pad
	x := func(h float32) float32 { return daychart.Pad + axis*h/24 }
	for i, want := range [][2]float32{{x(8), x(8.5)}, {x(9) - daychart.MinBar/2.0, x(9) + daychart.MinBar/2.0}, {x(23 + 50.0/60), x(24)}} {
		got := r.ClipRects[i]
		if !near(got.Position().X, want[0]) || !near(got.Position().X+got.Size().Width, want[1]) || got.FillColor != daychart.ClipColor {
			t.Errorf("recording %d: %v + %v, want %v", i, got.Position(), got.Size(), want)
		}
	}
	for i, want := range []struct {
		x0, x1 float32
		col    any
	}{{x(8.5), x(9), daychart.GapOpenColor}, {x(9), x(23 + 50.0/60), daychart.GapToldColor}} {
		got := r.GapRects[i]
		if !near(got.Position().X, want.x0) || !near(got.Position().X+got.Size().Width, want.x1) || got.FillColor != want.col {
			t.Errorf("gap %d: %v + %v %v, want %v–%v %v", i, got.Position(), got.Size(), got.FillColor, want.x0, want.x1, want.col)
		}
	}
	if len(r.Labels) != 25 || r.Labels[0].Text != "00:00" || r.Labels[24].Text != "24:00" || r.Labels[13].Text != "13:00" {
		t.Errorf("%d hour labels", len(r.Labels))
	}
	if !hasText(ui, i18n.T("tl.past_midnight", i18n.M{"End": i18n.When(at(24, 10))})) {
		t.Error("the summary does not say the shift goes past midnight")
	}
	mid := func(rect fyne.CanvasObject) *fyne.PointEvent {
		return &fyne.PointEvent{Position: fyne.NewPos(rect.Position().X+rect.Size().Width/2, daychart.TrackTop+daychart.TrackHeight/2)}
	}
	c.Tapped(mid(r.GapRects[0]))
	pump(t, ui, func() bool { return true })
	if c.Selected != 3 || r.Selection.Hidden {
		t.Errorf("tapping the open gap selected bar %d", c.Selected)
	}
	findButton(t, ui, i18n.Reason("battery")) // the gap's explanation is offered
	if !hasText(ui, i18n.T("tl.chosen_gap")) {
		t.Error("the chosen gap is not named")
	}
	c.Tapped(mid(r.ClipRects[1])) // the zero-length photo
	pump(t, ui, func() bool { return true })
	if c.Selected != 1 || !hasText(ui, "B.JPG") {
		t.Errorf("tapping the photo selected bar %d", c.Selected)
	}
}

// The 督查 chart: a group per officer of the dashboard, named by name,
// its bars as high as the core's counts say.
func TestDashboardChartByOfficer(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	for i, n := range []int{4, 1, 2} {
		num := fmt.Sprintf("J%d", i+1)
		if err := admin.AddOfficer(ctx, store.Officer{Number: num, Name: fmt.Sprintf("警员%d", i+1)}); err != nil {
			t.Fatal(err)
		}
		src := t.TempDir()
		for k := range n {
			os.WriteFile(filepath.Join(src, fmt.Sprintf("%s_%d.MP4", num, k)), []byte(num+fmt.Sprint(k)), 0o644)
		}
		if _, err := ingest.ImportDir(ctx, st.Workstation(), src, records.ImportSpec{DeviceID: "CAM-" + num, OfficerID: num}, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ui.SetSession(addUser(t, admin, "sup", "", store.RoleSupervisor))
	ui.ReloadPeople()
	ui.Show(shell.ScreenSupervise + ".overview")
	pump(t, ui, func() bool { return ui.dash != nil && len(ui.dash.Chart.Bars) > 0 })
	if len(ui.dash.Dash.Officers) != 3 {
		t.Fatalf("dashboard rows %+v", ui.dash.Dash.Officers)
	}
	pump(t, ui, func() bool { return true })
	c := ui.dash.Chart
	rows := ui.dash.Dash.Officers
	unit := float32(-1) // pixels per count, the same for every bar
	for i, row := range rows {
		if c.Names[i].Text != ui.OfficerName(row.Officer) && c.Names[i].Text != row.Name {
			t.Errorf("group %d is named %q, want %q", i, c.Names[i].Text, ui.OfficerName(row.Officer))
		}
		for s, n := range []int{row.Recordings, row.Open} {
			h := c.Bars[i][s].Size().Height
			if n == 0 {
				if h != 0 {
					t.Errorf("%s series %d: %v px for 0", row.Officer, s, h)
				}
				continue
			}
			if unit < 0 {
				unit = h / float32(n)
			}
			if !near(h, unit*float32(n)) {
				t.Errorf("%s series %d: %v px for %d, want %v", row.Officer, s, h, n, unit*float32(n))
			}
		}
	}
	if unit <= 0 {
		t.Fatalf("no bar has a height: %+v", rows)
	}
	if rows[0].Recordings != 4 || rows[0].Open < 1 || c.Bars[0][0].FillColor != shell.ColorImports || c.Bars[0][1].FillColor != shell.ColorOpen {
		t.Errorf("J1: %+v", rows[0])
	}
}

// near says two positions are the same to a hundredth of a pixel.
func near(a, b float32) bool { return math.Abs(float64(a-b)) < 0.01 }

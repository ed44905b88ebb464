package app

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"evidock/store"
)

// screenshots saves every screen in both languages as PNG files in dir
// (login-zh.png, dock-zh.png, library-zh.png, timeline-zh.png,
// ledger-zh.png, settings-zh.png and the same with -en), then quits. It
// drives the real window as a person would, through the bridge.
func (ui *UI) screenshots(dir string) {
	defer ui.bridge.Do(ui.App.Quit)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fyne.LogError("screenshots", err)
		return
	}
	pause := func(d time.Duration) { time.Sleep(d) }
	on := func(fn func()) { fyne.DoAndWait(fn) }
	shoot := func(name string) {
		// A screen shown before may have grown the window; it does not
		// shrink by itself, and a window larger than the screen cannot be
		// captured.
		on(func() { ui.Win.Resize(fyne.NewSize(1180, 760)) })
		pause(1200 * time.Millisecond)
		file := filepath.Join(dir, name+"-"+Language()+".png")
		var size fyne.Size
		on(func() { size = ui.Win.Canvas().Size() })
		if grabScreen(file, int(size.Width), int(size.Height)) {
			return
		}
		var img image.Image
		on(func() { img = ui.Win.Canvas().Capture() })
		if blank(img) {
			// Under Xvfb the canvas capture is blank; a blank picture in the
			// README is worse than none, so the run fails instead.
			fyne.LogError("screenshots: "+file, errors.New("the screen could not be captured"))
			ui.shotsFailed.Add(1)
			return
		}
		f, err := os.Create(file)
		if err == nil {
			err = png.Encode(f, img)
			f.Close()
		}
		if err != nil {
			fyne.LogError("screenshots", err)
		}
	}
	pause(2 * time.Second)
	for _, code := range []string{LangZH, LangEN} {
		on(func() {
			ui.SetSession(nil)
			ui.SwitchLanguage(code)
			ui.tabs.SelectIndex(TabLibrary)
		})
		shoot("login")
		if ui.opts.Login != "" {
			sess, err := ui.st.Login(ui.ctx, ui.opts.Login, ui.opts.Password)
			if err != nil {
				fyne.LogError("screenshots: login", err)
				return
			}
			on(func() { ui.SetSession(sess) })
		}
		on(func() { ui.tabs.SelectIndex(TabDock) })
		shoot("dock")
		on(func() {
			ui.tabs.SelectIndex(TabLibrary)
			if ui.lib != nil {
				ui.lib.Search()
			}
		})
		pause(time.Second)
		on(func() {
			if ui.lib != nil && ui.lib.Total() > 0 {
				// The details of a recording whose times disagree show the most.
				pick := 0
				for i, r := range ui.lib.pages[0] {
					if slices.Contains(r.Flags, store.FlagTimeConflict) {
						pick = i
						break
					}
				}
				ui.lib.list.Select(pick)
			}
		})
		shoot("library")
		on(func() { ui.showTimelineOfFirst() })
		shoot("timeline")
		on(func() {
			ui.tabs.SelectIndex(TabLedger)
			if ui.ledger != nil && ui.ledger.verifyBt.Visible() {
				ui.ledger.Verify()
			}
		})
		pause(2 * time.Second)
		shoot("ledger")
		on(func() { ui.tabs.SelectIndex(TabSettings) })
		shoot("settings")
		ui.viewingScreenshots(shoot, on, pause)
		ui.areaScreenshots(shoot, on, pause) // 督查 and 保管 (areas_shots.go)
	}
	if ui.shotsFailed.Load() == 0 {
		fmt.Println("screenshots saved in", dir)
	}
}

// showTimelineOfFirst opens the timeline of the recorder and day of the
// library's first result that has a gap, or of its first result.
func (ui *UI) showTimelineOfFirst() {
	if ui.lib == nil || ui.timeline == nil {
		return
	}
	if tabs, ok := ui.tabs.Items[TabLibrary].Content.(*container.AppTabs); ok {
		tabs.SelectIndex(1)
	}
	rows := ui.lib.pages[0]
	if len(rows) == 0 {
		return
	}
	// A day that shows the most: a time conflict, else an open gap.
	pick := rows[0]
	score := func(r store.Recording) int {
		switch {
		case slices.Contains(r.Flags, store.FlagTimeConflict):
			return 2
		case slices.Contains(r.Flags, store.FlagUnexplainedGap):
			return 1
		}
		return 0
	}
	for _, r := range rows {
		if score(r) > score(pick) {
			pick = r
		}
	}
	ui.timeline.day.SetText(pick.ShiftDay)
	ui.timeline.device.SetSelected(pick.DeviceID)
	ui.timeline.Show()
}

// grabScreen saves the X display as a PNG with ffmpeg (under Xvfb the
// canvas capture can come back blank); false when it cannot.
func grabScreen(file string, w, h int) bool {
	disp := os.Getenv("DISPLAY")
	ffmpeg, err := exec.LookPath("ffmpeg")
	if disp == "" || err != nil {
		return false
	}
	out, err := exec.Command(ffmpeg, "-loglevel", "error", "-y", "-f", "x11grab", "-video_size", fmt.Sprintf("%dx%d", w, h), "-i", disp, "-frames:v", "1", file).CombinedOutput()
	if err != nil {
		fyne.LogError("screenshots: ffmpeg: "+string(out), err)
		return false
	}
	return true
}

// blank reports whether img is one colour throughout (or missing).
func blank(img image.Image) bool {
	if img == nil {
		return true
	}
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, a0 := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

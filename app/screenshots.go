package app

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
)

// screenshots saves every screen and page in both languages as PNG files
// in dir (login-zh.png, dock-zh.png, library-zh.png, … and the
// same with -en), at the window's default size, then quits. It drives the
// real window as a person would, through the bridge.
func (ui *UI) screenshots(dir string) {
	defer ui.Bridge().Do(ui.App.Quit)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fyne.LogError("screenshots", err)
		ui.shotsFailed.Add(1)
		return
	}
	on := func(fn func()) { fyne.DoAndWait(fn) }
	shoot := func(name string) {
		// A screen shown before may have grown the window; it does not
		// shrink by itself.
		on(func() { ui.Win.Resize(DefaultSize) })
		time.Sleep(1200 * time.Millisecond)
		file := filepath.Join(dir, name+"-"+Language()+".png")
		var size fyne.Size
		on(func() { size = ui.Win.Canvas().Size() })
		if grabScreen(file, int(size.Width), int(size.Height)) {
			return
		}
		var need fyne.Size
		on(func() { need = ui.Win.Content().MinSize() })
		fyne.LogError(fmt.Sprintf("screenshots: %s: window %.0f×%.0f, content needs %.0f×%.0f", file, size.Width, size.Height, need.Width, need.Height), nil)
		var img image.Image
		on(func() { img = ui.Win.Canvas().Capture() })
		if blank(img) {
			// Under Xvfb the canvas capture can be blank; a blank picture in
			// the README is worse than none, so the run fails instead.
			fyne.LogError("screenshots: "+file, errors.New("the screen could not be captured"))
			ui.shotsFailed.Add(1)
			return
		}
		f, err := os.Create(file)
		if err == nil {
			err = png.Encode(f, img)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fyne.LogError("screenshots", err)
			ui.shotsFailed.Add(1)
		}
	}
	time.Sleep(2 * time.Second)
	for _, code := range []string{LangZH, LangEN} {
		on(func() {
			ui.SetSession(nil)
			ui.SwitchLanguage(code)
			ui.Show(ScreenRecords)
		})
		shoot("login")
		if ui.opts.Login != "" {
			sess, err := ui.Store().Login(ui.Context(), ui.opts.Login, ui.opts.Password)
			if err != nil {
				fyne.LogError("screenshots: login", err)
				ui.shotsFailed.Add(1)
				return
			}
			on(func() { ui.SetSession(sess) })
		}
		var ids []string
		on(func() {
			for _, s := range ui.screenList {
				if len(s.pages) == 1 {
					ids = append(ids, s.id)
					continue
				}
				for _, p := range s.pages {
					ids = append(ids, s.id+"."+p.id)
				}
			}
		})
		for _, id := range ids {
			on(func() { ui.Show(id) })
			time.Sleep(500 * time.Millisecond) // the page's query
			on(func() {
				if id == ScreenRecords+".library" && ui.lib != nil && len(ui.lib.table.Rows()) > 0 {
					ui.lib.table.Select(0) // a recording's details
				}
			})
			shoot(shotName(id))
		}
	}
	if ui.shotsFailed.Load() == 0 {
		fmt.Println("screenshots saved in", dir)
	}
}

// shotName is a page's file name: the page's id (dock, library, timeline,
// …), under the names the README shows for a few.
func shotName(id string) string {
	if _, page, ok := strings.Cut(id, "."); ok {
		id = page
	}
	switch id {
	case "inbox":
		return "approvals"
	case "mine":
		return "requests"
	case "make", "discs":
		return "export"
	case "overview":
		return "supervise"
	}
	return id
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
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
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

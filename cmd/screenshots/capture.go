package main

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

	"evidock/app"
	"evidock/app/i18n"
)

// shoot saves the window as <name>-<language>.png, at the window's
// default size: from the X display (ffmpeg) where it can, else the
// canvas; a blank picture counts as a failure.
func (s *shooter) shoot(name string) {
	// A page shown before may have grown the window; it does not shrink
	// by itself.
	on(func() { s.ui.Win.Resize(app.DefaultSize) })
	time.Sleep(1200 * time.Millisecond)
	file := filepath.Join(s.out, name+"-"+i18n.Language()+".png")
	var size fyne.Size
	on(func() { size = s.ui.Win.Canvas().Size() })
	if grabScreen(file, int(size.Width), int(size.Height)) {
		return
	}
	var need fyne.Size
	on(func() { need = s.ui.Win.Content().MinSize() })
	fyne.LogError(fmt.Sprintf("screenshots: %s: window %.0f×%.0f, content needs %.0f×%.0f", file, size.Width, size.Height, need.Width, need.Height), nil)
	var img image.Image
	on(func() { img = s.ui.Win.Canvas().Capture() })
	if blank(img) {
		// Under Xvfb the canvas capture can be blank; a blank picture in
		// the README is worse than none, so the run fails instead.
		s.fail(file, errors.New("the screen could not be captured"))
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
		s.fail(file, err)
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

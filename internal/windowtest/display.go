package windowtest

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Display is a virtual X display (Xvfb) of one screen.
type Display struct {
	Name          string // for DISPLAY, such as ":3"
	Width, Height int
}

// RequireTools skips the test unless every named program is on PATH (make
// test installs them through the Makefile's DEB_PACKAGES).
func RequireTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("windowtest: %s is not installed (make test installs it: see DEB_PACKAGES in the Makefile)", n)
		}
	}
}

// StartXvfb starts Xvfb with one screen of w×h pixels at 24 bits on a
// display it picks itself (-displayfd), so that tests running at the same
// time never share one. The server is stopped in t.Cleanup.
func StartXvfb(t testing.TB, w, h int) *Display {
	t.Helper()
	RequireTools(t, "Xvfb")
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var log bytes.Buffer
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h),
		"-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{wr} // fd 3
	cmd.Stdout, cmd.Stderr = &log, &log
	// Should the test binary die without its cleanups, the server dies too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		wr.Close()
		t.Fatalf("windowtest: start Xvfb: %v", err)
	}
	wr.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { stop(cmd.Process, exited, 5*time.Second) })

	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if _, err := strconv.Atoi(n); err != nil {
			<-exited
			t.Fatalf("windowtest: Xvfb did not say its display (%q): %s", n, log.String())
		}
		return &Display{Name: ":" + n, Width: w, Height: h}
	case <-time.After(20 * time.Second):
		t.Fatalf("windowtest: Xvfb did not start within 20 s")
	}
	return nil
}

// stop sends SIGTERM to p and SIGKILL when it has not exited (exited
// closed) within grace; it returns once p has exited.
func stop(p *os.Process, exited <-chan struct{}, grace time.Duration) {
	p.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		p.Kill()
		<-exited
	}
}

// Screenshot grabs the whole display, without the mouse pointer, with
// ffmpeg's x11grab into the PNG file path and returns the image.
func (d *Display) Screenshot(t testing.TB, path string) image.Image {
	t.Helper()
	RequireTools(t, "ffmpeg")
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "0",
		"-video_size", fmt.Sprintf("%dx%d", d.Width, d.Height), "-i", d.Name, "-frames:v", "1", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("windowtest: ffmpeg x11grab %s: %v\n%s", d.Name, err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("windowtest: screenshot %s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != d.Width || b.Dy() != d.Height {
		t.Fatalf("windowtest: screenshot %s is %v, the display is %d×%d", path, b, d.Width, d.Height)
	}
	return img
}

// Window is a window on the display, where it is on the screen.
type Window struct {
	ID, Name string
	Rect     image.Rectangle // absolute, in screen pixels
}

// xwininfoLine is one window of `xwininfo -root -tree`:
//
//	0x200020 "title": ("class" "class")  1000x690+0+0  +0+0
var xwininfoLine = regexp.MustCompile(`^\s*(0x[0-9a-f]+) "(.*?)": .*\s(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$`)

// Windows lists the named windows on the display (xwininfo -root -tree).
func (d *Display) Windows() ([]Window, error) {
	cmd := exec.Command("xwininfo", "-display", d.Name, "-root", "-tree")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("xwininfo: %w: %s", err, out)
	}
	var ws []Window
	for _, line := range strings.Split(string(out), "\n") {
		m := xwininfoLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n := make([]int, 4)
		for i := range n {
			n[i], _ = strconv.Atoi(m[3+i])
		}
		ws = append(ws, Window{ID: m[1], Name: m[2], Rect: image.Rect(n[2], n[3], n[2]+n[0], n[3]+n[1])})
	}
	return ws, nil
}

// WaitWindow waits until a window named name, larger than a pixel, is on
// the display and returns it; alive is asked between tries and says why
// waiting is pointless (the program died), or nil.
func (d *Display) WaitWindow(t testing.TB, name string, timeout time.Duration, alive func() error) Window {
	t.Helper()
	RequireTools(t, "xwininfo")
	deadline := time.Now().Add(timeout)
	var last []Window
	for {
		ws, err := d.Windows()
		if err != nil {
			t.Fatalf("windowtest: %v", err)
		}
		for _, w := range ws {
			if w.Name == name && w.Rect.Dx() > 1 && w.Rect.Dy() > 1 {
				return w
			}
		}
		last = ws
		if err := alive(); err != nil {
			t.Fatalf("windowtest: waiting for window %q: %v", name, err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("windowtest: no window %q on %s within %v; windows: %+v", name, d.Name, timeout, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Diff counts the pixels of r whose colours differ between a and b.
func Diff(a, b image.Image, r image.Rectangle) int {
	ra, rb := rgba(a), rgba(b)
	n := 0
	r = r.Intersect(ra.Rect).Intersect(rb.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		pa, pb := ra.Pix[ra.PixOffset(r.Min.X, y):ra.PixOffset(r.Max.X, y)], rb.Pix[rb.PixOffset(r.Min.X, y):rb.PixOffset(r.Max.X, y)]
		for i := 0; i < len(pa); i += 4 {
			if pa[i] != pb[i] || pa[i+1] != pb[i+1] || pa[i+2] != pb[i+2] || pa[i+3] != pb[i+3] {
				n++
			}
		}
	}
	return n
}

// Colours counts the distinct colours in r of img: 1 for a plain area.
func Colours(img image.Image, r image.Rectangle) int {
	m := rgba(img)
	seen := map[[4]uint8]bool{}
	r = r.Intersect(m.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		p := m.Pix[m.PixOffset(r.Min.X, y):m.PixOffset(r.Max.X, y)]
		for i := 0; i < len(p); i += 4 {
			seen[[4]uint8(p[i:i+4])] = true
		}
	}
	return len(seen)
}

// Count counts the pixels in r of img of the opaque colour c.
func Count(img image.Image, r image.Rectangle, c color.RGBA) int {
	m := rgba(img)
	n := 0
	r = r.Intersect(m.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		p := m.Pix[m.PixOffset(r.Min.X, y):m.PixOffset(r.Max.X, y)]
		for i := 0; i < len(p); i += 4 {
			if p[i] == c.R && p[i+1] == c.G && p[i+2] == c.B && p[i+3] == c.A {
				n++
			}
		}
	}
	return n
}

// rgba is img as 8-bit RGBA pixels (what the PNG decoder gives for
// ffmpeg's screenshots; anything else is converted).
func rgba(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	m := image.NewRGBA(img.Bounds())
	draw.Draw(m, m.Rect, img, m.Rect.Min, draw.Src)
	return m
}

// Resize asks the X server to make the window w×h (xdotool windowsize: a
// request to the server, no input event) and waits until it is that size.
func (d *Display) Resize(t testing.TB, win Window, w, h int) Window {
	t.Helper()
	RequireTools(t, "xdotool")
	cmd := exec.Command("xdotool", "windowsize", win.ID, strconv.Itoa(w), strconv.Itoa(h))
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("windowtest: xdotool windowsize: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		ws, err := d.Windows()
		if err != nil {
			t.Fatalf("windowtest: %v", err)
		}
		for _, x := range ws {
			if x.ID == win.ID && x.Rect.Dx() == w && x.Rect.Dy() == h {
				return x
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("windowtest: window %s did not become %d×%d within 20 s: %+v", win.ID, w, h, ws)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Package pdfcheck reads the PDFs evidock writes back in tests with the
// poppler tools: their text with pdftotext, their page count with pdfinfo,
// and every page rendered to PNG with pdftoppm and checked not to be blank.
//
// With $EVIDOCK_PDF_DIR set, the PDFs and their PNGs are kept there for a
// person to look at.
package pdfcheck

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Need skips the test when the poppler tools are not installed (make deps
// installs them).
func Need(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdftoppm", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (poppler-utils)", tool)
		}
	}
}

// Doc is a PDF written to a file for the tools.
type Doc struct {
	Path  string
	Text  string // pdftotext's text of every page
	Pages int
	PNGs  []string // one per page
}

// Check writes pdf to a file named name, reads its text and page count, and
// renders every page at 60 dpi; a page that is blank, an unreadable PDF or
// one without text fails the test.
func Check(t testing.TB, name string, pdf []byte) Doc {
	t.Helper()
	Need(t)
	dir := t.TempDir()
	if keep := os.Getenv("EVIDOCK_PDF_DIR"); keep != "" {
		dir = keep
		os.MkdirAll(dir, 0o755)
	}
	d := Doc{Path: filepath.Join(dir, name)}
	if err := os.WriteFile(d.Path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	d.Text = run(t, "pdftotext", "-enc", "UTF-8", d.Path, "-")
	if strings.TrimSpace(d.Text) == "" {
		t.Fatalf("%s: pdftotext finds no text", name)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", d.Path))
	if m == nil {
		t.Fatalf("%s: pdfinfo gives no page count", name)
	}
	d.Pages, _ = strconv.Atoi(m[1])
	prefix := strings.TrimSuffix(d.Path, filepath.Ext(d.Path))
	run(t, "pdftoppm", "-png", "-r", "60", d.Path, prefix)
	d.PNGs, _ = filepath.Glob(prefix + "-*.png")
	if len(d.PNGs) != d.Pages {
		t.Fatalf("%s: %d pages but pdftoppm made %d PNGs", name, d.Pages, len(d.PNGs))
	}
	for _, p := range d.PNGs {
		if ink := Ink(t, p); ink < 0.002 {
			t.Errorf("%s: page %s is blank (%.4f of it inked)", name, filepath.Base(p), ink)
		}
	}
	return d
}

// Ink is the share of a PNG's pixels that are darker than light grey: 0 for
// a blank page.
func Ink(t testing.TB, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ink(img)
}

func ink(img image.Image) float64 {
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x9000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

// Contains fails the test for each of want that the document's text lacks,
// comparing without the spaces and line breaks pdftotext puts between
// characters of set text.
func (d Doc) Contains(t testing.TB, want ...string) {
	t.Helper()
	flat := Flat(d.Text)
	for _, w := range want {
		if !strings.Contains(flat, Flat(w)) {
			t.Errorf("%s: the text lacks %q", filepath.Base(d.Path), w)
		}
	}
}

// Flat is s without white space.
func Flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v %s", name, strings.Join(args, " "), err, msg)
	}
	return string(out)
}

// String describes the document for failure messages.
func (d Doc) String() string { return fmt.Sprintf("%s (%d pages)", d.Path, d.Pages) }

package export

import (
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// The CJK font (Droid Sans Fallback) has no Latin glyphs, not even digits, so
// text is drawn in runs: characters below U+0100 in Helvetica (a standard
// PDF font, WinAnsi encoding), everything else in the CJK font. Hashes use
// Courier throughout.
const latinFont = "Helvetica"

// textRun is a piece of a line drawn in one font.
type textRun struct {
	text  string
	latin bool
}

func isLatin(r rune) bool { return r < 0x100 }

// runs splits s where it changes between Latin and CJK text.
func runs(s string) []textRun {
	var out []textRun
	for _, r := range s {
		l := isLatin(r)
		if n := len(out); n > 0 && out[n-1].latin == l {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, textRun{text: string(r), latin: l})
	}
	return out
}

// typesetter measures and draws mixed Latin and CJK text at one size.
type typesetter struct {
	pdf  *fpdf.Fpdf
	tr   func(string) string // UTF-8 to WinAnsi for the Latin font
	size float64
	mono bool
}

func newTypesetter(pdf *fpdf.Fpdf) *typesetter {
	return &typesetter{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), size: 10}
}

// with returns a copy that sets text at size, in Courier if mono.
func (t *typesetter) with(size float64, mono bool) *typesetter {
	c := *t
	c.size, c.mono = size, mono
	return &c
}

func (t *typesetter) setFont(r textRun) string {
	switch {
	case t.mono:
		t.pdf.SetFont(monoFont, "", t.size)
		return t.tr(r.text)
	case r.latin:
		t.pdf.SetFont(latinFont, "", t.size)
		return t.tr(r.text)
	}
	t.pdf.SetFont(cjkFont, "", t.size)
	return r.text
}

// width returns the width of s in millimetres.
func (t *typesetter) width(s string) float64 {
	w := 0.0
	for _, r := range runs(s) {
		w += t.pdf.GetStringWidth(t.setFont(r))
	}
	return w
}

// wrap breaks s into lines no wider than w: after spaces and between CJK
// characters where possible, anywhere inside a word too long for a line.
func (t *typesetter) wrap(s string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, t.wrapPara(para, w)...)
	}
	return lines
}

func (t *typesetter) wrapPara(s string, w float64) []string {
	rs := []rune(s)
	var lines []string
	start, brk := 0, -1 // brk: index after which the line may end
	for i := 0; i < len(rs); i++ {
		if t.width(string(rs[start:i+1])) > w && i > start {
			end := i
			if brk >= start {
				end = brk + 1
			}
			lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
			start, brk = end, -1
			for start < len(rs) && rs[start] == ' ' {
				start++
			}
			i = start - 1
			continue
		}
		if unicode.IsSpace(rs[i]) || !isLatin(rs[i]) || (i+1 < len(rs) && !isLatin(rs[i+1])) {
			brk = i
		}
	}
	return append(lines, string(rs[start:]))
}

// line draws s on one line in a box of width w and height h at the current
// position, aligned "L", "C" or "R", and moves right past the box.
func (t *typesetter) line(s string, w, h float64, align string) {
	x, y := t.pdf.GetXY()
	tw := t.width(s)
	pad := t.pdf.GetCellMargin()
	cx := x + pad
	switch align {
	case "C":
		cx = x + (w-tw)/2
	case "R":
		cx = x + w - pad - tw
	}
	for _, r := range runs(s) {
		txt := t.setFont(r)
		rw := t.pdf.GetStringWidth(txt)
		t.pdf.SetXY(cx, y)
		t.pdf.CellFormat(rw, h, txt, "", 0, "L", false, 0, "")
		cx += rw
	}
	t.pdf.SetXY(x+w, y)
}

// para draws s wrapped to the body width, breaking pages between lines.
func (t *typesetter) para(s string, h float64) {
	for _, l := range t.wrap(s, bodyWidth-2*t.pdf.GetCellMargin()) {
		if needPage(t.pdf, h) {
			t.pdf.AddPage()
		}
		t.pdf.SetX(pageMargin)
		t.line(l, bodyWidth, h, "L")
		t.pdf.Ln(h)
	}
}

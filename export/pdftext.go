package export

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// The CJK font (Droid Sans Fallback) has no Latin glyphs, not even digits, so
// text is drawn in runs: characters below U+0100 in Helvetica (a standard
// PDF font, WinAnsi encoding), everything else in the CJK font. Hashes use
// Courier throughout.
const latinFont = "Helvetica"

// printable replaces what fpdf cannot draw: it handles only the Basic
// Multilingual Plane (and panics beyond it), so rarer ideographs such as
// U+20BB7 are written as "[U+20BB7]".
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xffff }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r > 0xffff {
			fmt.Fprintf(&b, "[U+%X]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

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
	pdf    *fpdf.Fpdf
	tr     func(string) string // UTF-8 to WinAnsi for the Latin font
	size   float64
	mono   bool
	widths map[widthKey]float64 // rune widths at size 1, shared by copies
}

type widthKey struct {
	r    rune
	mono bool
}

func newTypesetter(pdf *fpdf.Fpdf) *typesetter {
	return &typesetter{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), size: 10, widths: map[widthKey]float64{}}
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
	for _, r := range s {
		w += t.runeWidth(r)
	}
	return w
}

// runeWidth returns the advance of r in millimetres; fpdf does not kern, so
// a string's width is the sum of its runes'.
func (t *typesetter) runeWidth(r rune) float64 {
	k := widthKey{r, t.mono}
	w, ok := t.widths[k]
	if !ok {
		c := *t
		c.size = 1
		w = t.pdf.GetStringWidth(c.setFont(textRun{text: string(r), latin: isLatin(r)}))
		t.widths[k] = w
	}
	return w * t.size
}

// wrap breaks s into lines no wider than w: after spaces and between CJK
// characters where possible, anywhere inside a word too long for a line.
func (t *typesetter) wrap(s string, w float64) []string {
	s = printable(s)
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
	lw := 0.0           // width of rs[start:i]
	for i := 0; i < len(rs); i++ {
		lw += t.runeWidth(rs[i])
		if lw > w && i > start {
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
			lw = 0
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
	s = printable(s)
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

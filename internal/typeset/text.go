package typeset

import (
	"fmt"
	"strings"
	"unicode"
)

// Font is how a piece of text is set.
type Font struct {
	Size float64 // points
	Mono bool    // Courier throughout, for hashes
}

// Fonts of the Latin runs.
const (
	latinFont = "Helvetica"
	monoFont  = "Courier"
)

// winAnsiExtra are characters above U+00FF that Helvetica's WinAnsi
// encoding has and the CJK font lacks (the em dash of an unknown time).
const winAnsiExtra = "—–‘’“”…•€"

// noLineStart are the characters Chinese typesetting never begins a line
// with.
const noLineStart = "，。、；：？！）」』】》〉”’…·,.;:!?)]}%"

// isWord reports whether r is part of a Latin word or number.
func isWord(r rune) bool { return r < 0x100 && !unicode.IsSpace(r) }

// isLatin reports whether r is drawn in the Latin font.
func isLatin(r rune) bool { return r < 0x100 || strings.ContainsRune(winAnsiExtra, r) }

// Printable replaces what fpdf cannot draw: it handles only the Basic
// Multilingual Plane (and panics beyond it), so rarer ideographs such as
// U+20BB7 are written as "[U+20BB7]".
func Printable(s string) string {
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

// run is a piece of a line drawn in one font.
type run struct {
	text  string
	latin bool
}

// runs splits s where it changes between Latin and CJK text.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		l := isLatin(r)
		if n := len(out); n > 0 && out[n-1].latin == l {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{text: string(r), latin: l})
	}
	return out
}

// setFont selects the font for r and returns its text as the font wants it.
func (d *Doc) setFont(r run, f Font) string {
	switch {
	case f.Mono:
		d.pdf.SetFont(monoFont, "", f.Size)
		return d.tr(r.text)
	case r.latin:
		d.pdf.SetFont(latinFont, "", f.Size)
		return d.tr(r.text)
	}
	d.pdf.SetFont(cjkFont, "", f.Size)
	return r.text
}

// Width is the width of s in millimetres.
func (d *Doc) Width(s string, f Font) float64 {
	w := 0.0
	for _, r := range Printable(s) {
		w += d.runeWidth(r, f)
	}
	return w
}

// runeWidth is the advance of r in millimetres; fpdf does not kern, so a
// string's width is the sum of its runes'.
func (d *Doc) runeWidth(r rune, f Font) float64 {
	k := widthKey{r, f.Mono}
	w, ok := d.widths[k]
	if !ok {
		w = d.pdf.GetStringWidth(d.setFont(run{text: string(r), latin: isLatin(r)}, Font{Size: 1, Mono: f.Mono}))
		d.widths[k] = w
	}
	return w * f.Size
}

// Wrap breaks s into lines no wider than w: at line breaks, after spaces
// and between CJK characters where possible, anywhere inside a word too
// long for a line. No character but the spaces at a break is lost.
func (d *Doc) Wrap(s string, w float64, f Font) []string {
	var lines []string
	for _, para := range strings.Split(Printable(s), "\n") {
		lines = append(lines, d.wrapPara(para, w, f)...)
	}
	return lines
}

func (d *Doc) wrapPara(s string, w float64, f Font) []string {
	rs := []rune(s)
	var lines []string
	start, brk := 0, -1 // brk: index after which the line may end
	lw := 0.0           // width of rs[start:i]
	for i := 0; i < len(rs); i++ {
		lw += d.runeWidth(rs[i], f)
		if lw > w && i > start {
			end := i
			if brk >= start {
				end = brk + 1
			}
			// A line never starts with closing punctuation (，。、）…): the
			// character before it goes down with it.
			for end > start+1 && end < len(rs) && strings.ContainsRune(noLineStart, rs[end]) {
				end--
				for end > start+1 && isWord(rs[end-1]) && isWord(rs[end]) { // nor inside a word or number
					end--
				}
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

// Line draws s on one line in a box of width w and height h at the current
// position, aligned "L", "C" or "R", and moves right past the box.
func (d *Doc) Line(s string, w, h float64, f Font, align string) {
	s = Printable(s)
	x, y := d.pdf.GetXY()
	tw := d.Width(s, f)
	pad := d.pdf.GetCellMargin()
	cx := x + pad
	switch align {
	case "C":
		cx = x + (w-tw)/2
	case "R":
		cx = x + w - pad - tw
	}
	for _, r := range runs(s) {
		txt := d.setFont(r, f)
		rw := d.pdf.GetStringWidth(txt)
		d.pdf.SetXY(cx, y)
		d.pdf.CellFormat(rw, h, txt, "", 0, "L", false, 0, "")
		cx += rw
	}
	d.pdf.SetXY(x+w, y)
}

// Para draws s wrapped to the body width in lines of height h, breaking
// pages between lines, and ends at the left margin below it.
func (d *Doc) Para(s string, h float64, f Font) {
	d.ParaIn(s, d.margin, d.BodyWidth(), h, f, "L")
}

// ParaIn draws s wrapped into the column of width w at x, aligned "L" or
// "C", breaking pages between lines.
func (d *Doc) ParaIn(s string, x, w, h float64, f Font, align string) {
	for _, l := range d.Wrap(s, w-2*d.pdf.GetCellMargin(), f) {
		if d.NeedPage(h) {
			d.AddPage()
		}
		d.pdf.SetX(x)
		d.Line(l, w, h, f, align)
		d.pdf.Ln(h)
	}
}

// Title draws a centred heading of size points and moves below it.
func (d *Doc) Title(s string, size float64) {
	h := size * 0.55
	d.pdf.SetX(d.margin)
	d.Line(s, d.BodyWidth(), h, Font{Size: size}, "C")
	d.pdf.Ln(h + 2)
}

package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"

	"evidock/assets"
	"evidock/store"
)

// PDFMaxRows is how many rows of one list the PDF shows; the XLSX and CSV
// reports have them all.
var PDFMaxRows = 300

// Page geometry in millimetres: A4 landscape.
const (
	margin    = 12.0
	pageWidth = 297.0 - 2*margin
	cjkFont   = "cjk"
	// latinFont draws what the CJK font cannot: assets.CJKFont has no
	// Latin glyphs, not even digits.
	latinFont = "Helvetica"
)

// WritePDF writes the report as a printable PDF.
//
// Text is drawn in runs the way export's description does it (characters
// below U+0100 in Helvetica, the rest in the embedded CJK font); export's
// typesetter is unexported, so this package has its own small one.
func WritePDF(w io.Writer, r store.Report) (err error) {
	return writePDF(w, r, "")
}

// writePDF writes the PDF; note, when not empty, is printed under every
// page's footer (the ledger checkpoint the report was made at).
func writePDF(w io.Writer, r store.Report, note string) (err error) {
	defer func() {
		if p := recover(); p != nil { // fpdf panics on some input
			err = fmt.Errorf("report: pdf: %v", p)
		}
	}()
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AddUTF8FontFromBytes(cjkFont, "", assets.CJKFont)
	pdf.SetTitle(Title+" "+period(r.Period), true)
	pdf.SetCreator("evidock", true)
	ts := &typesetter{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
	pdf.SetFooterFunc(func() {
		y := -10.0
		if note != "" {
			y = -13
		}
		pdf.SetXY(margin, y)
		ts.line(fmt.Sprintf("%s　%s　第 %d 页", Title, period(r.Period), pdf.PageNo()), pageWidth, 5, 8, "C")
		if note != "" {
			pdf.SetXY(margin, -8)
			ts.line(note, pageWidth, 4, 6.5, "C")
		}
	})
	pdf.AddPage()
	h := heading(r)
	ts.line(h[0], pageWidth, 10, 18, "C")
	pdf.Ln(11)
	ts.line(strings.Join(h[1:], "　　"), pageWidth, 6, 10, "C")
	pdf.Ln(9)
	for _, t := range Tables(r) {
		drawTable(ts, t)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// drawTable draws a title and a bordered table, repeating the header on
// each new page.
func drawTable(ts *typesetter, t Table) {
	pdf := ts.pdf
	const size = 8.5
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	widths := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		widths[i] = pageWidth * w / sum
	}
	if needPage(pdf, 30) {
		pdf.AddPage()
	}
	pdf.Ln(3)
	ts.line(t.Title, pageWidth, 7, 12, "L")
	pdf.Ln(8)
	ts.row(widths, t.Header, size, true)
	rows := t.Rows
	if len(rows) == 0 {
		ts.row([]float64{pageWidth}, []string{"（无）"}, size, false)
	}
	if len(rows) > PDFMaxRows {
		rows = rows[:PDFMaxRows]
	}
	for _, r := range rows {
		if needPage(pdf, ts.rowHeight(widths, r, size)) {
			pdf.AddPage()
			ts.row(widths, t.Header, size, true)
		}
		ts.row(widths, r, size, false)
	}
	if n := len(t.Rows) - len(rows); n > 0 {
		ts.row([]float64{pageWidth}, []string{fmt.Sprintf("另有 %d 条，见 XLSX 或 CSV 报表", n)}, size, false)
	}
}

func needPage(pdf *fpdf.Fpdf, h float64) bool {
	_, ph := pdf.GetPageSize()
	return pdf.GetY()+h > ph-margin-6
}

// typesetter draws text mixing the Latin and the CJK font.
type typesetter struct {
	pdf *fpdf.Fpdf
	tr  func(string) string // UTF-8 to the Latin font's encoding
}

// winAnsiExtra are characters above U+00FF that Helvetica's WinAnsi
// encoding has and the CJK font lacks (the em dash of "0 of 0").
const winAnsiExtra = "—–‘’“”…•€"

// run is a piece of text in one font.
type run struct {
	text  string
	latin bool
}

// runs splits s where it changes between Latin and CJK text. fpdf handles
// only the Basic Multilingual Plane, so rarer characters become [U+XXXXX].
func runs(s string) []run {
	var out []run
	for _, r := range s {
		t := string(r)
		if r > 0xffff {
			t = fmt.Sprintf("[U+%X]", r)
		}
		l := r < 0x100 || r > 0xffff || strings.ContainsRune(winAnsiExtra, r)
		if n := len(out); n > 0 && out[n-1].latin == l {
			out[n-1].text += t
			continue
		}
		out = append(out, run{t, l})
	}
	return out
}

func (ts *typesetter) font(r run, size float64) string {
	if r.latin {
		ts.pdf.SetFont(latinFont, "", size)
		return ts.tr(r.text)
	}
	ts.pdf.SetFont(cjkFont, "", size)
	return r.text
}

func (ts *typesetter) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range runs(s) {
		w += ts.pdf.GetStringWidth(ts.font(r, size))
	}
	return w
}

// line draws s in a box w×h at the current position, aligned L, C or R.
func (ts *typesetter) line(s string, w, h, size float64, align string) {
	x, y := ts.pdf.GetXY()
	pad := ts.pdf.GetCellMargin()
	cx := x + pad
	switch align {
	case "C":
		cx = x + (w-ts.width(s, size))/2
	case "R":
		cx = x + w - pad - ts.width(s, size)
	}
	for _, r := range runs(s) {
		txt := ts.font(r, size)
		rw := ts.pdf.GetStringWidth(txt)
		ts.pdf.SetXY(cx, y)
		ts.pdf.CellFormat(rw, h, txt, "", 0, "L", false, 0, "")
		cx += rw
	}
	ts.pdf.SetXY(x+w, y)
}

// wrap breaks s into lines no wider than w, between any two characters
// (enough for table cells of short Chinese text and numbers).
func (ts *typesetter) wrap(s string, w, size float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		var cur []rune
		for _, r := range para {
			if len(cur) > 0 && ts.width(string(append(cur, r)), size) > w {
				lines = append(lines, string(cur))
				cur = cur[:0]
			}
			cur = append(cur, r)
		}
		lines = append(lines, string(cur))
	}
	return lines
}

func (ts *typesetter) rowHeight(widths []float64, cells []string, size float64) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(ts.wrap(c, widths[i]-2*ts.pdf.GetCellMargin(), size)))
	}
	return float64(n)*size*0.45 + 2
}

// row draws one table row with borders; header rows are shaded.
func (ts *typesetter) row(widths []float64, cells []string, size float64, header bool) {
	pdf := ts.pdf
	h := ts.rowHeight(widths, cells, size)
	x, y := margin, pdf.GetY()
	pdf.SetFillColor(232, 232, 232)
	for i, c := range cells {
		style := "D"
		if header {
			style = "FD"
		}
		pdf.Rect(x, y, widths[i], h, style)
		for j, l := range ts.wrap(c, widths[i]-2*pdf.GetCellMargin(), size) {
			pdf.SetXY(x, y+1+float64(j)*size*0.45)
			ts.line(l, widths[i], size*0.45, size, "L")
		}
		x += widths[i]
	}
	pdf.SetXY(margin, y+h)
}

package typeset

import "fmt"

// Cell is one cell of a table row.
type Cell struct {
	W     float64 // width in millimetres
	Text  string
	Mono  bool   // Courier, for hashes
	Fill  bool   // grey background, for labels and headers
	Align string // "L" (default), "C" or "R"
}

// lineHeight is the height of one line of a cell at size points.
func lineHeight(size float64) float64 { return size * 0.5 }

// cellLines wraps a cell's text to its width.
func (d *Doc) cellLines(c Cell, size float64) []string {
	return d.Wrap(c.Text, c.W-2*d.pdf.GetCellMargin(), Font{Size: size, Mono: c.Mono})
}

// RowHeight is the height Row gives cells at size points.
func (d *Doc) RowHeight(cells []Cell, size float64) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(d.cellLines(c, size)))
	}
	return float64(n)*lineHeight(size) + 2
}

// Row draws cells side by side from the left margin with borders, wrapping
// text; all cells get the height of the tallest. A row that does not fit
// starts a new page; one taller than a page is cut at the page end.
func (d *Doc) Row(cells []Cell, size float64) {
	h := d.RowHeight(cells, size)
	if d.NeedPage(h) {
		d.AddPage()
	}
	x0, y0 := d.margin, d.pdf.GetY()
	x := x0
	d.pdf.SetFillColor(235, 235, 235)
	for _, c := range cells {
		style := "D"
		if c.Fill {
			style = "FD"
		}
		d.pdf.Rect(x, y0, c.W, h, style)
		align := c.Align
		if align == "" {
			align = "L"
		}
		for i, l := range d.cellLines(c, size) {
			d.pdf.SetXY(x, y0+1+float64(i)*lineHeight(size))
			d.Line(l, c.W, lineHeight(size), Font{Size: size, Mono: c.Mono}, align)
		}
		x += c.W
	}
	d.pdf.SetXY(x0, y0+h)
}

// Field draws a row of a label (shaded) and its value across the body.
func (d *Doc) Field(label, value string, labelW, size float64) {
	d.Row([]Cell{{W: labelW, Text: label, Fill: true}, {W: d.BodyWidth() - labelW, Text: value}}, size)
}

// Table is a titled table whose columns share the body width.
type Table struct {
	Title  string
	Header []string
	Widths []float64 // relative column widths
	Rows   [][]string
	// MaxRows, when above zero, is how many rows are drawn; a last row
	// says how many more there are and where to find them (More).
	MaxRows int
	More    string // e.g. "见 XLSX 或 CSV 报表"
}

// Table draws t: its title, the header (shaded, repeated on each new page)
// and the rows with borders, or （无） when there are none.
func (d *Doc) Table(t Table, size float64) {
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	cells := func(texts []string, fill bool) []Cell {
		out := make([]Cell, len(texts))
		for i, s := range texts {
			out[i] = Cell{W: d.BodyWidth() * t.Widths[i] / sum, Text: s, Fill: fill}
		}
		return out
	}
	if d.NeedPage(30) {
		d.AddPage()
	}
	if t.Title != "" {
		d.Ln(3)
		d.Para(t.Title, 6.5, Font{Size: 12})
		d.Ln(1.5)
	}
	d.Row(cells(t.Header, true), size)
	rows := t.Rows
	if len(rows) == 0 {
		d.Row([]Cell{{W: d.BodyWidth(), Text: "（无）"}}, size)
	}
	if t.MaxRows > 0 && len(rows) > t.MaxRows {
		rows = rows[:t.MaxRows]
	}
	for _, r := range rows {
		c := cells(r, false)
		if d.NeedPage(d.RowHeight(c, size)) {
			d.AddPage()
			d.Row(cells(t.Header, true), size)
		}
		d.Row(c, size)
	}
	if n := len(t.Rows) - len(rows); n > 0 {
		d.Row([]Cell{{W: d.BodyWidth(), Text: fmt.Sprintf("另有 %d 条，%s", n, t.More)}}, size)
	}
}

// Signatures draws one signature line per label (制作人签名：, 日期：…),
// two to a row when columns is 2, keeping them together on one page.
func (d *Doc) Signatures(labels []string, columns int) {
	if columns < 1 {
		columns = 1
	}
	rows := (len(labels) + columns - 1) / columns
	if d.NeedPage(float64(rows)*14 + 4) {
		d.AddPage()
	}
	d.Ln(4)
	colW := d.BodyWidth() / float64(columns)
	f := Font{Size: 11}
	for i, l := range labels {
		col := i % columns
		x := d.margin + float64(col)*colW
		y := d.pdf.GetY()
		d.pdf.SetXY(x, y)
		lw := d.Width(l, f) + 2*d.pdf.GetCellMargin()
		d.Line(l, lw, 10, f, "L")
		d.pdf.Line(x+lw, y+8, x+colW-6, y+8)
		if col == columns-1 || i == len(labels)-1 {
			d.pdf.SetXY(d.margin, y+14)
		} else {
			d.pdf.SetXY(x+colW, y)
		}
	}
}

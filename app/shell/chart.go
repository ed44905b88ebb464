package shell

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"evidock/app/i18n"
	"evidock/followups"
)

// OfficerChart is the 督查 screen's bar chart: for each officer of the
// dashboard, side by side, a bar of the recordings imported for the
// period's days and a bar of the officer's open items of the period, both
// as the core counts them (followups.OfficerRow), drawn with plain
// rectangles over the officer's name.
type OfficerChart struct {
	Root   fyne.CanvasObject
	box    *fyne.Container
	legend *fyne.Container
	ui     *Shell
	rows   []followups.OfficerRow
	Bars   [][]*canvas.Rectangle // per Officer: recordings, open items
	nums   [][]*canvas.Text
	Names  []*canvas.Text
	full   []string // the officer's name with their number, or
	short  []string // only one of them where a group is narrow
	base   *canvas.Line
}

var (
	ColorImports = color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff} // blue
	ColorOpen    = color.NRGBA{R: 0xe0, G: 0x6a, B: 0x00, A: 0xff} // orange
	colorBase    = color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff}
)

// officerSeries are the chart's series: its bars per officer, in order.
var officerSeries = []func(followups.OfficerRow) int{
	func(r followups.OfficerRow) int { return r.Recordings },
	func(r followups.OfficerRow) int { return r.Open },
}

func NewOfficerChart(ui *Shell) *OfficerChart {
	c := &OfficerChart{ui: ui, base: canvas.NewLine(colorBase)}
	c.box = container.New(&officerLayout{c: c})
	c.legend = container.NewHBox(Swatch(ColorImports, i18n.T("chart.legend_recordings")), Swatch(ColorOpen, i18n.T("chart.legend_open")))
	c.Root = container.NewBorder(nil, c.legend, nil, nil, c.box)
	return c
}

// Set shows the officers' rows.
func (c *OfficerChart) Set(rows []followups.OfficerRow) {
	c.rows = rows
	c.Bars, c.nums, c.Names, c.full, c.short = nil, nil, nil, nil, nil
	fg := theme.Color(theme.ColorNameForeground)
	objs := []fyne.CanvasObject{c.base}
	for _, r := range rows {
		var bars []*canvas.Rectangle
		var nums []*canvas.Text
		for s, series := range officerSeries {
			col := ColorImports
			if s == 1 {
				col = ColorOpen
			}
			b := canvas.NewRectangle(col)
			n := canvas.NewText(fmt.Sprint(series(r)), fg)
			n.TextSize = theme.TextSize() * 0.75
			n.Alignment = fyne.TextAlignCenter
			bars, nums = append(bars, b), append(nums, n)
			objs = append(objs, b, n)
		}
		full, short := c.ui.OfficerName(r.Officer), r.Name
		if short == "" {
			short = i18n.OrDash(r.Officer)
		}
		name := canvas.NewText(full, fg)
		name.TextSize = theme.TextSize() * 0.8
		name.Alignment = fyne.TextAlignCenter
		c.Bars, c.nums, c.Names = append(c.Bars, bars), append(c.nums, nums), append(c.Names, name)
		c.full, c.short = append(c.full, full), append(c.short, short)
		objs = append(objs, name)
	}
	c.box.Objects = objs
	c.box.Refresh()
}

// officerLayout places the bars for the space the chart gets.
type officerLayout struct{ c *OfficerChart }

const (
	chartNumH  = 16 // the counts above the bars
	chartNameH = 18 // the names under them
)

func (l *officerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 110) }

func (l *officerLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	c := l.c
	if len(c.rows) == 0 {
		c.base.Hide()
		return
	}
	values := make([][]int, len(c.rows))
	for i, r := range c.rows {
		for _, series := range officerSeries {
			values[i] = append(values[i], series(r))
		}
	}
	plotH := max(size.Height-chartNumH-chartNameH, 1)
	boxes := GroupedBars(values, size.Width, plotH)
	floor := chartNumH + plotH
	c.base.Show()
	c.base.Position1, c.base.Position2 = fyne.NewPos(0, floor), fyne.NewPos(size.Width, floor)
	slot := size.Width / float32(len(c.rows))
	for i := range c.rows {
		for s, b := range boxes[i] {
			c.Bars[i][s].Move(fyne.NewPos(b.X, chartNumH+b.Y))
			c.Bars[i][s].Resize(fyne.NewSize(b.W, b.H))
			n := c.nums[i][s]
			ns := n.MinSize()
			n.Move(fyne.NewPos(b.X+b.W/2-ns.Width/2, chartNumH+b.Y-ns.Height))
			n.Resize(ns)
			n.Hidden = ns.Width > b.W+6 // too narrow to read
		}
		name := c.Names[i]
		name.Text = c.full[i]
		if name.MinSize().Width > slot-4 {
			name.Text = c.short[i]
		}
		ns := name.MinSize()
		name.Hidden = ns.Width > slot-2
		name.Move(fyne.NewPos(float32(i)*slot+slot/2-ns.Width/2, floor+2))
		name.Resize(ns)
	}
}

// maxBarW is the widest a bar is drawn, however few the officers.
const maxBarW = 56

// barBox is one bar's place in a plot: from its top left, y downwards.
type barBox struct{ X, Y, W, H float32 }

// GroupedBars places a group of bars per entry of values side by side in a
// plot width wide and height high: group i in the i-th of len(values) equal
// slots, its bars next to each other across the middle 70% of the slot
// (each at most maxBarW wide),
// every bar standing on the plot's floor with a height proportional to its
// value (the largest value of all reaches the top; all zero: no height).
func GroupedBars(values [][]int, width, height float32) [][]barBox {
	if len(values) == 0 {
		return nil
	}
	top := 0
	for _, g := range values {
		for _, v := range g {
			top = max(top, v)
		}
	}
	slot := width / float32(len(values))
	out := make([][]barBox, len(values))
	for i, g := range values {
		if len(g) == 0 {
			continue
		}
		groupW := min(slot*0.7, maxBarW*float32(len(g)))
		w := groupW / float32(len(g))
		x := float32(i)*slot + (slot-groupW)/2
		for s, v := range g {
			h := float32(0)
			if top > 0 && v > 0 {
				h = height * float32(v) / float32(top)
			}
			out[i] = append(out[i], barBox{X: x + float32(s)*w, Y: height - h, W: max(w-1, 1), H: h})
		}
	}
	return out
}

// Swatch is a legend's entry: a square of col and its text.
func Swatch(col color.Color, text string) fyne.CanvasObject {
	r := canvas.NewRectangle(col)
	r.SetMinSize(fyne.NewSize(14, 14))
	return container.NewHBox(container.NewCenter(r), canvas.NewText(text, theme.Color(theme.ColorNameForeground)))
}

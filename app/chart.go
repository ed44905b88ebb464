package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"evidock/followups"
)

// barChart draws the daily series of the 督查 screen with plain rectangles:
// a bar per day for the recordings made that day, its lower part the share
// imported on time, and a thin mark per day for the import runs.
type barChart struct {
	Root   fyne.CanvasObject
	box    *fyne.Container
	points []followups.DayPoint
	legend *fyne.Container
}

var (
	colorOnTime = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff} // green
	colorLate   = color.NRGBA{R: 0xe0, G: 0x8a, B: 0x00, A: 0xff} // amber
	colorRuns   = color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff} // blue
)

func newBarChart() *barChart {
	c := &barChart{}
	c.box = container.New(&chartLayout{c: c})
	swatch := func(col color.Color, text string) fyne.CanvasObject {
		r := canvas.NewRectangle(col)
		r.SetMinSize(fyne.NewSize(14, 14))
		return container.NewHBox(container.NewCenter(r), canvas.NewText(text, theme.Color(theme.ColorNameForeground)))
	}
	c.legend = container.NewHBox(swatch(colorOnTime, T("sv.legend_on_time")), swatch(colorLate, T("sv.legend_late")),
		swatch(colorRuns, T("sv.legend_runs")))
	c.Root = container.NewBorder(nil, c.legend, nil, nil, c.box)
	return c
}

// Set shows points.
func (c *barChart) Set(points []followups.DayPoint) {
	c.points = points
	var objs []fyne.CanvasObject
	fg := theme.Color(theme.ColorNameForeground)
	for _, p := range points {
		onTime := canvas.NewRectangle(colorOnTime)
		late := canvas.NewRectangle(colorLate)
		runs := canvas.NewRectangle(colorRuns)
		day := canvas.NewText(p.Day[len(p.Day)-2:], fg)
		day.TextSize = theme.TextSize() * 0.75
		day.Alignment = fyne.TextAlignCenter
		num := canvas.NewText("", fg)
		num.TextSize = theme.TextSize() * 0.7
		num.Alignment = fyne.TextAlignCenter
		if p.Recordings > 0 {
			num.Text = fmt.Sprint(p.Recordings)
		}
		objs = append(objs, onTime, late, runs, day, num)
	}
	c.box.Objects = objs
	c.box.Refresh()
}

// chartLayout places the bars for the space the chart gets.
type chartLayout struct{ c *barChart }

func (l *chartLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 120) }

func (l *chartLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pts := l.c.points
	if len(pts) == 0 || len(objs) != 5*len(pts) {
		return
	}
	maxV := 1
	for _, p := range pts {
		maxV = max(maxV, p.Recordings, p.Imports)
	}
	const labelH = 16
	plotH := size.Height - 2*labelH
	slot := size.Width / float32(len(pts))
	barW := max(slot*0.6, 2)
	for i, p := range pts {
		x := float32(i)*slot + (slot-barW)/2
		base := labelH + plotH
		h := plotH * float32(p.Recordings) / float32(maxV)
		onH := float32(0)
		if p.OnTime.Of > 0 {
			onH = h * float32(p.OnTime.N) / float32(p.OnTime.Of)
		}
		onTime, late, runs, day, num := objs[5*i], objs[5*i+1], objs[5*i+2], objs[5*i+3], objs[5*i+4]
		onTime.Move(fyne.NewPos(x, base-onH))
		onTime.Resize(fyne.NewSize(barW, onH))
		late.Move(fyne.NewPos(x, base-h))
		late.Resize(fyne.NewSize(barW, h-onH))
		rh := plotH * float32(p.Imports) / float32(maxV)
		runs.Move(fyne.NewPos(x-1, base-rh-1))
		runs.Resize(fyne.NewSize(barW+2, 3))
		if p.Imports == 0 {
			runs.Resize(fyne.NewSize(0, 0))
		}
		day.Move(fyne.NewPos(float32(i)*slot, base))
		day.Resize(fyne.NewSize(slot, labelH))
		num.Move(fyne.NewPos(float32(i)*slot, base-h-labelH))
		num.Resize(fyne.NewSize(slot, labelH))
		if slot < 18 { // too narrow to read every label
			day.(*canvas.Text).Hidden = i%5 != 0
			num.(*canvas.Text).Hidden = true
		}
	}
}

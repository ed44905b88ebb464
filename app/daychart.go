package app

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"evidock/followups"
)

// dayChart draws a recorder's day (Art. 9–11) on a time axis from local
// 00:00 to 24:00 with an hour tick each: every recording a blue bar from its
// start to its end, every interruption a red (not explained) or amber
// (explained) bar. Tapping a bar selects it (OnSelect). The geometry is the
// pure functions of dayaxis.go.
type dayChart struct {
	widget.BaseWidget
	tl         followups.Timeline
	start, end time.Time // the day's local midnights
	marks      []dayMark
	selected   int // into marks; -1 for none
	// OnSelect is called with the mark tapped.
	OnSelect func(dayMark)
}

// dayMark is one bar: a clip or a gap of the timeline.
type dayMark struct {
	Gap      bool
	Index    int // into the timeline's Clips or Gaps
	From, To time.Time
	Color    color.Color
}

var (
	clipColor      = color.NRGBA{R: 0x1f, G: 0x6f, B: 0xd1, A: 0xff} // blue
	gapOpenColor   = color.NRGBA{R: 0xd9, G: 0x30, B: 0x25, A: 0xff} // red
	gapToldColor   = color.NRGBA{R: 0xf0, G: 0xa2, B: 0x02, A: 0xff} // amber
	trackColor     = color.NRGBA{R: 0xe8, G: 0xea, B: 0xee, A: 0xff}
	gridColor      = color.NRGBA{R: 0xc4, G: 0xc8, B: 0xd0, A: 0xff}
	tickColor      = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	selectionColor = color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
)

// The chart's vertical plan, in pixels.
const (
	dayPad      = 20 // left and right, so that 00:00 and 24:00 fit
	dayTrackTop = 4
	dayTrackH   = 40
	dayTickH    = 6
	dayLabelH   = 18
	dayMinBar   = 3 // the narrowest bar: a zero-length recording still shows
	dayTapSlop  = 4
)

func newDayChart() *dayChart {
	c := &dayChart{selected: -1}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows tl on its day's axis, nothing selected.
func (c *dayChart) Set(tl followups.Timeline) {
	c.tl, c.selected, c.marks = tl, -1, nil
	c.start, c.end, _ = dayBounds(tl.Day, time.Local)
	for i, cl := range tl.Clips {
		c.marks = append(c.marks, dayMark{Index: i, From: cl.Start, To: cl.End(), Color: clipColor})
	}
	for i, g := range tl.Gaps {
		col := gapOpenColor
		if g.Explained {
			col = gapToldColor
		}
		c.marks = append(c.marks, dayMark{Gap: true, Index: i, From: g.From, To: g.To, Color: col})
	}
	c.Refresh()
}

// Select marks the i-th bar as chosen (-1 for none) without calling OnSelect.
func (c *dayChart) Select(i int) {
	c.selected = i
	c.Refresh()
}

// bars are the marks' x extents for a chart width wide.
func (c *dayChart) bars(width float32) [][2]float32 {
	axis := max(width-2*dayPad, 1)
	out := make([][2]float32, len(c.marks))
	for i, m := range c.marks {
		x0, x1 := spanX(c.start, c.end, m.From, m.To, axis, dayMinBar)
		out[i] = [2]float32{dayPad + x0, dayPad + x1}
	}
	return out
}

// Tapped selects the bar under the tap.
func (c *dayChart) Tapped(ev *fyne.PointEvent) {
	y := ev.Position.Y
	if y < dayTrackTop || y > dayTrackTop+dayTrackH {
		return
	}
	i := hitBar(c.bars(c.Size().Width), ev.Position.X, dayTapSlop)
	if i < 0 {
		return
	}
	c.Select(i)
	if c.OnSelect != nil {
		c.OnSelect(c.marks[i])
	}
}

// CreateRenderer makes the chart's renderer.
func (c *dayChart) CreateRenderer() fyne.WidgetRenderer {
	sel := canvas.NewRectangle(color.Transparent)
	sel.StrokeColor, sel.StrokeWidth = selectionColor, 2
	r := &dayRenderer{c: c, track: canvas.NewRectangle(trackColor), selection: sel}
	r.Refresh()
	return r
}

type dayRenderer struct {
	c         *dayChart
	track     *canvas.Rectangle
	grid      []*canvas.Line // a line per hour across the track
	ticks     []*canvas.Line // and a tick under it
	labels    []*canvas.Text // a label every labelEvery hours
	tickAt    []time.Time
	clipRects []*canvas.Rectangle // a bar per recording
	gapRects  []*canvas.Rectangle // a bar per interruption
	selection *canvas.Rectangle
}

func (r *dayRenderer) MinSize() fyne.Size {
	return fyne.NewSize(480, dayTrackTop+dayTrackH+dayTickH+dayLabelH)
}

func (r *dayRenderer) Layout(size fyne.Size) {
	c := r.c
	axis := max(size.Width-2*dayPad, 1)
	r.track.Move(fyne.NewPos(dayPad, dayTrackTop))
	r.track.Resize(fyne.NewSize(axis, dayTrackH))
	labelW := float32(0)
	for _, l := range r.labels {
		labelW = max(labelW, l.MinSize().Width)
	}
	every := labelEvery(axis, labelW, len(r.tickAt)-1)
	for i, at := range r.tickAt {
		x := dayPad + dayX(c.start, c.end, at, axis)
		r.grid[i].Position1, r.grid[i].Position2 = fyne.NewPos(x, dayTrackTop), fyne.NewPos(x, dayTrackTop+dayTrackH)
		r.ticks[i].Position1, r.ticks[i].Position2 = fyne.NewPos(x, dayTrackTop+dayTrackH), fyne.NewPos(x, dayTrackTop+dayTrackH+dayTickH)
		l := r.labels[i]
		ls := l.MinSize()
		l.Move(fyne.NewPos(x-ls.Width/2, dayTrackTop+dayTrackH+dayTickH-2))
		l.Resize(ls)
		l.Hidden = i%every != 0
	}
	bars := c.bars(size.Width)
	rects := append(append([]*canvas.Rectangle{}, r.clipRects...), r.gapRects...)
	for i, rect := range rects {
		top, h := float32(dayTrackTop+4), float32(dayTrackH-8)
		if c.marks[i].Gap { // a little thinner: the track shows it lies between recordings
			top, h = dayTrackTop+9, dayTrackH-18
		}
		rect.Move(fyne.NewPos(bars[i][0], top))
		rect.Resize(fyne.NewSize(bars[i][1]-bars[i][0], h))
	}
	r.selection.Hidden = c.selected < 0 || c.selected >= len(bars)
	if !r.selection.Hidden {
		b := bars[c.selected]
		r.selection.Move(fyne.NewPos(b[0]-2, dayTrackTop+1))
		r.selection.Resize(fyne.NewSize(b[1]-b[0]+4, dayTrackH-2))
	}
}

func (r *dayRenderer) Refresh() {
	c := r.c
	r.clipRects, r.gapRects = nil, nil
	for _, m := range c.marks {
		rect := canvas.NewRectangle(m.Color)
		if m.Gap {
			r.gapRects = append(r.gapRects, rect)
		} else {
			r.clipRects = append(r.clipRects, rect)
		}
	}
	r.grid, r.ticks, r.labels, r.tickAt = nil, nil, nil, nil
	if !c.start.IsZero() {
		fg := theme.Color(theme.ColorNameForeground)
		for _, at := range hourTicks(c.start, c.end) {
			g := canvas.NewLine(gridColor)
			g.StrokeWidth = 1
			t := canvas.NewLine(tickColor)
			t.StrokeWidth = 1
			label := at.Format("15:04")
			if at.Equal(c.end) {
				label = "24:00"
			}
			l := canvas.NewText(label, fg)
			l.TextSize = theme.TextSize() * 0.8
			r.grid, r.ticks, r.labels, r.tickAt = append(r.grid, g), append(r.ticks, t), append(r.labels, l), append(r.tickAt, at)
		}
	}
	r.Layout(c.Size())
	canvas.Refresh(c)
}

func (r *dayRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.track}
	for _, g := range r.grid {
		objs = append(objs, g)
	}
	for _, m := range r.gapRects { // under the recordings: a recording at a gap's end stays in sight
		objs = append(objs, m)
	}
	for _, m := range r.clipRects {
		objs = append(objs, m)
	}
	for i := range r.ticks {
		objs = append(objs, r.ticks[i], r.labels[i])
	}
	return append(objs, r.selection)
}

func (r *dayRenderer) Destroy() {}

package daychart

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
type Chart struct {
	widget.BaseWidget
	tl         followups.Timeline
	start, end time.Time // the day's local midnights
	Marks      []Mark
	Selected   int // into marks; -1 for none
	// OnSelect is called with the mark tapped.
	OnSelect func(Mark)
}

// dayMark is one bar: a clip or a gap of the timeline.
type Mark struct {
	Gap      bool
	Index    int // into the timeline's Clips or Gaps
	From, To time.Time
	Color    color.Color
}

var (
	ClipColor      = color.NRGBA{R: 0x1f, G: 0x6f, B: 0xd1, A: 0xff} // blue
	GapOpenColor   = color.NRGBA{R: 0xd9, G: 0x30, B: 0x25, A: 0xff} // red
	GapToldColor   = color.NRGBA{R: 0xf0, G: 0xa2, B: 0x02, A: 0xff} // amber
	trackColor     = color.NRGBA{R: 0xe8, G: 0xea, B: 0xee, A: 0xff}
	gridColor      = color.NRGBA{R: 0xc4, G: 0xc8, B: 0xd0, A: 0xff}
	tickColor      = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	selectionColor = color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
)

// The chart's vertical plan, in pixels.
const (
	Pad         = 20 // left and right, so that 00:00 and 24:00 fit
	TrackTop    = 4
	TrackHeight = 40
	dayTickH    = 6
	dayLabelH   = 18
	MinBar      = 3 // the narrowest bar: a zero-length recording still shows
	dayTapSlop  = 4
)

func New() *Chart {
	c := &Chart{Selected: -1}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows tl on its day's axis, nothing selected.
func (c *Chart) Set(tl followups.Timeline) {
	c.tl, c.Selected, c.Marks = tl, -1, nil
	c.start, c.end, _ = DayBounds(tl.Day, time.Local)
	for i, cl := range tl.Clips {
		c.Marks = append(c.Marks, Mark{Index: i, From: cl.Start, To: cl.End(), Color: ClipColor})
	}
	for i, g := range tl.Gaps {
		col := GapOpenColor
		if g.Explained {
			col = GapToldColor
		}
		c.Marks = append(c.Marks, Mark{Gap: true, Index: i, From: g.From, To: g.To, Color: col})
	}
	c.Refresh()
}

// Select marks the i-th bar as chosen (-1 for none) without calling OnSelect.
func (c *Chart) Select(i int) {
	c.Selected = i
	c.Refresh()
}

// bars are the marks' x extents for a chart width wide.
func (c *Chart) bars(width float32) [][2]float32 {
	axis := max(width-2*Pad, 1)
	out := make([][2]float32, len(c.Marks))
	for i, m := range c.Marks {
		x0, x1 := spanX(c.start, c.end, m.From, m.To, axis, MinBar)
		out[i] = [2]float32{Pad + x0, Pad + x1}
	}
	return out
}

// Tapped selects the bar under the tap.
func (c *Chart) Tapped(ev *fyne.PointEvent) {
	y := ev.Position.Y
	if y < TrackTop || y > TrackTop+TrackHeight {
		return
	}
	i := hitBar(c.bars(c.Size().Width), ev.Position.X, dayTapSlop)
	if i < 0 {
		return
	}
	c.Select(i)
	if c.OnSelect != nil {
		c.OnSelect(c.Marks[i])
	}
}

// CreateRenderer makes the chart's renderer.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	sel := canvas.NewRectangle(color.Transparent)
	sel.StrokeColor, sel.StrokeWidth = selectionColor, 2
	r := &Renderer{c: c, track: canvas.NewRectangle(trackColor), Selection: sel}
	r.Refresh()
	return r
}

type Renderer struct {
	c         *Chart
	track     *canvas.Rectangle
	grid      []*canvas.Line // a line per hour across the track
	ticks     []*canvas.Line // and a tick under it
	Labels    []*canvas.Text // a label every labelEvery hours
	tickAt    []time.Time
	ClipRects []*canvas.Rectangle // a bar per recording
	GapRects  []*canvas.Rectangle // a bar per interruption
	Selection *canvas.Rectangle
}

func (r *Renderer) MinSize() fyne.Size {
	return fyne.NewSize(480, TrackTop+TrackHeight+dayTickH+dayLabelH)
}

func (r *Renderer) Layout(size fyne.Size) {
	c := r.c
	axis := max(size.Width-2*Pad, 1)
	r.track.Move(fyne.NewPos(Pad, TrackTop))
	r.track.Resize(fyne.NewSize(axis, TrackHeight))
	labelW := float32(0)
	for _, l := range r.Labels {
		labelW = max(labelW, l.MinSize().Width)
	}
	every := labelEvery(axis, labelW, len(r.tickAt)-1)
	for i, at := range r.tickAt {
		x := Pad + dayX(c.start, c.end, at, axis)
		r.grid[i].Position1, r.grid[i].Position2 = fyne.NewPos(x, TrackTop), fyne.NewPos(x, TrackTop+TrackHeight)
		r.ticks[i].Position1, r.ticks[i].Position2 = fyne.NewPos(x, TrackTop+TrackHeight), fyne.NewPos(x, TrackTop+TrackHeight+dayTickH)
		l := r.Labels[i]
		ls := l.MinSize()
		l.Move(fyne.NewPos(x-ls.Width/2, TrackTop+TrackHeight+dayTickH-2))
		l.Resize(ls)
		l.Hidden = i%every != 0
	}
	bars := c.bars(size.Width)
	rects := append(append([]*canvas.Rectangle{}, r.ClipRects...), r.GapRects...)
	for i, rect := range rects {
		top, h := float32(TrackTop+4), float32(TrackHeight-8)
		if c.Marks[i].Gap { // a little thinner: the track shows it lies between recordings
			top, h = TrackTop+9, TrackHeight-18
		}
		rect.Move(fyne.NewPos(bars[i][0], top))
		rect.Resize(fyne.NewSize(bars[i][1]-bars[i][0], h))
	}
	r.Selection.Hidden = c.Selected < 0 || c.Selected >= len(bars)
	if !r.Selection.Hidden {
		b := bars[c.Selected]
		r.Selection.Move(fyne.NewPos(b[0]-2, TrackTop+1))
		r.Selection.Resize(fyne.NewSize(b[1]-b[0]+4, TrackHeight-2))
	}
}

func (r *Renderer) Refresh() {
	c := r.c
	r.ClipRects, r.GapRects = nil, nil
	for _, m := range c.Marks {
		rect := canvas.NewRectangle(m.Color)
		if m.Gap {
			r.GapRects = append(r.GapRects, rect)
		} else {
			r.ClipRects = append(r.ClipRects, rect)
		}
	}
	r.grid, r.ticks, r.Labels, r.tickAt = nil, nil, nil, nil
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
			r.grid, r.ticks, r.Labels, r.tickAt = append(r.grid, g), append(r.ticks, t), append(r.Labels, l), append(r.tickAt, at)
		}
	}
	r.Layout(c.Size())
	canvas.Refresh(c)
}

func (r *Renderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.track}
	for _, g := range r.grid {
		objs = append(objs, g)
	}
	for _, m := range r.GapRects { // under the recordings: a recording at a gap's end stays in sight
		objs = append(objs, m)
	}
	for _, m := range r.ClipRects {
		objs = append(objs, m)
	}
	for i := range r.ticks {
		objs = append(objs, r.ticks[i], r.Labels[i])
	}
	return append(objs, r.Selection)
}

func (r *Renderer) Destroy() {}

package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"evidock/followups"
	"evidock/records"
	"evidock/store"
)

// timelineView is a recorder's day (Art. 9–11): its clips and the gaps
// between them, each gap with its explanation or the question for one.
type timelineView struct {
	ui      *UI
	Root    fyne.CanvasObject
	device  *widget.Select
	day     *widget.Entry
	summary *widget.Label
	bar     *timelineBar
	gaps    *fyne.Container
	clips   *fyne.Container
}

func newTimelineView(ui *UI) *timelineView {
	v := &timelineView{ui: ui, device: ui.newSelect(nil, nil), day: widget.NewEntry(),
		summary: wrapLabel(T("tl.pick")), bar: newTimelineBar(), gaps: container.NewVBox(), clips: container.NewVBox()}
	v.day.SetText(Day(time.Now()))
	v.device.PlaceHolder = T("tl.device_pick")
	v.day.OnSubmitted = func(string) { v.Show() }
	v.device.OnChanged = func(string) { v.Show() }
	step := func(days int) func() {
		return func() {
			if t, ok := parseDay(v.day.Text); ok && !t.IsZero() {
				v.day.SetText(Day(t.AddDate(0, 0, days)))
				v.Show()
			}
		}
	}
	controls := container.NewHBox(widget.NewLabel(T("tl.device")), container.NewGridWrap(fyne.NewSize(160, v.device.MinSize().Height), v.device), widget.NewLabel(T("tl.day")),
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), step(-1)),
		container.NewGridWrap(fyne.NewSize(150, v.day.MinSize().Height), v.day),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), step(1)), widget.NewButton(T("tl.show"), v.Show))
	legend := widget.NewLabel(T("tl.legend"))
	body := container.NewVBox(v.summary, v.bar, legend, boldLabel(T("tl.gaps")), v.gaps, boldLabel(T("tl.clips")), v.clips)
	v.Root = container.NewBorder(controls, nil, nil, nil, container.NewVScroll(body))
	var devices []store.Device
	ui.background(func(ctx context.Context) error {
		var err error
		devices, err = ui.sessFor(ctx).Devices(ctx)
		return err
	}, func(err error) {
		var names []string
		for _, d := range devices {
			names = append(names, d.Serial)
		}
		v.device.SetOptions(names)
		if err != nil {
			v.summary.SetText(ErrorText(err))
		}
	})
	return v
}

// Show reads the chosen recorder's day.
func (v *timelineView) Show() {
	dev := v.device.Selected
	t, ok := parseDay(v.day.Text)
	if dev == "" || !ok || t.IsZero() {
		v.summary.SetText(T("tl.pick"))
		return
	}
	day := t.Format(time.DateOnly)
	var tl followups.Timeline
	v.ui.background(func(ctx context.Context) error {
		var err error
		tl, err = followups.TimelineOf(ctx, v.ui.sessFor(ctx), dev, day)
		return err
	}, func(err error) {
		if err != nil {
			v.summary.SetText(ErrorText(err))
			return
		}
		v.fill(tl)
	})
}

func (v *timelineView) fill(tl followups.Timeline) {
	v.gaps.RemoveAll()
	v.clips.RemoveAll()
	if len(tl.Clips) == 0 {
		v.summary.SetText(T("tl.empty"))
	} else {
		v.summary.SetText(T("tl.summary", M{"Day": DayText(tl.Day), "Start": tl.Start.Local().Format("15:04:05"), "End": tl.End.Local().Format("15:04:05"),
			"Total": Clock(tl.Recorded), "Clips": len(tl.Clips), "Gaps": len(tl.Gaps)}))
	}
	v.bar.set(tl)
	for _, g := range tl.Gaps {
		v.gaps.Add(v.ui.gapForm(g))
	}
	if len(tl.Gaps) == 0 {
		v.gaps.Add(widget.NewLabel(T("tl.no_gaps")))
	}
	for _, c := range tl.Clips {
		line := fmt.Sprintf("%s–%s  %s  %s  %s  %s", c.Start.Local().Format("15:04:05"), c.End().Local().Format("15:04:05"),
			c.Name, v.ui.OfficerName(c.Officer), Category(c.Category), T("tl.time_from", M{"Source": lookup("source.", c.TimeSource)}))
		if len(c.Flags) > 0 {
			line += "  ⚠ " + Flags(c.Flags)
		}
		v.clips.Add(wrapLabel(line))
		if slices.Contains(c.Flags, records.FlagTimeConflict) {
			conflict := wrapLabel(TimeConflict(c.NameTime, c.MetadataTime))
			conflict.Importance = widget.DangerImportance
			v.clips.Add(conflict)
		}
		for i, a := range c.History {
			v.clips.Add(wrapLabel("    " + v.ui.answerLine(i, a)))
		}
	}
	refreshed(v.gaps, v.clips)
}

// timelineBar draws a day: clips in blue, gaps in red (open) or amber
// (explained), across the recorded span, with times at both ends.
type timelineBar struct {
	widget.BaseWidget
	tl followups.Timeline
}

func newTimelineBar() *timelineBar {
	b := &timelineBar{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *timelineBar) set(tl followups.Timeline) {
	b.tl = tl
	b.Refresh()
}

// CreateRenderer makes the bar's renderer.
func (b *timelineBar) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{b: b, bg: canvas.NewRectangle(color.NRGBA{R: 0xe8, G: 0xea, B: 0xee, A: 0xff}),
		start: canvas.NewText("", theme.Color(theme.ColorNameForeground)), end: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	r.Refresh()
	return r
}

type barRenderer struct {
	b          *timelineBar
	bg         *canvas.Rectangle
	start, end *canvas.Text
	marks      []*canvas.Rectangle
	spans      [][2]time.Time
	ticks      []*canvas.Line // the time axis: a mark per hour (or per
	tickText   []*canvas.Text // two, three… on a long day) with its time
	tickAt     []time.Time
}

var (
	clipColor      = color.NRGBA{R: 0x1f, G: 0x6f, B: 0xd1, A: 0xff}
	gapOpenColor   = color.NRGBA{R: 0xd9, G: 0x30, B: 0x25, A: 0xff}
	gapToldColor   = color.NRGBA{R: 0xf0, G: 0xa2, B: 0x02, A: 0xff}
	barHeight      = float32(40)
	barLabelHeight = float32(20)
)

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(400, barHeight+barLabelHeight) }

func (r *barRenderer) Layout(size fyne.Size) {
	r.bg.Move(fyne.NewPos(0, 0))
	r.bg.Resize(fyne.NewSize(size.Width, barHeight))
	tl := r.b.tl
	span := tl.End.Sub(tl.Start)
	for i, m := range r.marks {
		if span <= 0 {
			m.Hide()
			continue
		}
		x0 := float32(r.spans[i][0].Sub(tl.Start)) / float32(span) * size.Width
		x1 := float32(r.spans[i][1].Sub(tl.Start)) / float32(span) * size.Width
		if x1-x0 < 2 {
			x1 = x0 + 2
		}
		m.Move(fyne.NewPos(x0, 4))
		m.Resize(fyne.NewSize(x1-x0, barHeight-8))
	}
	r.start.Move(fyne.NewPos(0, barHeight))
	es := r.end.MinSize()
	r.end.Move(fyne.NewPos(size.Width-es.Width, barHeight))
	for i, at := range r.tickAt {
		if span <= 0 {
			break
		}
		x := float32(at.Sub(tl.Start)) / float32(span) * size.Width
		r.ticks[i].Position1 = fyne.NewPos(x, 0)
		r.ticks[i].Position2 = fyne.NewPos(x, barHeight+4)
		ts := r.tickText[i].MinSize()
		r.tickText[i].Move(fyne.NewPos(x-ts.Width/2, barHeight))
		// The ends' times stand at the ends; a tick's time too close to
		// one is left out rather than drawn over it.
		r.tickText[i].Hidden = x-ts.Width/2 < r.start.MinSize().Width+4 || x+ts.Width/2 > size.Width-es.Width-4
	}
}

func (r *barRenderer) Refresh() {
	tl := r.b.tl
	r.marks, r.spans = nil, nil
	for _, c := range tl.Clips {
		r.marks = append(r.marks, canvas.NewRectangle(clipColor))
		r.spans = append(r.spans, [2]time.Time{c.Start, c.End()})
	}
	for _, g := range tl.Gaps {
		col := gapOpenColor
		if g.Explained {
			col = gapToldColor
		}
		r.marks = append(r.marks, canvas.NewRectangle(col))
		r.spans = append(r.spans, [2]time.Time{g.From, g.To})
	}
	r.ticks, r.tickText, r.tickAt = nil, nil, nil
	if span := tl.End.Sub(tl.Start); span > 0 {
		step := time.Hour
		for span/step > 8 {
			step += time.Hour
		}
		fg := theme.Color(theme.ColorNameForeground)
		for at := tl.Start.Local().Truncate(time.Hour).Add(step); at.Before(tl.End); at = at.Add(step) {
			if !at.After(tl.Start) {
				continue
			}
			l := canvas.NewLine(color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff})
			l.StrokeWidth = 1
			t := canvas.NewText(at.Format("15:04"), fg)
			t.TextSize = theme.TextSize() * 0.8
			r.ticks, r.tickText, r.tickAt = append(r.ticks, l), append(r.tickText, t), append(r.tickAt, at)
		}
	}
	r.start.Text, r.end.Text = "", ""
	if !tl.Start.IsZero() {
		r.start.Text, r.end.Text = tl.Start.Local().Format("15:04"), tl.End.Local().Format("15:04")
	}
	r.start.Refresh()
	r.end.Refresh()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *barRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg}
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	for i := range r.ticks {
		objs = append(objs, r.ticks[i], r.tickText[i])
	}
	return append(objs, r.start, r.end)
}

func (r *barRenderer) Destroy() {}

package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"evidock/app/daychart"
	"evidock/app/i18n"
	"evidock/app/shell"
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
	chart   *daychart.Chart
	chosen  *fyne.Container // what the tapped bar lets one do
	tl      followups.Timeline
	gaps    *fyne.Container
	clips   *fyne.Container
}

func newTimelineView(ui *UI) *timelineView {
	v := &timelineView{ui: ui, device: ui.NewSelect(nil, nil), day: widget.NewEntry(),
		summary: shell.WrapLabel(i18n.T("tl.pick")), chart: daychart.New(), chosen: container.NewVBox(), gaps: container.NewVBox(),
		clips: container.NewVBox()}
	v.chart.OnSelect = v.choose
	v.day.SetText(i18n.Day(time.Now()))
	v.device.PlaceHolder = i18n.T("tl.device_pick")
	v.day.OnSubmitted = func(string) { v.Show() }
	v.device.OnChanged = func(string) { v.Show() }
	step := func(days int) func() {
		return func() {
			if t, ok := shell.ParseDay(v.day.Text); ok && !t.IsZero() {
				v.day.SetText(i18n.Day(t.AddDate(0, 0, days)))
				v.Show()
			}
		}
	}
	controls := container.NewHBox(widget.NewLabel(i18n.T("tl.device")), container.NewGridWrap(fyne.NewSize(160, v.device.MinSize().Height), v.device), widget.NewLabel(i18n.T("tl.day")),
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), step(-1)),
		container.NewGridWrap(fyne.NewSize(150, v.day.MinSize().Height), v.day),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), step(1)), widget.NewButton(i18n.T("tl.show"), v.Show))
	legend := container.NewHBox(shell.Swatch(daychart.ClipColor, i18n.T("tl.legend_clip")), shell.Swatch(daychart.GapOpenColor, i18n.T("tl.legend_gap_open")),
		shell.Swatch(daychart.GapToldColor, i18n.T("tl.legend_gap_told")))
	body := container.NewVBox(v.summary, v.chart, legend, v.chosen, shell.BoldLabel(i18n.T("tl.gaps")), v.gaps, shell.BoldLabel(i18n.T("tl.clips")), v.clips)
	v.Root = container.NewBorder(controls, nil, nil, nil, container.NewVScroll(body))
	var devices []store.Device
	ui.Background(func(ctx context.Context) error {
		var err error
		devices, err = ui.SessFor(ctx).Devices(ctx)
		return err
	}, func(err error) {
		var names []string
		for _, d := range devices {
			names = append(names, d.Serial)
		}
		v.device.SetOptions(names)
		if err != nil {
			v.summary.SetText(i18n.ErrorText(err))
		}
	})
	return v
}

// Show reads the chosen recorder's day.
func (v *timelineView) Show() {
	dev := v.device.Selected
	t, ok := shell.ParseDay(v.day.Text)
	if dev == "" || !ok || t.IsZero() {
		v.summary.SetText(i18n.T("tl.pick"))
		return
	}
	day := t.Format(time.DateOnly)
	var tl followups.Timeline
	v.ui.Background(func(ctx context.Context) error {
		var err error
		tl, err = followups.TimelineOf(ctx, v.ui.SessFor(ctx), dev, day)
		return err
	}, func(err error) {
		if err != nil {
			v.summary.SetText(i18n.ErrorText(err))
			return
		}
		v.fill(tl)
	})
}

func (v *timelineView) fill(tl followups.Timeline) {
	v.tl = tl
	v.gaps.RemoveAll()
	v.clips.RemoveAll()
	if len(tl.Clips) == 0 {
		v.summary.SetText(i18n.T("tl.empty"))
	} else {
		text := i18n.T("tl.summary", i18n.M{"Day": i18n.DayText(tl.Day), "Start": tl.Start.Local().Format("15:04:05"), "End": tl.End.Local().Format("15:04:05"),
			"Total": i18n.Clock(tl.Recorded), "Clips": len(tl.Clips), "Gaps": len(tl.Gaps)})
		if _, end, ok := daychart.DayBounds(tl.Day, time.Local); ok && tl.End.After(end) { // a shift past midnight
			text += " " + i18n.T("tl.past_midnight", i18n.M{"End": i18n.When(tl.End)})
		}
		v.summary.SetText(text)
	}
	v.chart.Set(tl)
	v.chosen.Objects = []fyne.CanvasObject{widget.NewLabel(i18n.T("tl.tap_hint"))}
	if len(tl.Clips) == 0 {
		v.chosen.Objects = nil
	}
	for _, g := range tl.Gaps {
		v.gaps.Add(v.ui.gapForm(g))
	}
	if len(tl.Gaps) == 0 {
		v.gaps.Add(widget.NewLabel(i18n.T("tl.no_gaps")))
	}
	for _, c := range tl.Clips {
		line := fmt.Sprintf("%s–%s  %s  %s  %s  %s", c.Start.Local().Format("15:04:05"), c.End().Local().Format("15:04:05"),
			c.Name, v.ui.OfficerName(c.Officer), i18n.Category(c.Category), i18n.T("tl.time_from", i18n.M{"Source": i18n.Lookup("source.", c.TimeSource)}))
		if len(c.Flags) > 0 {
			line += "  ⚠ " + i18n.Flags(c.Flags)
		}
		v.clips.Add(shell.WrapLabel(line))
		if slices.Contains(c.Flags, records.FlagTimeConflict) {
			conflict := shell.WrapLabel(i18n.TimeConflict(c.NameTime, c.MetadataTime))
			conflict.Importance = widget.DangerImportance
			v.clips.Add(conflict)
		}
		for i, a := range c.History {
			v.clips.Add(shell.WrapLabel("    " + v.ui.answerLine(i, a)))
		}
	}
	shell.Refreshed(v.chosen, v.gaps, v.clips)
}

// choose shows what may be done with the bar tapped on the chart: a gap's
// explanation (Art. 11), or a recording's details and its actions (ask to
// view, play, classify).
func (v *timelineView) choose(m daychart.Mark) {
	if m.Gap {
		g := v.tl.Gaps[m.Index]
		v.chosen.Objects = []fyne.CanvasObject{shell.BoldLabel(i18n.T("tl.chosen_gap")), v.ui.gapForm(g)}
		shell.Refreshed(v.chosen)
		return
	}
	c := v.tl.Clips[m.Index]
	head := shell.BoldLabel(i18n.T("tl.chosen_clip", i18n.M{"Name": c.Name, "Start": c.Start.Local().Format("15:04:05"),
		"End": c.End().Local().Format("15:04:05"), "Officer": v.ui.OfficerName(c.Officer)}))
	v.chosen.Objects = []fyne.CanvasObject{head}
	shell.Refreshed(v.chosen)
	var recs []records.Recording
	v.ui.Background(func(ctx context.Context) error {
		var err error
		recs, err = records.Recordings(ctx, v.ui.SessFor(ctx), records.RecordingFilter{IDs: []string{c.RecordingID}, Limit: 1})
		return err
	}, func(err error) {
		if v.chart.Selected < 0 || v.chart.Marks[v.chart.Selected] != m {
			return // another bar was tapped meanwhile
		}
		switch {
		case err != nil:
			v.chosen.Add(shell.WrapLabel(i18n.ErrorText(err)))
		case len(recs) == 1:
			v.chosen.Add(v.ui.recordingActions(recs[0])) // recordactions.go
		}
		shell.Refreshed(v.chosen)
	})
}

// showExample shows the first recorder's day before today with its first
// interruption chosen: what `make screenshots` draws (screenshots.go).
func (v *timelineView) showExample() {
	if len(v.device.Options) == 0 {
		return
	}
	v.day.SetText(i18n.Day(time.Now().AddDate(0, 0, -1)))
	v.device.SetSelected(v.device.Options[0]) // Show, through OnChanged
}

// chooseFirstGap selects the day's first interruption on the chart, as a
// tap on it would.
func (v *timelineView) chooseFirstGap() {
	for i, m := range v.chart.Marks {
		if m.Gap {
			v.chart.Select(i)
			v.choose(m)
			return
		}
	}
}

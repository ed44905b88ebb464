package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// dockingView is the 采集 screen: one card per docked recorder, the
// questions still open, and what was imported recently (also while the
// window was closed).
type dockingView struct {
	ui      *UI
	root    fyne.CanvasObject
	list    *fyne.Container
	empty   *widget.Label
	cards   map[string]*cardView
	recent  *fyne.Container
	pending *fyne.Container
}

func newDockingView(ui *UI) *dockingView {
	v := &dockingView{ui: ui, list: container.NewVBox(), cards: map[string]*cardView{},
		recent: container.NewVBox(), pending: container.NewVBox()}
	v.empty = widget.NewLabel(T("dock.empty"))
	v.empty.Wrapping = fyne.TextWrapWord
	v.list.Add(v.empty)
	for _, vol := range ui.model.Volumes() {
		v.refresh(vol)
	}
	head := widget.NewLabelWithStyle(T("dock.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	side := container.NewVBox(
		widget.NewLabelWithStyle(T("dock.recent"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.recent,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(T("dock.pending"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.pending)
	split := container.NewHSplit(container.NewVScroll(container.NewVBox(head, v.list)), container.NewVScroll(side))
	split.Offset = 0.6
	v.root = split
	v.loadRecent()
	return v
}

// loadRecent reads the recent imports and open questions from the store.
func (v *dockingView) loadRecent() {
	sess := v.ui.st.Workstation()
	var imports []store.Import
	var gaps []store.Gap
	var uncategorised int
	v.ui.background(func(ctx context.Context) error {
		var err error
		if imports, err = sess.Imports(ctx, 5); err != nil {
			return err
		}
		if gaps, err = sess.Gaps(ctx, "", true); err != nil {
			return err
		}
		uncategorised, err = sess.CountRecordings(ctx, store.RecordingFilter{Category: "none"})
		return err
	}, func(err error) {
		if v.ui.dock != v {
			return
		}
		v.recent.RemoveAll()
		v.pending.RemoveAll()
		if err != nil {
			v.recent.Add(wrapLabel(ErrorText(err)))
			return
		}
		if len(imports) == 0 {
			v.recent.Add(widget.NewLabel(T("dock.no_imports")))
		}
		for _, im := range imports {
			v.recent.Add(wrapLabel(T("dock.import_line", M{"When": When(im.StartedAt), "Device": orDash(im.DeviceID),
				"Officer": orDash(im.OfficerID), "New": im.New, "Files": im.Files, "Status": lookup("status.", im.Status)})))
		}
		if len(gaps) == 0 && uncategorised == 0 {
			v.pending.Add(widget.NewLabel(T("dock.nothing_pending")))
		}
		if uncategorised > 0 {
			v.pending.Add(v.ui.categoryForm(T("dock.uncategorised", M{"N": uncategorised}), nil))
		}
		for i, g := range gaps {
			if i == 3 {
				v.pending.Add(wrapLabel(T("dock.more_gaps", M{"N": len(gaps) - 3})))
				break
			}
			v.pending.Add(v.ui.gapForm(g))
		}
		v.recent.Refresh()
		v.pending.Refresh()
	})
}

// cardView shows one Card.
type cardView struct {
	card                   *widget.Card
	info, status, warnings *widget.Label
	bar                    *widget.ProgressBar
	safe                   *canvas.Text
	questions              *fyne.Container
	asked                  string // which questions are shown: "", "unrecognised", "finished"
	gapsShown              int
	version                int
}

// refresh redraws the card of volume from the model (UI goroutine).
func (v *dockingView) refresh(vol string) {
	c, ok := v.ui.model.Card(vol)
	if !ok {
		if cv := v.cards[vol]; cv != nil {
			v.list.Remove(cv.card)
			delete(v.cards, vol)
		}
		return
	}
	cv := v.cards[vol]
	if cv == nil {
		cv = v.newCard(vol)
		v.cards[vol] = cv
		v.list.Remove(v.empty)
		v.list.Add(cv.card)
		v.list.Refresh()
	}
	if cv.version == c.Version {
		return
	}
	cv.version = c.Version
	v.fill(cv, &c)
}

func (v *dockingView) newCard(vol string) *cardView {
	cv := &cardView{info: wrapLabel(""), status: wrapLabel(""), warnings: wrapLabel(""),
		bar: widget.NewProgressBar(), questions: container.NewVBox()}
	cv.warnings.Importance = widget.WarningImportance
	cv.safe = canvas.NewText(T("dock.safe"), color.NRGBA{R: 0x1b, G: 0x8a, B: 0x3a, A: 0xff})
	cv.safe.TextSize = 22
	cv.safe.TextStyle.Bold = true
	cv.safe.Hide()
	closeBtn := widget.NewButtonWithIcon(T("dock.close_card"), theme.CancelIcon(), func() {
		v.ui.model.Remove(vol)
		v.refresh(vol)
	})
	body := container.NewVBox(cv.bar, cv.info, cv.status, cv.safe, cv.warnings, cv.questions,
		container.NewHBox(layoutSpacer(), closeBtn))
	cv.card = widget.NewCard("", "", body)
	return cv
}

// fill puts the card's state into its widgets.
func (v *dockingView) fill(cv *cardView, c *Card) {
	name := c.Label
	if name == "" {
		name = c.Volume
	}
	if c.Serial != "" {
		cv.card.SetTitle(T("dock.card_title", M{"Serial": c.Serial}))
		cv.card.SetSubTitle(T("dock.card_sub", M{"Officer": orDash(c.Officer), "Profile": orDash(c.Profile), "Volume": name}))
	} else {
		cv.card.SetTitle(T("dock.card_volume", M{"Volume": name}))
		cv.card.SetSubTitle("")
	}
	p := c.Progress
	if p.BytesTotal > 0 {
		cv.bar.SetValue(float64(p.BytesDone) / float64(p.BytesTotal))
	} else if c.Phase == PhaseFinished {
		cv.bar.SetValue(1)
	} else {
		cv.bar.SetValue(0)
	}
	cv.bar.Hidden = c.Phase == PhaseUnrecognised
	left := "—"
	if r := p.Remaining(); r > 0 {
		left = Clock(r)
	}
	cv.info.SetText(T("dock.progress", M{"Done": p.FilesDone, "Total": p.FilesTotal, "BytesDone": Bytes(p.BytesDone),
		"BytesTotal": Bytes(p.BytesTotal), "Speed": Bytes(int64(p.Rate)), "Left": left}))
	cv.info.Hidden = c.Phase == PhaseUnrecognised || c.Phase == PhaseSeen
	cv.status.SetText(statusText(c))
	cv.status.Importance = statusImportance(c)
	cv.status.Refresh()
	cv.safe.Hidden = !c.SafeToUnplug()
	cv.safe.Text = T("dock.safe")
	cv.safe.Refresh()
	cv.warnings.SetText(warningText(c))
	cv.warnings.Hidden = cv.warnings.Text == ""
	switch {
	case c.Phase == PhaseUnrecognised && !c.Gone:
		if cv.asked != PhaseUnrecognised {
			cv.questions.Objects = []fyne.CanvasObject{v.ui.registerForm(c.Volume, c.Label)}
			cv.asked = PhaseUnrecognised
		}
	case c.Phase == PhaseFinished && c.Result != nil:
		if cv.asked != PhaseFinished {
			cv.questions.Objects = v.ui.followUp(c)
			cv.asked, cv.gapsShown = PhaseFinished, 0
		}
		for ; cv.gapsShown < len(c.Gaps); cv.gapsShown++ {
			if cv.gapsShown == 0 {
				cv.questions.Add(boldWrapLabel(T("q.gaps", M{"N": len(c.Gaps)})))
			}
			cv.questions.Add(v.ui.gapForm(c.Gaps[cv.gapsShown]))
		}
	default:
		if cv.asked != "" {
			cv.questions.Objects, cv.asked = nil, ""
		}
	}
	cv.questions.Refresh()
	cv.card.Refresh()
}

// statusText says where the docking is, in plain words.
func statusText(c *Card) string {
	var s string
	switch c.Phase {
	case PhaseSeen:
		s = T("dock.status_seen")
	case PhaseUnrecognised:
		s = T("dock.status_unrecognised")
	case PhaseRecognised:
		s = T("dock.status_recognised")
	case PhaseImporting:
		s = T("dock.status_importing")
	case PhaseFinished:
		r := c.Result
		if r.SafeToPull {
			s = T("dock.status_done", M{"Files": r.Files, "New": r.New, "Dup": r.Duplicates})
		} else {
			var names []string
			for _, p := range r.Problems {
				names = append(names, p.Path)
			}
			s = T("dock.status_problems", M{"Failed": r.Failed, "Files": r.Files, "Names": strings.Join(names, ", ")})
		}
	case PhaseFailed:
		s = T("dock.status_failed")
	}
	for _, e := range c.Errors {
		s += "\n" + DockError(e)
	}
	switch {
	case c.GoneEarly:
		s += "\n" + T("dock.gone_early")
	case c.Gone:
		s += "\n" + T("dock.gone")
	}
	return s
}

func statusImportance(c *Card) widget.Importance {
	switch {
	case c.GoneEarly || c.Phase == PhaseFailed || len(c.Errors) > 0:
		return widget.DangerImportance
	case c.Phase == PhaseFinished && !c.SafeToUnplug():
		return widget.DangerImportance
	case c.SafeToUnplug():
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// warningText lists what a person should look at about the recorder.
func warningText(c *Card) string {
	var w []string
	for _, f := range c.Flags {
		switch f {
		case store.FlagClockOffset:
			w = append(w, T("dock.warn_clock", M{"S": fmt.Sprintf("%.0f", c.ClockOffsetS)}))
		case store.FlagUnregisteredDevice:
			w = append(w, T("dock.warn_unregistered"))
		default:
			w = append(w, Flag(f))
		}
	}
	if c.RecorderTotal > 0 {
		w = append(w, T("dock.recorder_space", M{"Free": Bytes(c.RecorderFree), "Total": Bytes(c.RecorderTotal)}))
	}
	if c.Wiped > 0 {
		w = append(w, T("dock.wiped", M{"N": c.Wiped}))
	}
	if c.ClockSet {
		w = append(w, T("dock.clock_set"))
	}
	return strings.Join(w, "\n")
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func boldLabel(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// boldWrapLabel is a bold label that wraps: a question long enough, in
// English, to widen the whole window otherwise.
func boldWrapLabel(s string) *widget.Label {
	l := boldLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

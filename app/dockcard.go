package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ingest"
	"evidock/records"
	"evidock/store"
)

// safeGreen is the colour of 可以拔出; the Xvfb test looks for it on screen.
var safeGreen = color.NRGBA{R: 0x1b, G: 0x8a, B: 0x3a, A: 0xff}

// cardView shows one Card.
type cardView struct {
	card                        *widget.Card
	sub, info, status, warnings *widget.Label // sub: the officer and the volume (wraps, unlike a card's subtitle)
	left, other                 *widget.Label // what is still on the recorder (red), what is no recording (grey)
	bar                         *widget.ProgressBar
	safe                        *canvas.Text
	stop, closeBtn              *widget.Button
	questions                   *fyne.Container
	asked                       string // which questions are shown: "", "unrecognised", "finished"
	gapsShown                   int
	version                     int
}

func (v *dockingView) newCard(vol string) *cardView {
	cv := &cardView{sub: shell.WrapLabel(""), info: shell.WrapLabel(""), status: shell.WrapLabel(""), warnings: shell.WrapLabel(""), left: shell.WrapLabel(""), other: shell.WrapLabel(""),
		bar: widget.NewProgressBar(), questions: container.NewVBox()}
	cv.warnings.Importance = widget.WarningImportance
	cv.left.Importance = widget.DangerImportance
	cv.safe = canvas.NewText(i18n.T("dock.safe"), safeGreen)
	cv.safe.TextSize = 30
	cv.safe.TextStyle.Bold = true
	cv.safe.Hide()
	cv.stop = widget.NewButtonWithIcon(i18n.T("dock.stop"), theme.MediaStopIcon(), func() {
		v.ui.Confirm(i18n.T("dock.stop_title"), i18n.T("dock.stop_confirm"), func() {
			v.ui.model.Stop(vol)
			if v.ui.svc != nil {
				v.ui.svc.Cancel(vol)
			}
			v.refresh(vol)
		})
	})
	cv.closeBtn = widget.NewButtonWithIcon(i18n.T("dock.close_card"), theme.CancelIcon(), func() {
		v.ui.model.Remove(vol)
		v.refresh(vol)
	})
	cv.sub.TextStyle.Bold = true
	body := container.NewVBox(cv.sub, cv.bar, cv.info, cv.status, cv.safe, cv.left, cv.other, cv.warnings, cv.questions,
		container.NewHBox(shell.Spacer(), cv.stop, cv.closeBtn))
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
		cv.card.SetTitle(i18n.T("dock.card_title", i18n.M{"Serial": c.Serial}))
		cv.sub.SetText(i18n.T("dock.card_sub", i18n.M{"Officer": v.ui.cardOfficers(c), "Profile": i18n.OrDash(c.Profile), "Volume": name}))
	} else {
		cv.card.SetTitle(i18n.T("dock.card_volume", i18n.M{"Volume": name}))
		cv.sub.SetText("")
	}
	cv.sub.Hidden = cv.sub.Text == ""
	p := c.Progress
	switch {
	case p.BytesTotal > 0:
		cv.bar.SetValue(float64(p.BytesDone) / float64(p.BytesTotal))
	case c.Phase == PhaseFinished && c.Result != nil && c.Result.Status == store.StatusComplete:
		cv.bar.SetValue(1)
	default:
		cv.bar.SetValue(0)
	}
	cv.bar.Hidden = c.Phase == PhaseUnrecognised || c.Phase == PhaseSeen
	left := "—"
	if r := p.Remaining(); r > 0 && c.Phase == PhaseImporting {
		left = i18n.Clock(r)
	}
	cv.info.SetText(i18n.T("dock.progress", i18n.M{"Done": p.FilesDone, "Total": p.FilesTotal, "BytesDone": i18n.Bytes(p.BytesDone),
		"BytesTotal": i18n.Bytes(p.BytesTotal), "Speed": i18n.Bytes(int64(p.Rate)), "Left": left}))
	cv.info.Hidden = cv.bar.Hidden
	cv.status.SetText(statusText(c))
	cv.status.Importance = statusImportance(c)
	cv.status.Refresh()
	cv.safe.Hidden = !c.SafeToUnplug()
	cv.safe.Text = i18n.T("dock.safe")
	cv.safe.Refresh()
	cv.left.SetText(leftText(c))
	cv.left.Hidden = cv.left.Text == ""
	cv.other.SetText(otherText(c))
	cv.other.Hidden = cv.other.Text == ""
	cv.warnings.SetText(warningText(c))
	cv.warnings.Hidden = cv.warnings.Text == ""
	importing := !c.Gone && (c.Phase == PhaseRecognised || c.Phase == PhaseImporting)
	cv.stop.Hidden = !importing || c.Stopping
	cv.closeBtn.Hidden = importing
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
				cv.questions.Add(shell.BoldWrapLabel(i18n.T("q.gaps", i18n.M{"N": len(c.Gaps)})))
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

// cardOfficers names the recordings' officers (姓名（警号）): the one the
// recorder is registered to or out with, else those the files' names carry.
func (ui *UI) cardOfficers(c *Card) string {
	if c.Officer != "" {
		return ui.OfficerName(c.Officer)
	}
	if c.Result != nil && len(c.Result.Officers) > 0 {
		names := make([]string, len(c.Result.Officers))
		for i, o := range c.Result.Officers {
			names[i] = ui.OfficerName(o)
		}
		return strings.Join(names, i18n.T("list.sep"))
	}
	return i18n.T("dock.officer_unknown")
}

// statusText says where the docking is, in plain words.
func statusText(c *Card) string {
	var s string
	switch c.Phase {
	case PhaseSeen:
		s = i18n.T("dock.status_seen")
	case PhaseUnrecognised:
		s = i18n.T("dock.status_unrecognised")
	case PhaseRecognised:
		s = i18n.T("dock.status_recognised")
	case PhaseImporting:
		s = i18n.T("dock.status_importing")
		if c.Stopping {
			s = i18n.T("dock.status_stopping")
		}
	case PhaseFinished:
		r := c.Result
		switch {
		case r.Status != store.StatusComplete:
			s = i18n.T("dock.status_interrupted", i18n.M{"Why": interruptReason(r.Reason), "File": i18n.OrDash(c.Progress.Current),
				"Saved": r.New + r.Duplicates + r.Skipped, "Files": r.Files})
		case r.SafeToPull:
			s = i18n.T("dock.status_done", i18n.M{"Saved": r.New + r.Duplicates + r.Skipped, "New": r.New, "Dup": r.Duplicates + r.Skipped})
		default:
			s = i18n.T("dock.status_problems", i18n.M{"Failed": len(r.LeftOnRecorder), "Files": r.Files})
		}
	case PhaseFailed:
		s = i18n.T("dock.status_failed")
	}
	for _, e := range c.Errors {
		s += "\n" + i18n.DockError(e)
	}
	switch {
	case c.GoneEarly:
		s += "\n" + i18n.T("dock.gone_early")
	case c.Gone:
		s += "\n" + i18n.T("dock.gone")
	}
	return s
}

// interruptReason says why an import stopped.
func interruptReason(reason string) string {
	switch reason {
	case ingest.ReasonDiskFull, ingest.ReasonSourceGone, ingest.ReasonFileErrors, ingest.ReasonCancelled:
		return i18n.T("dock.why_" + reason)
	}
	return i18n.T("dock.why_other")
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

// leftText lists, in red, what is still only on the recorder and why,
// when it is not safe to unplug.
func leftText(c *Card) string {
	if c.Phase != PhaseFinished || c.Result == nil || c.SafeToUnplug() {
		return ""
	}
	r := c.Result
	why := map[string]string{}
	for _, p := range r.Problems {
		why[p.Path] = p.Err
	}
	var b strings.Builder
	b.WriteString(i18n.T("dock.left_title", i18n.M{"N": len(r.LeftOnRecorder)}))
	for i, f := range r.LeftOnRecorder {
		if i == 12 {
			b.WriteString("\n" + i18n.T("verify.more", i18n.M{"N": len(r.LeftOnRecorder) - 12}))
			break
		}
		reason := interruptReason(r.Reason)
		if e, ok := why[f]; ok {
			reason = i18n.DockError(e)
		}
		b.WriteString("\n• " + f + "：" + reason)
	}
	return b.String()
}

// otherText lists what is on the recorder and is no recording, with why
// it was not imported (nothing to worry about, but nothing hidden either).
func otherText(c *Card) string {
	if c.Phase != PhaseFinished || c.Result == nil || len(c.Result.NotImported) == 0 {
		return ""
	}
	r := c.Result
	var b strings.Builder
	b.WriteString(i18n.T("dock.other_title", i18n.M{"N": len(r.NotImported)}))
	for i, s := range r.NotImported {
		if i == 6 {
			b.WriteString("\n" + i18n.T("verify.more", i18n.M{"N": len(r.NotImported) - 6}))
			break
		}
		b.WriteString("\n• " + s.Path + "：" + i18n.Lookup("skip.", s.Reason))
	}
	return b.String()
}

// warningText lists what a person should look at about the recorder.
func warningText(c *Card) string {
	var w []string
	for _, f := range c.Flags {
		switch f {
		case records.FlagClockOffset:
			w = append(w, i18n.T("dock.warn_clock", i18n.M{"S": fmt.Sprintf("%.0f", c.ClockOffsetS)}))
		case records.FlagUnregisteredDevice:
			w = append(w, i18n.T("dock.warn_unregistered"))
		default:
			w = append(w, i18n.Flag(f))
		}
	}
	if c.RecorderTotal > 0 {
		w = append(w, i18n.T("dock.recorder_space", i18n.M{"Free": i18n.Bytes(c.RecorderFree), "Total": i18n.Bytes(c.RecorderTotal)}))
	}
	if c.Wiped > 0 {
		w = append(w, i18n.T("dock.wiped", i18n.M{"N": c.Wiped}))
	}
	if c.ClockSet {
		w = append(w, i18n.T("dock.clock_set"))
	}
	return strings.Join(w, "\n")
}

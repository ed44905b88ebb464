package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/records"
	"evidock/store"
)

// The questions a docking leaves for the officer (Art. 6, 11, 13), asked on
// the card right after the import and answered there: the activity type
// and the interruption's cause are buttons in the regulation's words, one
// tap each. An answer can be amended; every answer stays in the ledger.

// followUp makes the questions of a finished import: the activity type, a
// reason for a late import; interruptions are added as they are reported.
func (ui *UI) followUp(c *Card) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if ids := c.Result.Recordings; len(ids) > 0 {
		out = append(out, ui.categoryForm(i18n.T("q.category", i18n.M{"N": len(ids)}), ids))
	}
	if len(c.Result.Late) > 0 {
		out = append(out, ui.lateForm(c.Result.Late))
	}
	return out
}

// answerMsg is the line under a question: what was saved, or what went wrong.
func answerMsg() *widget.Label {
	l := shell.WrapLabel("")
	l.Hide()
	return l
}

func say(l *widget.Label, text string, imp widget.Importance) {
	l.Importance = imp
	l.SetText(text)
	l.Show()
}

// categoryForm asks for the activity type (Art. 6) of ids, or of every
// uncategorised recording when ids is nil: a button per type applies it to
// all; one by one through a dialog.
func (ui *UI) categoryForm(title string, ids []string) fyne.CanvasObject {
	msg := answerMsg()
	var buttons []fyne.CanvasObject
	var all []*widget.Button
	for _, key := range followups.Categories {
		b := widget.NewButton(i18n.Category(key), nil)
		b.OnTapped = func() {
			for _, x := range all {
				x.Disable()
			}
			ui.Background(func(ctx context.Context) error {
				sess, err := ui.Annotator()
				if err != nil {
					return err
				}
				list := ids
				if list == nil {
					if list, err = ui.uncategorised(ctx); err != nil || len(list) == 0 {
						return err
					}
				}
				return followups.Categorize(ctx, sess, list, key)
			}, func(err error) {
				for _, x := range all {
					x.Enable()
				}
				if err != nil {
					say(msg, i18n.ErrorText(err), widget.DangerImportance)
					return
				}
				for _, x := range all {
					x.Importance = widget.MediumImportance
					x.Refresh()
				}
				b.Importance = widget.HighImportance
				b.Refresh()
				say(msg, i18n.T("q.saved_category", i18n.M{"Category": i18n.Category(key)}), widget.SuccessImportance)
			})
		}
		all = append(all, b)
		buttons = append(buttons, b)
	}
	perClip := widget.NewButton(i18n.T("q.per_clip"), func() { ui.perClipDialog(ids) })
	return container.NewVBox(shell.BoldWrapLabel(title), shell.Grid(2, buttons...), container.NewHBox(perClip), msg)
}

// uncategorised lists the ids of recordings without an activity type.
func (ui *UI) uncategorised(ctx context.Context) ([]string, error) {
	sess, err := ui.Annotator()
	if err != nil {
		return nil, err
	}
	recs, err := records.Recordings(ctx, sess, records.RecordingFilter{Category: "none", Limit: 5000})
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids, err
}

// perClipDialog lets a person give each clip its own activity type.
func (ui *UI) perClipDialog(ids []string) {
	var recs []records.Recording
	ui.Background(func(ctx context.Context) error {
		sess, err := ui.Annotator()
		if err != nil {
			return err
		}
		f := records.RecordingFilter{IDs: ids, Limit: 500}
		if ids == nil {
			f = records.RecordingFilter{Category: "none", Limit: 500}
		}
		recs, err = records.Recordings(ctx, sess, f)
		return err
	}, func(err error) {
		if err != nil {
			ui.ShowError(err)
			return
		}
		rows := container.NewVBox()
		sels := make([]*widget.Select, len(recs))
		for i, r := range recs {
			sels[i] = ui.NewSelect(i18n.CategoryNames(), nil)
			if r.Category != "" {
				sels[i].SetSelected(i18n.Category(r.Category))
			}
			rows.Add(container.NewBorder(nil, nil, widget.NewLabel(i18n.When(r.RecordedAt)+"  "+r.OriginalName), nil, sels[i]))
		}
		scroll := container.NewVScroll(rows)
		scroll.SetMinSize(fyne.NewSize(620, 360))
		d := dialog.NewCustomConfirm(i18n.T("q.per_clip"), i18n.T("q.save"), i18n.T("confirm.no"), scroll, func(ok bool) {
			if !ok {
				return
			}
			byCat := map[string][]string{}
			for i, r := range recs {
				if k := i18n.CategoryKey(sels[i].Selected); k != "" && k != r.Category {
					byCat[k] = append(byCat[k], r.ID)
				}
			}
			ui.Background(func(ctx context.Context) error {
				sess, err := ui.Annotator()
				if err != nil {
					return err
				}
				for k, list := range byCat {
					if err := followups.Categorize(ctx, sess, list, k); err != nil {
						return err
					}
				}
				return nil
			}, func(err error) {
				if err != nil {
					ui.ShowError(err)
				}
			})
		}, ui.Win)
		d.Show()
	})
}

// lateForm asks why recordings were imported late (Art. 13).
func (ui *UI) lateForm(ids []string) fyne.CanvasObject {
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(i18n.T("q.late_hint"))
	reason.SetMinRowsVisible(2)
	reason.Wrapping = fyne.TextWrapWord
	msg := answerMsg()
	save := widget.NewButton(i18n.T("q.save"), nil)
	save.Importance = widget.HighImportance
	save.OnTapped = func() {
		text := strings.TrimSpace(reason.Text)
		if text == "" {
			say(msg, i18n.T("q.late_missing"), widget.DangerImportance)
			return
		}
		save.Disable()
		ui.Background(func(ctx context.Context) error {
			sess, err := ui.Annotator()
			if err != nil {
				return err
			}
			return followups.ExplainLate(ctx, sess, ids, text)
		}, func(err error) {
			save.Enable()
			if err != nil {
				say(msg, i18n.ErrorText(err), widget.DangerImportance)
				return
			}
			say(msg, i18n.T("q.saved"), widget.SuccessImportance)
		})
	}
	return container.NewVBox(shell.BoldWrapLabel(i18n.T("q.late", i18n.M{"N": len(ids)})), reason, container.NewHBox(save), msg)
}

// gapForm asks why the recording was interrupted (Art. 11): a button per
// cause in the regulation's words, with an optional note (required for
// "other") and whether it was stated on the recording. Every answer given
// is listed; a later one amends. A supervisor or leader answers only on
// the officer's behalf, saying why.
func (ui *UI) gapForm(g followups.Gap) fyne.CanvasObject {
	head := shell.WrapLabel(i18n.T("q.gap_line", i18n.M{"Device": g.DeviceID, "From": i18n.When(g.From), "To": i18n.HourMin(g.To),
		"Len": i18n.Clock(g.To.Sub(g.From))}))
	text := widget.NewEntry()
	text.SetPlaceHolder(i18n.T("q.reason_text"))
	stated := widget.NewCheck(i18n.T("q.stated"), nil)
	behalf := widget.NewEntry()
	behalf.SetPlaceHolder(i18n.T("q.behalf_hint"))
	if ui.Session() == nil || !ui.Session().Actor().Has(store.RoleSupervisor, store.RoleLeader) {
		behalf.Hide()
	}
	msg := answerMsg()
	history := container.NewVBox()
	for i, a := range g.History {
		history.Add(shell.WrapLabel(ui.answerLine(i, a)))
	}
	if g.Explained {
		text.SetText(g.Text)
		stated.SetChecked(g.Stated)
	}
	var buttons []fyne.CanvasObject
	var all []*widget.Button
	for _, key := range followups.InterruptionReasons {
		b := widget.NewButton(i18n.Reason(key), nil)
		if g.Explained && g.Reason == key {
			b.Importance = widget.HighImportance
		}
		b.OnTapped = func() {
			note := strings.TrimSpace(text.Text)
			if key == "other" && note == "" {
				say(msg, i18n.T("q.other_needs_text"), widget.DangerImportance)
				return
			}
			for _, x := range all {
				x.Disable()
			}
			ui.Background(func(ctx context.Context) error {
				sess, err := ui.Annotator()
				if err != nil {
					return err
				}
				if r := strings.TrimSpace(behalf.Text); r != "" {
					sess = sess.OnBehalf(r)
				}
				return followups.Explain(ctx, sess, g.ID, key, note, stated.Checked)
			}, func(err error) {
				for _, x := range all {
					x.Enable()
				}
				if err != nil {
					say(msg, i18n.ErrorText(err), widget.DangerImportance)
					return
				}
				for _, x := range all {
					x.Importance = widget.MediumImportance
					x.Refresh()
				}
				b.Importance = widget.HighImportance
				b.Refresh()
				say(msg, i18n.T("q.saved_reason", i18n.M{"Reason": i18n.Reason(key)}), widget.SuccessImportance)
				ui.refreshBadge()
			})
		}
		all = append(all, b)
		buttons = append(buttons, b)
	}
	print := ui.PrintButton(func() (shell.Form, bool) { return shell.InterruptionForm(g.ID), true }, msg)
	return container.NewVBox(head, history, text, container.NewHBox(stated, print), behalf,
		shell.Grid(2, buttons...), msg, widget.NewSeparator())
}

// answerLine says one answer of a question's history: which, what, by whom
// (for whom), when. Later answers amend earlier ones; all are kept.
func (ui *UI) answerLine(i int, a followups.Answer) string {
	what := a.Value
	switch a.Kind {
	case followups.AnswerGap:
		what = i18n.Reason(a.Value)
		if a.Text != "" {
			what += "：" + a.Text
		}
	case followups.AnswerCategory:
		what = i18n.Category(a.Value)
	}
	by := ui.PersonName(a.By)
	if a.OnBehalf {
		by = i18n.T("q.behalf_by", i18n.M{"By": by, "For": ui.OfficerName(a.For), "Why": a.BehalfReason})
	}
	key := "q.history_first"
	if i > 0 {
		key = "q.history_amend"
	}
	return i18n.T(key, i18n.M{"N": i + 1, "What": what, "By": by, "At": i18n.When(a.At)})
}

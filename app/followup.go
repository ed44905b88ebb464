package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// followUp makes the questions of a finished import: the activity type, a
// reason for a late import; interruptions are added as they are reported.
func (ui *UI) followUp(c *Card) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if ids := c.Result.Recordings; len(ids) > 0 {
		out = append(out, ui.categoryForm(T("q.category", M{"N": len(ids)}), ids))
	}
	if len(c.Result.Late) > 0 {
		out = append(out, ui.lateForm(c.Result.Late))
	}
	return out
}

// categoryForm asks for the activity type (Art. 6) of ids, or of every
// uncategorised recording when ids is nil; per clip through a dialog.
func (ui *UI) categoryForm(title string, ids []string) fyne.CanvasObject {
	sel := widget.NewSelect(categoryNames(), nil)
	sel.PlaceHolder = T("q.category_pick")
	done := wrapLabel("")
	apply := widget.NewButton(T("q.apply_all"), nil)
	apply.OnTapped = func() {
		key := categoryKey(sel.Selected)
		if key == "" {
			done.SetText(T("q.category_missing"))
			return
		}
		ui.confirm(T("q.confirm_title"), T("q.confirm_category", M{"Category": sel.Selected}), func() {
			apply.Disable()
			ui.background(func(ctx context.Context) error {
				list := ids
				if list == nil {
					var err error
					if list, err = ui.uncategorised(ctx); err != nil {
						return err
					}
				}
				if len(list) == 0 {
					return nil
				}
				sess, err := ui.annotator()
				if err != nil {
					return err
				}
				return sess.Categorize(ctx, list, key)
			}, func(err error) {
				if err != nil {
					apply.Enable()
					done.SetText(ErrorText(err))
					return
				}
				done.SetText(T("q.saved_category", M{"Category": sel.Selected}))
			})
		})
	}
	perClip := widget.NewButton(T("q.per_clip"), func() { ui.perClipDialog(ids) })
	return container.NewVBox(boldWrapLabel(title), container.NewBorder(nil, nil, nil, container.NewHBox(apply, perClip), sel), done)
}

// uncategorised lists the ids of recordings without an activity type.
func (ui *UI) uncategorised(ctx context.Context) ([]string, error) {
	sess, err := ui.annotator()
	if err != nil {
		return nil, err
	}
	recs, err := sess.Recordings(ctx, store.RecordingFilter{Category: "none", Limit: 5000})
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids, err
}

// perClipDialog lets a person give each clip its own activity type.
func (ui *UI) perClipDialog(ids []string) {
	var recs []store.Recording
	ui.background(func(ctx context.Context) error {
		var err error
		f := store.RecordingFilter{IDs: ids, Limit: 500}
		if ids == nil {
			f = store.RecordingFilter{Category: "none", Limit: 500}
		}
		sess, err := ui.annotator()
		if err != nil {
			return err
		}
		recs, err = sess.Recordings(ctx, f)
		return err
	}, func(err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		rows := container.NewVBox()
		sels := make([]*widget.Select, len(recs))
		for i, r := range recs {
			sels[i] = widget.NewSelect(categoryNames(), nil)
			if r.Category != "" {
				sels[i].SetSelected(Category(r.Category))
			}
			rows.Add(container.NewBorder(nil, nil, widget.NewLabel(When(r.RecordedAt)+"  "+r.OriginalName), nil, sels[i]))
		}
		scroll := container.NewVScroll(rows)
		scroll.SetMinSize(fyne.NewSize(640, 360))
		d := dialog.NewCustomConfirm(T("q.per_clip"), T("q.save"), T("confirm.no"), scroll, func(ok bool) {
			if !ok {
				return
			}
			byCat := map[string][]string{}
			for i, r := range recs {
				if k := categoryKey(sels[i].Selected); k != "" && k != r.Category {
					byCat[k] = append(byCat[k], r.ID)
				}
			}
			ui.background(func(ctx context.Context) error {
				sess, err := ui.annotator()
				if err != nil {
					return err
				}
				for k, list := range byCat {
					if err := sess.Categorize(ctx, list, k); err != nil {
						return err
					}
				}
				return nil
			}, func(err error) {
				if err != nil {
					ui.showError(err)
				}
			})
		}, ui.Win)
		d.Show()
	})
}

// lateForm asks why recordings were imported late (Art. 13).
func (ui *UI) lateForm(ids []string) fyne.CanvasObject {
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(T("q.late_hint"))
	reason.SetMinRowsVisible(2)
	msg := wrapLabel("")
	save := widget.NewButton(T("q.save"), nil)
	save.OnTapped = func() {
		text := strings.TrimSpace(reason.Text)
		if text == "" {
			msg.SetText(T("q.late_missing"))
			return
		}
		ui.confirm(T("q.confirm_title"), T("q.confirm_saved"), func() {
			save.Disable()
			ui.background(func(ctx context.Context) error {
				sess, err := ui.annotator()
				if err != nil {
					return err
				}
				return sess.ExplainLate(ctx, ids, text)
			}, func(err error) {
				if err != nil {
					save.Enable()
					msg.SetText(ErrorText(err))
					return
				}
				reason.Disable()
				msg.SetText(T("q.saved"))
			})
		})
	}
	return container.NewVBox(boldWrapLabel(T("q.late", M{"N": len(ids)})), reason, container.NewHBox(save), msg)
}

// gapForm asks why the recording was interrupted (Art. 11): a reason from
// the list, free text, and whether it was stated on the recording. An
// explained gap shows every answer given (a later one amends the earlier)
// and can be amended. A supervisor or leader answers only on the officer's
// behalf, giving why.
func (ui *UI) gapForm(g store.Gap) fyne.CanvasObject {
	head := wrapLabel(T("q.gap_line", M{"Device": g.DeviceID, "From": When(g.From), "To": g.To.Local().Format("15:04:05"),
		"Len": Clock(g.To.Sub(g.From))}))
	names := make([]string, len(store.InterruptionReasons))
	for i, r := range store.InterruptionReasons {
		names[i] = Reason(r)
	}
	sel := widget.NewSelect(names, nil)
	sel.PlaceHolder = T("q.reason_pick")
	text := widget.NewEntry()
	text.SetPlaceHolder(T("q.reason_text"))
	stated := widget.NewCheck(T("q.stated"), nil)
	behalf := widget.NewEntry()
	behalf.SetPlaceHolder(T("q.behalf_hint"))
	if ui.sess == nil || !ui.sess.Actor().Has(store.RoleSupervisor, store.RoleLeader) {
		behalf.Hide()
	}
	msg := wrapLabel("")
	save := widget.NewButton(T("q.save"), nil)
	save.OnTapped = func() {
		key := ""
		for i, n := range names {
			if n == sel.Selected {
				key = store.InterruptionReasons[i]
			}
		}
		if key == "" {
			msg.SetText(T("q.reason_missing"))
			return
		}
		ui.confirm(T("q.confirm_title"), T("q.confirm_saved"), func() {
			save.Disable()
			ui.background(func(ctx context.Context) error {
				sess, err := ui.annotator()
				if err != nil {
					return err
				}
				if r := strings.TrimSpace(behalf.Text); r != "" {
					sess = sess.OnBehalf(r)
				}
				return sess.Explain(ctx, g.ID, key, strings.TrimSpace(text.Text), stated.Checked)
			}, func(err error) {
				if err != nil {
					save.Enable()
					msg.SetText(ErrorText(err))
					return
				}
				sel.Disable()
				text.Disable()
				stated.Disable()
				msg.SetText(T("q.saved"))
			})
		})
	}
	print := ui.printButton(func() (form, bool) { return interruptionForm(g.ID), true }, msg)
	box := container.NewVBox(head)
	for i, a := range g.History {
		box.Add(wrapLabel(answerLine(i, a)))
	}
	if g.Explained {
		sel.SetSelected(Reason(g.Reason))
		text.SetText(g.Text)
		stated.SetChecked(g.Stated)
		sel.Disable()
		text.Disable()
		stated.Disable()
		save.Hide()
		amend := widget.NewButton(T("q.amend"), nil)
		amend.OnTapped = func() {
			amend.Hide()
			sel.Enable()
			text.Enable()
			stated.Enable()
			save.Show()
		}
		box.Add(container.NewGridWithColumns(2, sel, text))
		box.Add(behalf)
		box.Add(container.NewHBox(stated, save, amend, print))
		box.Add(msg)
		return box
	}
	box.Add(container.NewGridWithColumns(2, sel, text))
	box.Add(behalf)
	box.Add(container.NewHBox(stated, save, print))
	box.Add(msg)
	return box
}

// answerLine says one answer of a question's history: which, what, by whom
// (for whom), when. Later answers amend earlier ones; all are kept.
func answerLine(i int, a store.Answer) string {
	what := a.Value
	switch a.Kind {
	case store.AnswerGap:
		what = Reason(a.Value)
		if a.Text != "" {
			what += "：" + a.Text
		}
	case store.AnswerCategory:
		what = Category(a.Value)
	}
	by := actorName(a.By)
	if a.OnBehalf {
		by = T("q.behalf_by", M{"By": by, "For": a.For, "Why": a.BehalfReason})
	}
	key := "q.history_first"
	if i > 0 {
		key = "q.history_amend"
	}
	return T(key, M{"N": i + 1, "What": what, "By": by, "At": When(a.At)})
}

func categoryNames() []string {
	out := make([]string, len(store.Categories))
	for i, c := range store.Categories {
		out[i] = Category(c)
	}
	return out
}

func categoryKey(name string) string {
	for _, c := range store.Categories {
		if Category(c) == name {
			return c
		}
	}
	return ""
}

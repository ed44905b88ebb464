package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/followups"
	"evidock/regulation"
	"evidock/store"
)

// notRecordedView is the 不录像工作记录: the officer's form (Art. 7: date,
// place, activity, reason, basis, text) and the list of records, which the
// leader acknowledges.
type notRecordedView struct {
	ui       *Shell
	Root     fyne.CanvasObject
	Msg      *widget.Label
	Recs     []followups.NotRecorded
	Table    *dataTable[followups.NotRecorded]
	openOnly *widget.Check
	detail   *widget.Label
	ackNote  *widget.Entry
	ackBt    *widget.Button
}

func newNotRecordedView(ui *Shell) *notRecordedView {
	v := &notRecordedView{ui: ui, Msg: wrapLabel(""), detail: wrapLabel("")}
	var left fyne.CanvasObject
	if ui.may(store.ActNotrecordedFile) {
		left = v.form()
	}
	var right fyne.CanvasObject
	if ui.may(store.ActNotrecordedRead) {
		right = v.records()
	}
	switch {
	case left != nil && right != nil:
		// Each side wraps and truncates rather than widen the window.
		split := container.NewHSplit(narrow(left, 300), narrow(right, 300))
		split.Offset = 0.45
		v.Root = split
	case left != nil:
		v.Root = left
	case right != nil:
		v.Root = right
	default:
		v.Root = notAllowed()
	}
	return v
}

// ReasonNR names a ground of Art. 7 in the regulation's words.
func ReasonNR(key string) string { return Word(regulation.NotRecordedGrounds, key) }

func (v *notRecordedView) form() fyne.CanvasObject {
	day, place, basis := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	day.SetText(time.Now().Format(time.DateOnly))
	day.SetPlaceHolder(T("filter.from_hint"))
	place.SetPlaceHolder(T("nr.place_hint"))
	basis.SetPlaceHolder(T("nr.basis_hint"))
	text := widget.NewMultiLineEntry()
	text.SetPlaceHolder(T("nr.text_hint"))
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	cat := newPicker(categoryNames(), nil)
	cat.PlaceHolder = T("nr.category_pick")
	var reasons []string
	for _, r := range followups.NotRecordedReasons {
		reasons = append(reasons, ReasonNR(r))
	}
	reason := newPicker(reasons, nil)
	reason.PlaceHolder = T("nr.reason_pick")
	submit := widget.NewButton(T("nr.submit"), func() {
		n := followups.NotRecorded{Day: strings.TrimSpace(day.Text), Place: strings.TrimSpace(place.Text),
			Category: categoryKey(cat.Selected), Basis: strings.TrimSpace(basis.Text), Text: strings.TrimSpace(text.Text)}
		for _, r := range followups.NotRecordedReasons {
			if ReasonNR(r) == reason.Selected {
				n.Reason = r
			}
		}
		if t, ok := parseDay(n.Day); !ok || t.IsZero() {
			v.Msg.SetText(T("filter.bad_date", M{"Text": n.Day}))
			return
		}
		if n.Place == "" || n.Basis == "" || n.Text == "" || n.Category == "" || n.Reason == "" {
			v.Msg.SetText(T("nr.incomplete"))
			return
		}
		v.ui.confirm(T("q.confirm_title"), T("nr.confirm", M{"Day": n.Day, "Place": n.Place}), func() {
			v.Msg.SetText(T("sv.loading"))
			v.ui.background(func(ctx context.Context) error {
				var err error
				n, err = followups.FileNotRecorded(ctx, v.ui.sessFor(ctx), n)
				return err
			}, func(err error) {
				if err != nil {
					v.Msg.SetText(ErrorText(err))
					return
				}
				v.Msg.SetText(T("nr.filed", M{"ID": n.ID}))
				place.SetText("")
				basis.SetText("")
				text.SetText("")
				if v.Table != nil {
					v.Load()
				}
			})
		})
	})
	submit.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(T("nr.day"), day), widget.NewFormItem(T("nr.place"), place),
		widget.NewFormItem(T("nr.category"), cat), widget.NewFormItem(T("nr.reason"), reason),
		widget.NewFormItem(T("nr.basis"), basis), widget.NewFormItem(T("nr.text"), text))
	return container.NewVScroll(container.NewVBox(boldLabel(T("nr.form_title")), wrapLabel(T("nr.intro")), form,
		container.NewHBox(submit), v.Msg))
}

func (v *notRecordedView) records() fyne.CanvasObject {
	v.openOnly = widget.NewCheck(T("nr.open_only"), func(bool) { v.Load() })
	v.Table = newDataTable(v.ui, []column[followups.NotRecorded]{
		numCol("tables.col_no", 50, func(n followups.NotRecorded) int64 { return n.ID }),
		dayCol("nr.day", 120, func(n followups.NotRecorded) time.Time { return dayOf(n.Day) }),
		col("tables.col_officer", 120, func(n followups.NotRecorded) string { return v.ui.OfficerName(n.Officer) }),
		col("nr.place", 120, func(n followups.NotRecorded) string { return n.Place }),
		col("nr.category", 110, func(n followups.NotRecorded) string { return Category(n.Category) }),
		col("nr.reason", 150, func(n followups.NotRecorded) string { return ReasonNR(n.Reason) }),
		col("tables.col_state", 100, notRecordedState),
	}, 1, true, filters[followups.NotRecorded]{
		Day:     func(n followups.NotRecorded) time.Time { return dayOf(n.Day) },
		Officer: func(n followups.NotRecorded) string { return n.Officer },
	})
	v.Table.OnSelect = v.show
	v.Table.OnUnselect = func() {
		v.detail.SetText("")
		if v.ackBt != nil {
			v.ackBt.Disable()
		}
	}
	top := container.NewVBox(boldLabel(T("nr.list_title")), v.openOnly)
	print := v.ui.printButton(func() (form, bool) {
		n, ok := v.Table.Selected()
		if !ok {
			v.detail.SetText(T("pr.pick"))
			return form{}, false
		}
		return notRecordedForm(n.ID), true
	}, v.detail)
	bottom := container.NewVBox(widget.NewSeparator(), v.detail, container.NewHBox(print))
	if v.ui.may(store.ActNotrecordedAck) {
		v.openOnly.SetChecked(true) // the leader starts with what waits for them
		v.ackNote = widget.NewEntry()
		v.ackNote.SetPlaceHolder(T("nr.ack_hint"))
		v.ackBt = widget.NewButton(T("nr.ack"), v.ack)
		v.ackBt.Importance = widget.HighImportance
		v.ackBt.Disable()
		bottom.Add(container.NewBorder(nil, nil, nil, v.ackBt, v.ackNote))
	}
	v.Load()
	return container.NewBorder(top, bottom, nil, nil, v.Table.Root)
}

// Load lists the work records (a ledger entry).
func (v *notRecordedView) Load() {
	f := followups.NotRecordedFilter{Open: v.openOnly.Checked, Limit: 1000}
	var recs []followups.NotRecorded
	v.ui.background(func(ctx context.Context) error {
		var err error
		recs, err = followups.NotRecordedRecords(ctx, v.ui.sessFor(ctx), f)
		return err
	}, func(err error) {
		if err != nil {
			v.detail.SetText(ErrorText(err))
			return
		}
		v.Recs = recs
		v.Table.Set(recs)
	})
}

func (v *notRecordedView) show(n followups.NotRecorded) {
	s := T("nr.detail", M{"ID": n.ID, "Officer": v.ui.OfficerName(n.Officer), "Day": DayText(n.Day), "Place": n.Place,
		"Category": Category(n.Category), "Reason": ReasonNR(n.Reason), "Basis": n.Basis, "Text": n.Text, "Filed": When(n.FiledAt)})
	if n.Acknowledged() {
		s += "\n" + T("nr.acked", M{"By": v.ui.PersonName(n.AckBy), "At": When(n.AckAt), "Note": orDash(n.AckNote)})
	}
	v.detail.SetText(s)
	if v.ackBt != nil {
		if n.Acknowledged() {
			v.ackBt.Disable()
		} else {
			v.ackBt.Enable()
		}
	}
}

// notRecordedState says whether the leader has acknowledged the record.
func notRecordedState(n followups.NotRecorded) string {
	if n.Acknowledged() {
		return T("nr.acked_short")
	}
	return T("nr.waiting")
}

// ack is the leader's acknowledgement of the selected record.
func (v *notRecordedView) ack() {
	n, ok := v.Table.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.ackNote.Text)
	v.ui.confirm(T("q.confirm_title"), T("nr.confirm_ack", M{"ID": n.ID, "Officer": v.ui.OfficerName(n.Officer), "Day": DayText(n.Day)}), func() {
		v.ui.background(func(ctx context.Context) error { return followups.AckNotRecorded(ctx, v.ui.sessFor(ctx), n.ID, note) }, func(err error) {
			if err != nil {
				v.detail.SetText(ErrorText(err))
				return
			}
			v.ackNote.SetText("")
			v.Load()
		})
	})
}

// NotRecordedLine is one work record in the list.
func NotRecordedLine(n followups.NotRecorded) string {
	state := T("nr.waiting")
	if n.Acknowledged() {
		state = T("nr.acked_short")
	}
	return fmt.Sprintf("#%d  %s  %s  %s  %s  %s", n.ID, n.Day, n.Officer, Category(n.Category), ReasonNR(n.Reason), state)
}

package keeping

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/regulation"
	"evidock/store"
)

// NotRecordedView is the 不录像工作记录: the officer's form (Art. 7: date,
// place, activity, reason, basis, text) and the list of records, which the
// leader acknowledges.
type NotRecordedView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	Msg      *widget.Label
	Recs     []followups.NotRecorded
	Table    *shell.DataTable[followups.NotRecorded]
	openOnly *widget.Check
	detail   *widget.Label
	ackNote  *widget.Entry
	ackBt    *widget.Button
}

func NewNotRecordedView(ui *shell.Shell) *NotRecordedView {
	v := &NotRecordedView{ui: ui, Msg: shell.WrapLabel(""), detail: shell.WrapLabel("")}
	var left fyne.CanvasObject
	if ui.May(store.ActNotrecordedFile) {
		left = v.form()
	}
	var right fyne.CanvasObject
	if ui.May(store.ActNotrecordedRead) {
		right = v.records()
	}
	switch {
	case left != nil && right != nil:
		// Each side wraps and truncates rather than widen the window.
		split := container.NewHSplit(shell.Narrow(left, 300), shell.Narrow(right, 300))
		split.Offset = 0.45
		v.Root = split
	case left != nil:
		v.Root = left
	case right != nil:
		v.Root = right
	default:
		v.Root = shell.NotAllowed()
	}
	return v
}

// ReasonNR names a ground of Art. 7 in the regulation's words.
func ReasonNR(key string) string { return i18n.Word(regulation.NotRecordedGrounds, key) }

func (v *NotRecordedView) form() fyne.CanvasObject {
	day, place, basis := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	day.SetText(time.Now().Format(time.DateOnly))
	day.SetPlaceHolder(i18n.T("filter.from_hint"))
	place.SetPlaceHolder(i18n.T("nr.place_hint"))
	basis.SetPlaceHolder(i18n.T("nr.basis_hint"))
	text := widget.NewMultiLineEntry()
	text.SetPlaceHolder(i18n.T("nr.text_hint"))
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	cat := shell.NewPicker(i18n.CategoryNames(), nil)
	cat.PlaceHolder = i18n.T("nr.category_pick")
	var reasons []string
	for _, r := range followups.NotRecordedReasons {
		reasons = append(reasons, ReasonNR(r))
	}
	reason := shell.NewPicker(reasons, nil)
	reason.PlaceHolder = i18n.T("nr.reason_pick")
	submit := widget.NewButton(i18n.T("nr.submit"), func() {
		n := followups.NotRecorded{Day: strings.TrimSpace(day.Text), Place: strings.TrimSpace(place.Text),
			Category: i18n.CategoryKey(cat.Selected), Basis: strings.TrimSpace(basis.Text), Text: strings.TrimSpace(text.Text)}
		for _, r := range followups.NotRecordedReasons {
			if ReasonNR(r) == reason.Selected {
				n.Reason = r
			}
		}
		if t, ok := shell.ParseDay(n.Day); !ok || t.IsZero() {
			v.Msg.SetText(i18n.T("filter.bad_date", i18n.M{"Text": n.Day}))
			return
		}
		if n.Place == "" || n.Basis == "" || n.Text == "" || n.Category == "" || n.Reason == "" {
			v.Msg.SetText(i18n.T("nr.incomplete"))
			return
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("nr.confirm", i18n.M{"Day": n.Day, "Place": n.Place}), func() {
			v.Msg.SetText(i18n.T("sv.loading"))
			v.ui.Background(func(ctx context.Context) error {
				var err error
				n, err = followups.FileNotRecorded(ctx, v.ui.SessFor(ctx), n)
				return err
			}, func(err error) {
				if err != nil {
					v.Msg.SetText(i18n.ErrorText(err))
					return
				}
				v.Msg.SetText(i18n.T("nr.filed", i18n.M{"ID": n.ID}))
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
	form := widget.NewForm(widget.NewFormItem(i18n.T("nr.day"), day), widget.NewFormItem(i18n.T("nr.place"), place),
		widget.NewFormItem(i18n.T("nr.category"), cat), widget.NewFormItem(i18n.T("nr.reason"), reason),
		widget.NewFormItem(i18n.T("nr.basis"), basis), widget.NewFormItem(i18n.T("nr.text"), text))
	return container.NewVScroll(container.NewVBox(shell.BoldLabel(i18n.T("nr.form_title")), shell.WrapLabel(i18n.T("nr.intro")), form,
		container.NewHBox(submit), v.Msg))
}

func (v *NotRecordedView) records() fyne.CanvasObject {
	v.openOnly = widget.NewCheck(i18n.T("nr.open_only"), func(bool) { v.Load() })
	v.Table = shell.NewDataTable(v.ui, []shell.Column[followups.NotRecorded]{
		shell.NumCol("tables.col_no", 50, func(n followups.NotRecorded) int64 { return n.ID }),
		shell.DayCol("nr.day", 120, func(n followups.NotRecorded) time.Time { return shell.DayOf(n.Day) }),
		shell.Col("tables.col_officer", 120, func(n followups.NotRecorded) string { return v.ui.OfficerName(n.Officer) }),
		shell.Col("nr.place", 120, func(n followups.NotRecorded) string { return n.Place }),
		shell.Col("nr.category", 110, func(n followups.NotRecorded) string { return i18n.Category(n.Category) }),
		shell.Col("nr.reason", 150, func(n followups.NotRecorded) string { return ReasonNR(n.Reason) }),
		shell.Col("tables.col_state", 100, notRecordedState),
	}, 1, true, shell.Filters[followups.NotRecorded]{
		Day:     func(n followups.NotRecorded) time.Time { return shell.DayOf(n.Day) },
		Officer: func(n followups.NotRecorded) string { return n.Officer },
	})
	v.Table.OnSelect = v.show
	v.Table.OnUnselect = func() {
		v.detail.SetText("")
		if v.ackBt != nil {
			v.ackBt.Disable()
		}
	}
	top := container.NewVBox(shell.BoldLabel(i18n.T("nr.list_title")), v.openOnly)
	print := v.ui.PrintButton(func() (shell.Form, bool) {
		n, ok := v.Table.Selected()
		if !ok {
			v.detail.SetText(i18n.T("pr.pick"))
			return shell.Form{}, false
		}
		return shell.NotRecordedForm(n.ID), true
	}, v.detail)
	bottom := container.NewVBox(widget.NewSeparator(), v.detail, container.NewHBox(print))
	if v.ui.May(store.ActNotrecordedAck) {
		v.openOnly.SetChecked(true) // the leader starts with what waits for them
		v.ackNote = widget.NewEntry()
		v.ackNote.SetPlaceHolder(i18n.T("nr.ack_hint"))
		v.ackBt = widget.NewButton(i18n.T("nr.ack"), v.ack)
		v.ackBt.Importance = widget.HighImportance
		v.ackBt.Disable()
		bottom.Add(container.NewBorder(nil, nil, nil, v.ackBt, v.ackNote))
	}
	v.Load()
	return container.NewBorder(top, bottom, nil, nil, v.Table.Root)
}

// Load lists the work records (a ledger entry).
func (v *NotRecordedView) Load() {
	f := followups.NotRecordedFilter{Open: v.openOnly.Checked, Limit: 1000}
	shell.LoadRows(v.ui, v.detail, nil, func(ctx context.Context, sess *store.Session) ([]followups.NotRecorded, error) {
		return followups.NotRecordedRecords(ctx, sess, f)
	}, func(recs []followups.NotRecorded) {
		v.Recs = recs
		v.Table.Set(recs)
	})
}

func (v *NotRecordedView) show(n followups.NotRecorded) {
	s := i18n.T("nr.detail", i18n.M{"ID": n.ID, "Officer": v.ui.OfficerName(n.Officer), "Day": i18n.DayText(n.Day), "Place": n.Place,
		"Category": i18n.Category(n.Category), "Reason": ReasonNR(n.Reason), "Basis": n.Basis, "Text": n.Text, "Filed": i18n.When(n.FiledAt)})
	if n.Acknowledged() {
		s += "\n" + i18n.T("nr.acked", i18n.M{"By": v.ui.PersonName(n.AckBy), "At": i18n.When(n.AckAt), "Note": i18n.OrDash(n.AckNote)})
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
		return i18n.T("nr.acked_short")
	}
	return i18n.T("nr.waiting")
}

// ack is the leader's acknowledgement of the selected record.
func (v *NotRecordedView) ack() {
	n, ok := v.Table.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.ackNote.Text)
	v.ui.ConfirmThenDo(i18n.T("nr.confirm_ack", i18n.M{"ID": n.ID, "Officer": v.ui.OfficerName(n.Officer), "Day": i18n.DayText(n.Day)}), v.detail,
		func(ctx context.Context, sess *store.Session) error {
			return followups.AckNotRecorded(ctx, sess, n.ID, note)
		},
		func() {
			v.ackNote.SetText("")
			v.Load()
		})
}

// NotRecordedLine is one work record in the list.
func NotRecordedLine(n followups.NotRecorded) string {
	state := i18n.T("nr.waiting")
	if n.Acknowledged() {
		state = i18n.T("nr.acked_short")
	}
	return fmt.Sprintf("#%d  %s  %s  %s  %s  %s", n.ID, n.Day, n.Officer, i18n.Category(n.Category), ReasonNR(n.Reason), state)
}

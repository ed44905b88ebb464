package supervise

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/custody"
	"evidock/regulation"
	"evidock/store"
)

// ViolationsView is 督查 → 违规情形登记: the violation register (Art. 20) as
// the core lists it (an officer sees only their own), and for the selected
// entry the step the core allows: open it as a case for review, record the
// measures of Art. 21 a leader decided, or close it with a note. The
// software never judges; each button is the core's role table.
type ViolationsView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	Table    *shell.DataTable[custody.Violation]
	Detail   *widget.Label
	Note     *widget.Entry
	Measures []*widget.Check // the measures of Art. 21
	Msg      *widget.Label
	Open     *shell.ReasonButton
	Decide   *shell.ReasonButton
	Close    *shell.ReasonButton
	Rows     []custody.Violation
	loadNo   int
}

// violationColumns are the columns of the register's table.
func violationColumns(ui *shell.Shell) []shell.Column[custody.Violation] {
	return []shell.Column[custody.Violation]{
		shell.NumCol("tables.col_no", 50, func(v custody.Violation) int64 { return v.ID }),
		shell.WhenCol("lists.vio_col_raised", 150, func(v custody.Violation) time.Time { return v.RaisedAt }),
		shell.Col("lists.vio_col_item", 170, func(v custody.Violation) string { return i18n.Word(regulation.Violations, v.Item) }),
		shell.Col("tables.col_device", 90, func(v custody.Violation) string { return i18n.OrDash(v.Device) }),
		shell.Col("tables.col_officer", 110, func(v custody.Violation) string { return ui.OfficerName(v.Officer) }),
		shell.Col("tables.col_detail", 220, func(v custody.Violation) string { return i18n.OrDash(v.Detail) }),
		shell.Col("lists.vio_col_status", 70, func(v custody.Violation) string { return i18n.Lookup("lists.vio_status_", v.Status) }),
	}
}

// measureWords are the measures of Art. 21 in the window's language.
func measureWords() []string {
	var out []string
	for _, k := range regulation.Measures.Keys() {
		out = append(out, i18n.Word(regulation.Measures, k))
	}
	return out
}

func NewViolationsView(ui *shell.Shell) *ViolationsView {
	v := &ViolationsView{ui: ui, Detail: shell.WrapLabel(i18n.T("tables.pick_row")), Msg: shell.WrapLabel("")}
	v.Table = shell.NewDataTable(ui, violationColumns(ui), 0, true, shell.Filters[custody.Violation]{
		Day:     func(x custody.Violation) time.Time { return x.RaisedAt },
		Officer: func(x custody.Violation) string { return x.Officer },
		Device:  func(x custody.Violation) string { return x.Device },
	})
	v.Note = widget.NewEntry()
	v.Note.SetPlaceHolder(i18n.T("lists.vio_note_hint"))
	var checks []fyne.CanvasObject
	for _, w := range measureWords() {
		c := widget.NewCheck(w, nil)
		v.Measures = append(v.Measures, c)
		checks = append(checks, c)
	}
	v.Open = ui.ActionButton(i18n.T("lists.vio_open"), store.ActViolationOpen, func() {
		v.step("lists.vio_confirm_open", func(ctx context.Context, id int64, note string) error {
			return custody.OpenViolation(ctx, v.ui.SessFor(ctx), id, note)
		})
	})
	v.Decide = ui.ActionButton(i18n.T("lists.vio_decide"), store.ActViolationDecide, func() {
		var measures []string
		for _, c := range v.Measures {
			if c.Checked {
				measures = append(measures, c.Text)
			}
		}
		if len(measures) == 0 {
			v.Msg.SetText(i18n.T("lists.vio_need_measure"))
			return
		}
		v.step("lists.vio_confirm_decide", func(ctx context.Context, id int64, note string) error {
			return custody.DecideViolation(ctx, v.ui.SessFor(ctx), id, measures, note)
		})
	})
	v.Close = ui.ActionButton(i18n.T("lists.vio_close"), store.ActViolationClose, func() {
		v.step("lists.vio_confirm_close", func(ctx context.Context, id int64, note string) error {
			return custody.CloseViolation(ctx, v.ui.SessFor(ctx), id, note)
		})
	})
	v.Table.OnSelect = v.selected
	v.Table.OnUnselect = func() {
		v.Detail.SetText(i18n.T("tables.pick_row"))
		v.setStates(nil)
	}
	v.setStates(nil)
	refresh := widget.NewButton(i18n.T("lists.refresh"), v.Load)
	head := container.NewHBox(shell.BoldLabel(i18n.T("lists.vio_title")), shell.Spacer(), refresh)
	actions := container.NewVBox(v.Detail, v.Note, shell.Grid(3, checks...), container.NewHBox(v.Open, v.Decide, v.Close), v.Msg)
	v.Root = container.NewBorder(container.NewVBox(head, shell.WrapLabel(i18n.T("lists.vio_intro"))), actions, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// setStates gates the buttons on where the selected entry stands (the
// core's steps: raised → open → decided → closed; anything not closed may
// be closed).
func (v *ViolationsView) setStates(x *custody.Violation) {
	pick := i18n.T("tables.pick_row")
	if x == nil {
		v.Open.SetState(pick)
		v.Decide.SetState(pick)
		v.Close.SetState(pick)
		return
	}
	status := i18n.Lookup("lists.vio_status_", x.Status)
	only := func(ok bool, key string) string {
		if ok {
			return ""
		}
		return i18n.T(key, i18n.M{"Status": status})
	}
	v.Open.SetState(only(x.Status == custody.ViolationRaised, "lists.vio_only_raised"))
	v.Decide.SetState(only(x.Status == custody.ViolationOpen, "lists.vio_only_open"))
	v.Close.SetState(only(x.Status != custody.ViolationClosed, "lists.vio_already_closed"))
}

func (v *ViolationsView) selected(x custody.Violation) {
	lines := []string{i18n.T("lists.vio_detail", i18n.M{"ID": x.ID, "Item": i18n.Word(regulation.Violations, x.Item),
		"Officer": v.ui.OfficerName(x.Officer), "Device": i18n.OrDash(x.Device), "Detail": i18n.OrDash(x.Detail),
		"Status": i18n.Lookup("lists.vio_status_", x.Status)})}
	if t, ok := regulation.Violations.Term(x.Item); ok {
		lines = append(lines, i18n.T("lists.vio_cite", i18n.M{"Cite": t.Cite(), "Art": t.Article, "Item": t.Item}))
	}
	if x.OpenNote != "" {
		lines = append(lines, i18n.T("lists.vio_opened_line", i18n.M{"At": i18n.When(x.OpenedAt), "By": v.ui.PersonName(x.OpenedBy), "Note": x.OpenNote}))
	}
	if len(x.Measures) > 0 {
		var ms []string
		for _, m := range x.Measures {
			ms = append(ms, i18n.Word(regulation.Measures, m))
		}
		lines = append(lines, i18n.T("lists.vio_decided_line", i18n.M{"At": i18n.When(x.DecidedAt), "By": v.ui.PersonName(x.DecidedBy),
			"Measures": strings.Join(ms, i18n.T("list.sep")), "Note": i18n.OrDash(x.Decision)}))
	}
	if x.CloseNote != "" {
		lines = append(lines, i18n.T("lists.vio_closed_line", i18n.M{"At": i18n.When(x.ClosedAt), "By": v.ui.PersonName(x.ClosedBy), "Note": x.CloseNote}))
	}
	v.Detail.SetText(strings.Join(lines, "\n"))
	v.setStates(&x)
}

// step takes a step on the selected entry with the note, after asking.
func (v *ViolationsView) step(confirmKey string, do func(ctx context.Context, id int64, note string) error) {
	x, ok := v.Table.Selected()
	if !ok {
		v.Msg.SetText(i18n.T("tables.pick_row"))
		return
	}
	note := strings.TrimSpace(v.Note.Text)
	if note == "" {
		v.Msg.SetText(i18n.T("lists.vio_need_note"))
		return
	}
	v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T(confirmKey, i18n.M{"ID": x.ID}), func() {
		v.ui.Background(func(ctx context.Context) error { return do(ctx, x.ID, note) }, func(err error) {
			if err != nil {
				v.Msg.SetText(violationError(err))
				return
			}
			v.Msg.SetText(i18n.T("lists.vio_done", i18n.M{"ID": x.ID}))
			v.Note.SetText("")
			for _, c := range v.Measures {
				c.SetChecked(false)
			}
			v.Load()
		})
	})
}

// violationError says why a step was not taken.
func violationError(err error) string {
	if errors.Is(err, custody.ErrConflict) {
		return i18n.T("lists.vio_conflict")
	}
	return i18n.ErrorText(err)
}

// Load reads the register anew, newest first.
func (v *ViolationsView) Load() {
	shell.LoadLatestRows(v.ui, &v.loadNo, v.Msg, nil, func(ctx context.Context, sess *store.Session) ([]custody.Violation, error) {
		return custody.Violations(ctx, sess, custody.ViolationFilter{})
	}, func(rows []custody.Violation) {
		v.Rows = rows
		v.Table.Set(rows)
		if len(rows) == 0 {
			v.Detail.SetText(i18n.T("lists.vio_none"))
		}
	})
}

package keeping

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/records"
	"evidock/retention"
	"evidock/store"
)

// CasesView is 案卷: case files, the recordings they hold as evidence,
// their retention, and closing them.
type CasesView struct {
	ui     *shell.Shell
	Root   fyne.CanvasObject
	cases  []retention.Case
	Table  *shell.DataTable[retention.Case]
	msg    *widget.Label
	detail *widget.Label
	Recs   *shell.DataTable[records.Recording] // the selected case's recordings
	Cur    *retention.Case
	loadNo int
	Picker *shell.RecordingPicker // the last one opened
	manage *fyne.Container        // what only case.manage may use
}

func NewCasesView(ui *shell.Shell) *CasesView {
	v := &CasesView{ui: ui, msg: shell.WrapLabel(""), detail: shell.WrapLabel(i18n.T("kp.case_none"))}
	v.Table = shell.NewDataTable(ui, []shell.Column[retention.Case]{
		shell.Col("kp.case_number", 130, func(c retention.Case) string { return c.Number }),
		shell.Col("kp.case_name", 130, func(c retention.Case) string { return c.Name }),
		shell.Col("tables.col_state", 70, caseState),
		shell.Col("tables.col_retention", 60, func(c retention.Case) string { return RetentionText(c.Retention) }),
		shell.NumCol("tables.col_recordings", 60, func(c retention.Case) int64 { return int64(len(c.Recordings)) }),
		shell.WhenCol("tables.col_created", 150, func(c retention.Case) time.Time { return c.CreatedAt }),
	}, 5, true, shell.Filters[retention.Case]{Day: func(c retention.Case) time.Time { return c.CreatedAt }})
	v.Table.OnSelect = func(c retention.Case) { v.show(&c) }
	v.Recs = shell.NewDataTable(ui, shell.RecordingColumns(ui), 0, false, shell.Filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})

	left := container.NewBorder(shell.BoldLabel(i18n.T("kp.cases")), nil, nil, nil, v.Table.Root)
	if ui.May(store.ActCaseManage) {
		left = container.NewBorder(shell.BoldLabel(i18n.T("kp.cases")), v.addForm(), nil, nil, v.Table.Root)
	}
	right := container.NewBorder(container.NewVBox(v.detail, shell.BoldLabel(i18n.T("kp.case_recordings"))), v.caseActions(), nil, nil, v.Recs.Root)
	split := container.NewHSplit(shell.Narrow(left, 300), shell.Narrow(right, 300))
	split.Offset = 0.45
	v.Root = split
	v.Load("")
	return v
}

// retentionInput is "years" plus "permanent".
func retentionInput() (*widget.Entry, *widget.Check, func() (retention.Retention, bool)) {
	years := widget.NewEntry()
	years.SetText("2")
	perm := widget.NewCheck(i18n.T("kp.permanent"), func(on bool) {
		if on {
			years.Disable()
		} else {
			years.Enable()
		}
	})
	return years, perm, func() (retention.Retention, bool) {
		if perm.Checked {
			return retention.Retention{Permanent: true}, true
		}
		n, err := strconv.Atoi(strings.TrimSpace(years.Text))
		return retention.Retention{Years: n}, err == nil && n >= 1
	}
}

func (v *CasesView) addForm() fyne.CanvasObject {
	num, name, typ := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	num.SetPlaceHolder(i18n.T("kp.case_number_hint"))
	name.SetPlaceHolder(i18n.T("kp.case_name_hint"))
	typ.SetPlaceHolder(i18n.T("kp.case_type_hint"))
	years, perm, ret := retentionInput()
	add := widget.NewButton(i18n.T("kp.case_add"), func() {
		r, ok := ret()
		c := retention.Case{Number: strings.TrimSpace(num.Text), Name: strings.TrimSpace(name.Text), Type: strings.TrimSpace(typ.Text), Retention: r}
		if !ok {
			v.msg.SetText(i18n.T("kp.bad_years"))
			return
		}
		if c.Number == "" || c.Name == "" {
			v.msg.SetText(i18n.T("kp.case_needs"))
			return
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("kp.confirm_add", i18n.M{"Number": c.Number, "Name": c.Name, "Retention": RetentionText(r)}), func() {
			v.act(func(ctx context.Context) error { return retention.AddCase(ctx, v.ui.SessFor(ctx), c) }, i18n.T("kp.case_added", i18n.M{"Number": c.Number}), c.Number)
			num.SetText("")
			name.SetText("")
		})
	})
	add.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(i18n.T("kp.case_number"), num), widget.NewFormItem(i18n.T("kp.case_name"), name),
		widget.NewFormItem(i18n.T("kp.case_type"), typ), widget.NewFormItem(i18n.T("kp.retention_years"), container.NewBorder(nil, nil, nil, perm, years)))
	return container.NewVBox(widget.NewSeparator(), shell.BoldLabel(i18n.T("kp.case_new")), form, container.NewHBox(add), v.msg)
}

// caseActions: link, unlink, retention, close (for case.manage).
func (v *CasesView) caseActions() fyne.CanvasObject {
	if !v.ui.May(store.ActCaseManage) {
		return v.msg
	}
	ids := widget.NewEntry()
	ids.SetPlaceHolder(i18n.T("kp.link_hint"))
	link := widget.NewButton(i18n.T("kp.link"), func() {
		recs := strings.FieldsFunc(ids.Text, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' })
		if v.Cur == nil || len(recs) == 0 {
			v.msg.SetText(i18n.T("kp.link_needs"))
			return
		}
		n := v.Cur.Number
		v.act(func(ctx context.Context) error { return retention.Link(ctx, v.ui.SessFor(ctx), n, recs) }, i18n.T("kp.linked", i18n.M{"N": len(recs), "Number": n}), n)
		ids.SetText("")
	})
	// The recordings are picked from a table rather than typed.
	pick := widget.NewButton(i18n.T("tables.pick"), func() {
		if v.Cur == nil {
			v.msg.SetText(i18n.T("kp.link_needs"))
			return
		}
		v.Picker = v.ui.PickRecordings(i18n.T("kp.case_recordings"), func(picked []string) { ids.SetText(strings.Join(picked, " ")) })
	})
	reason := widget.NewEntry()
	reason.SetPlaceHolder(i18n.T("kp.reason_hint"))
	unlink := widget.NewButton(i18n.T("kp.unlink"), func() {
		sel, ok := v.Recs.Selected()
		if v.Cur == nil || !ok || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(i18n.T("kp.unlink_needs"))
			return
		}
		n, rec, why := v.Cur.Number, sel.ID, strings.TrimSpace(reason.Text)
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("kp.confirm_unlink", i18n.M{"Recording": sel.OriginalName, "Number": n}), func() {
			v.act(func(ctx context.Context) error {
				return retention.Unlink(ctx, v.ui.SessFor(ctx), n, []string{rec}, why)
			}, i18n.T("kp.unlinked", i18n.M{"Number": n}), n)
			reason.SetText("")
		})
	})
	years, perm, ret := retentionInput()
	setRet := widget.NewButton(i18n.T("kp.set_retention"), func() {
		r, ok := ret()
		if v.Cur == nil || !ok || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(i18n.T("kp.retention_needs"))
			return
		}
		n, why := v.Cur.Number, strings.TrimSpace(reason.Text)
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("kp.confirm_retention", i18n.M{"Number": n, "Retention": RetentionText(r)}), func() {
			v.act(func(ctx context.Context) error { return retention.SetCaseRetention(ctx, v.ui.SessFor(ctx), n, r, why) }, i18n.T("set.saved"), n)
		})
	})
	closeBt := widget.NewButton(i18n.T("kp.close"), func() {
		if v.Cur == nil || !v.Cur.Open() {
			v.msg.SetText(i18n.T("kp.close_needs"))
			return
		}
		n, note := v.Cur.Number, strings.TrimSpace(reason.Text)
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("kp.confirm_close", i18n.M{"Number": n, "Retention": RetentionText(v.Cur.Retention)}), func() {
			v.act(func(ctx context.Context) error { return retention.CloseCase(ctx, v.ui.SessFor(ctx), n, note) }, i18n.T("kp.closed", i18n.M{"Number": n}), n)
		})
	})
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("kp.recording_ids"), container.NewBorder(nil, nil, nil, container.NewHBox(pick, link), ids)),
		widget.NewFormItem(i18n.T("kp.reason_note"), reason),
		widget.NewFormItem(i18n.T("kp.retention_years"), container.NewBorder(nil, nil, nil, container.NewHBox(perm, setRet), years)))
	v.manage = container.NewVBox(widget.NewSeparator(), form, container.NewHBox(unlink, closeBt), v.msg)
	return v.manage
}

// act runs a change, says done or the error, and reloads with number shown.
func (v *CasesView) act(work func(ctx context.Context) error, done, number string) {
	v.ui.Background(work, func(err error) {
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
			return
		}
		v.msg.SetText(done)
		v.Load(number)
	})
}

// Load lists the case files, then shows number's.
func (v *CasesView) Load(number string) {
	var cs []retention.Case
	v.ui.Background(func(ctx context.Context) error {
		var err error
		cs, err = retention.Cases(ctx, v.ui.SessFor(ctx), "")
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
			return
		}
		v.cases = cs
		v.Table.Set(cs)
		if number != "" {
			v.Table.SelectWhere(func(c retention.Case) bool { return c.Number == number })
		}
	})
}

func (v *CasesView) show(c *retention.Case) {
	v.Cur = c
	state := i18n.T("kp.case_open")
	if !c.Open() {
		state = i18n.T("kp.case_closed", i18n.M{"At": i18n.When(c.ClosedAt), "By": v.ui.PersonName(c.ClosedBy)})
	}
	hold := i18n.T("kp.holds_forever")
	if until, ok := c.HoldsUntil(); ok {
		hold = i18n.T("kp.holds_until", i18n.M{"Until": until.Local().Format("2006-01-02")})
	}
	v.detail.SetText(i18n.T("kp.case_detail", i18n.M{"Number": c.Number, "Name": c.Name, "Type": i18n.OrDash(c.Type),
		"Retention": RetentionText(c.Retention), "State": state, "Hold": hold, "N": len(c.Recordings),
		"Created": i18n.When(c.CreatedAt), "By": v.ui.PersonName(c.CreatedBy)}))
	v.loadRecordings(c.Recordings)
}

// loadRecordings shows the case's recordings by time, file, recorder and
// officer; one the user may not see is shown by its number alone.
func (v *CasesView) loadRecordings(ids []string) {
	v.loadNo++
	no := v.loadNo
	v.Recs.Set(nil)
	if len(ids) == 0 {
		return
	}
	var found []records.Recording
	v.ui.Background(func(ctx context.Context) error {
		var err error
		found, err = records.Recordings(ctx, v.ui.SessFor(ctx), records.RecordingFilter{IDs: ids})
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
		}
		byID := map[string]records.Recording{}
		for _, r := range found {
			byID[r.ID] = r
		}
		rows := make([]records.Recording, len(ids))
		for i, id := range ids {
			r, ok := byID[id]
			if !ok {
				r = records.Recording{ID: id, OriginalName: id}
			}
			rows[i] = r
		}
		v.Recs.Set(rows)
	})
}

// caseState says whether a case is open or closed.
func caseState(c retention.Case) string {
	if c.Open() {
		return i18n.T("kp.case_open")
	}
	return i18n.T("kp.case_closed_short")
}

// RetentionText says a case's retention.
func RetentionText(r retention.Retention) string {
	if r.Permanent {
		return i18n.T("kp.permanent")
	}
	return i18n.T("kp.years", i18n.M{"N": r.Years})
}

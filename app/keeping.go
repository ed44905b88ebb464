package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/records"
	"evidock/retention"
	"evidock/store"
)

// casesView is 案卷: case files, the recordings they hold as evidence,
// their retention, and closing them.
type casesView struct {
	ui     *Shell
	Root   fyne.CanvasObject
	cases  []retention.Case
	Table  *dataTable[retention.Case]
	msg    *widget.Label
	detail *widget.Label
	Recs   *dataTable[records.Recording] // the selected case's recordings
	Cur    *retention.Case
	loadNo int
	Picker *recordingPicker // the last one opened
	manage *fyne.Container  // what only case.manage may use
}

func newCasesView(ui *Shell) *casesView {
	v := &casesView{ui: ui, msg: wrapLabel(""), detail: wrapLabel(T("kp.case_none"))}
	v.Table = newDataTable(ui, []column[retention.Case]{
		col("kp.case_number", 130, func(c retention.Case) string { return c.Number }),
		col("kp.case_name", 130, func(c retention.Case) string { return c.Name }),
		col("tables.col_state", 70, caseState),
		col("tables.col_retention", 60, func(c retention.Case) string { return RetentionText(c.Retention) }),
		numCol("tables.col_recordings", 60, func(c retention.Case) int64 { return int64(len(c.Recordings)) }),
		whenCol("tables.col_created", 150, func(c retention.Case) time.Time { return c.CreatedAt }),
	}, 5, true, filters[retention.Case]{Day: func(c retention.Case) time.Time { return c.CreatedAt }})
	v.Table.OnSelect = func(c retention.Case) { v.show(&c) }
	v.Recs = newDataTable(ui, recordingColumns(ui), 0, false, filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})

	left := container.NewBorder(boldLabel(T("kp.cases")), nil, nil, nil, v.Table.Root)
	if ui.may(store.ActCaseManage) {
		left = container.NewBorder(boldLabel(T("kp.cases")), v.addForm(), nil, nil, v.Table.Root)
	}
	right := container.NewBorder(container.NewVBox(v.detail, boldLabel(T("kp.case_recordings"))), v.caseActions(), nil, nil, v.Recs.Root)
	split := container.NewHSplit(narrow(left, 300), narrow(right, 300))
	split.Offset = 0.45
	v.Root = split
	v.Load("")
	return v
}

// retentionInput is "years" plus "permanent".
func retentionInput() (*widget.Entry, *widget.Check, func() (retention.Retention, bool)) {
	years := widget.NewEntry()
	years.SetText("2")
	perm := widget.NewCheck(T("kp.permanent"), func(on bool) {
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

func (v *casesView) addForm() fyne.CanvasObject {
	num, name, typ := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	num.SetPlaceHolder(T("kp.case_number_hint"))
	name.SetPlaceHolder(T("kp.case_name_hint"))
	typ.SetPlaceHolder(T("kp.case_type_hint"))
	years, perm, ret := retentionInput()
	add := widget.NewButton(T("kp.case_add"), func() {
		r, ok := ret()
		c := retention.Case{Number: strings.TrimSpace(num.Text), Name: strings.TrimSpace(name.Text), Type: strings.TrimSpace(typ.Text), Retention: r}
		if !ok {
			v.msg.SetText(T("kp.bad_years"))
			return
		}
		if c.Number == "" || c.Name == "" {
			v.msg.SetText(T("kp.case_needs"))
			return
		}
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_add", M{"Number": c.Number, "Name": c.Name, "Retention": RetentionText(r)}), func() {
			v.act(func(ctx context.Context) error { return retention.AddCase(ctx, v.ui.sessFor(ctx), c) }, T("kp.case_added", M{"Number": c.Number}), c.Number)
			num.SetText("")
			name.SetText("")
		})
	})
	add.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(T("kp.case_number"), num), widget.NewFormItem(T("kp.case_name"), name),
		widget.NewFormItem(T("kp.case_type"), typ), widget.NewFormItem(T("kp.retention_years"), container.NewBorder(nil, nil, nil, perm, years)))
	return container.NewVBox(widget.NewSeparator(), boldLabel(T("kp.case_new")), form, container.NewHBox(add), v.msg)
}

// caseActions: link, unlink, retention, close (for case.manage).
func (v *casesView) caseActions() fyne.CanvasObject {
	if !v.ui.may(store.ActCaseManage) {
		return v.msg
	}
	ids := widget.NewEntry()
	ids.SetPlaceHolder(T("kp.link_hint"))
	link := widget.NewButton(T("kp.link"), func() {
		recs := strings.FieldsFunc(ids.Text, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' })
		if v.Cur == nil || len(recs) == 0 {
			v.msg.SetText(T("kp.link_needs"))
			return
		}
		n := v.Cur.Number
		v.act(func(ctx context.Context) error { return retention.Link(ctx, v.ui.sessFor(ctx), n, recs) }, T("kp.linked", M{"N": len(recs), "Number": n}), n)
		ids.SetText("")
	})
	// The recordings are picked from a table rather than typed.
	pick := widget.NewButton(T("tables.pick"), func() {
		if v.Cur == nil {
			v.msg.SetText(T("kp.link_needs"))
			return
		}
		v.Picker = v.ui.pickRecordings(T("kp.case_recordings"), func(picked []string) { ids.SetText(strings.Join(picked, " ")) })
	})
	reason := widget.NewEntry()
	reason.SetPlaceHolder(T("kp.reason_hint"))
	unlink := widget.NewButton(T("kp.unlink"), func() {
		sel, ok := v.Recs.Selected()
		if v.Cur == nil || !ok || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(T("kp.unlink_needs"))
			return
		}
		n, rec, why := v.Cur.Number, sel.ID, strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_unlink", M{"Recording": sel.OriginalName, "Number": n}), func() {
			v.act(func(ctx context.Context) error {
				return retention.Unlink(ctx, v.ui.sessFor(ctx), n, []string{rec}, why)
			}, T("kp.unlinked", M{"Number": n}), n)
			reason.SetText("")
		})
	})
	years, perm, ret := retentionInput()
	setRet := widget.NewButton(T("kp.set_retention"), func() {
		r, ok := ret()
		if v.Cur == nil || !ok || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(T("kp.retention_needs"))
			return
		}
		n, why := v.Cur.Number, strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_retention", M{"Number": n, "Retention": RetentionText(r)}), func() {
			v.act(func(ctx context.Context) error { return retention.SetCaseRetention(ctx, v.ui.sessFor(ctx), n, r, why) }, T("set.saved"), n)
		})
	})
	closeBt := widget.NewButton(T("kp.close"), func() {
		if v.Cur == nil || !v.Cur.Open() {
			v.msg.SetText(T("kp.close_needs"))
			return
		}
		n, note := v.Cur.Number, strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_close", M{"Number": n, "Retention": RetentionText(v.Cur.Retention)}), func() {
			v.act(func(ctx context.Context) error { return retention.CloseCase(ctx, v.ui.sessFor(ctx), n, note) }, T("kp.closed", M{"Number": n}), n)
		})
	})
	form := widget.NewForm(
		widget.NewFormItem(T("kp.recording_ids"), container.NewBorder(nil, nil, nil, container.NewHBox(pick, link), ids)),
		widget.NewFormItem(T("kp.reason_note"), reason),
		widget.NewFormItem(T("kp.retention_years"), container.NewBorder(nil, nil, nil, container.NewHBox(perm, setRet), years)))
	v.manage = container.NewVBox(widget.NewSeparator(), form, container.NewHBox(unlink, closeBt), v.msg)
	return v.manage
}

// act runs a change, says done or the error, and reloads with number shown.
func (v *casesView) act(work func(ctx context.Context) error, done, number string) {
	v.ui.background(work, func(err error) {
		if err != nil {
			v.msg.SetText(ErrorText(err))
			return
		}
		v.msg.SetText(done)
		v.Load(number)
	})
}

// Load lists the case files, then shows number's.
func (v *casesView) Load(number string) {
	var cs []retention.Case
	v.ui.background(func(ctx context.Context) error {
		var err error
		cs, err = retention.Cases(ctx, v.ui.sessFor(ctx), "")
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(ErrorText(err))
			return
		}
		v.cases = cs
		v.Table.Set(cs)
		if number != "" {
			v.Table.SelectWhere(func(c retention.Case) bool { return c.Number == number })
		}
	})
}

func (v *casesView) show(c *retention.Case) {
	v.Cur = c
	state := T("kp.case_open")
	if !c.Open() {
		state = T("kp.case_closed", M{"At": When(c.ClosedAt), "By": v.ui.PersonName(c.ClosedBy)})
	}
	hold := T("kp.holds_forever")
	if until, ok := c.HoldsUntil(); ok {
		hold = T("kp.holds_until", M{"Until": until.Local().Format("2006-01-02")})
	}
	v.detail.SetText(T("kp.case_detail", M{"Number": c.Number, "Name": c.Name, "Type": orDash(c.Type),
		"Retention": RetentionText(c.Retention), "State": state, "Hold": hold, "N": len(c.Recordings),
		"Created": When(c.CreatedAt), "By": v.ui.PersonName(c.CreatedBy)}))
	v.loadRecordings(c.Recordings)
}

// loadRecordings shows the case's recordings by time, file, recorder and
// officer; one the user may not see is shown by its number alone.
func (v *casesView) loadRecordings(ids []string) {
	v.loadNo++
	no := v.loadNo
	v.Recs.Set(nil)
	if len(ids) == 0 {
		return
	}
	var found []records.Recording
	v.ui.background(func(ctx context.Context) error {
		var err error
		found, err = records.Recordings(ctx, v.ui.sessFor(ctx), records.RecordingFilter{IDs: ids})
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.msg.SetText(ErrorText(err))
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
		return T("kp.case_open")
	}
	return T("kp.case_closed_short")
}

// RetentionText says a case's retention.
func RetentionText(r retention.Retention) string {
	if r.Permanent {
		return T("kp.permanent")
	}
	return T("kp.years", M{"N": r.Years})
}

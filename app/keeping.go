package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/retention"
	"evidock/store"
)

// casesView is 案卷: case files, the recordings they hold as evidence,
// their retention, and closing them.
type casesView struct {
	ui     *Shell
	Root   fyne.CanvasObject
	cases  []retention.Case
	list   *widget.List
	msg    *widget.Label
	detail *widget.Label
	recs   *widget.List
	cur    *retention.Case
	recSel int
	manage *fyne.Container // what only case.manage may use
}

func newCasesView(ui *Shell) *casesView {
	v := &casesView{ui: ui, msg: wrapLabel(""), detail: wrapLabel(T("kp.case_none")), recSel: -1}
	v.list = widget.NewList(func() int { return len(v.cases) },
		func() fyne.CanvasObject { return widget.NewLabel("XXXX-0000  xxxxxxxxxxxxxxxx  xxxxxx") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(CaseLine(v.cases[id])) })
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.cases) {
			c := v.cases[id]
			v.show(&c)
		}
	}
	v.recs = widget.NewList(func() int {
		if v.cur == nil {
			return 0
		}
		return len(v.cur.Recordings)
	}, func() fyne.CanvasObject { return widget.NewLabel("00000000-0000-0000-0000-000000000000") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cur.Recordings[id]) })
	v.recs.OnSelected = func(id widget.ListItemID) { v.recSel = id }

	left := container.NewBorder(boldLabel(T("kp.cases")), nil, nil, nil, v.list)
	if ui.may(store.ActCaseManage) {
		left = container.NewBorder(boldLabel(T("kp.cases")), v.addForm(), nil, nil, v.list)
	}
	right := container.NewBorder(container.NewVBox(v.detail, boldLabel(T("kp.case_recordings"))), v.caseActions(), nil, nil, v.recs)
	split := container.NewHSplit(left, right)
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
		if v.cur == nil || len(recs) == 0 {
			v.msg.SetText(T("kp.link_needs"))
			return
		}
		n := v.cur.Number
		v.act(func(ctx context.Context) error { return retention.Link(ctx, v.ui.sessFor(ctx), n, recs) }, T("kp.linked", M{"N": len(recs), "Number": n}), n)
		ids.SetText("")
	})
	reason := widget.NewEntry()
	reason.SetPlaceHolder(T("kp.reason_hint"))
	unlink := widget.NewButton(T("kp.unlink"), func() {
		if v.cur == nil || v.recSel < 0 || v.recSel >= len(v.cur.Recordings) || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(T("kp.unlink_needs"))
			return
		}
		n, rec, why := v.cur.Number, v.cur.Recordings[v.recSel], strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_unlink", M{"Recording": rec, "Number": n}), func() {
			v.act(func(ctx context.Context) error {
				return retention.Unlink(ctx, v.ui.sessFor(ctx), n, []string{rec}, why)
			}, T("kp.unlinked", M{"Number": n}), n)
			reason.SetText("")
		})
	})
	years, perm, ret := retentionInput()
	setRet := widget.NewButton(T("kp.set_retention"), func() {
		r, ok := ret()
		if v.cur == nil || !ok || strings.TrimSpace(reason.Text) == "" {
			v.msg.SetText(T("kp.retention_needs"))
			return
		}
		n, why := v.cur.Number, strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_retention", M{"Number": n, "Retention": RetentionText(r)}), func() {
			v.act(func(ctx context.Context) error { return retention.SetCaseRetention(ctx, v.ui.sessFor(ctx), n, r, why) }, T("set.saved"), n)
		})
	})
	closeBt := widget.NewButton(T("kp.close"), func() {
		if v.cur == nil || !v.cur.Open() {
			v.msg.SetText(T("kp.close_needs"))
			return
		}
		n, note := v.cur.Number, strings.TrimSpace(reason.Text)
		v.ui.confirm(T("q.confirm_title"), T("kp.confirm_close", M{"Number": n, "Retention": RetentionText(v.cur.Retention)}), func() {
			v.act(func(ctx context.Context) error { return retention.CloseCase(ctx, v.ui.sessFor(ctx), n, note) }, T("kp.closed", M{"Number": n}), n)
		})
	})
	form := widget.NewForm(
		widget.NewFormItem(T("kp.recording_ids"), container.NewBorder(nil, nil, nil, link, ids)),
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
		v.list.Refresh()
		for i, c := range cs {
			if c.Number == number {
				v.list.Select(i)
			}
		}
	})
}

func (v *casesView) show(c *retention.Case) {
	v.cur, v.recSel = c, -1
	state := T("kp.case_open")
	if !c.Open() {
		state = T("kp.case_closed", M{"At": When(c.ClosedAt), "By": c.ClosedBy})
	}
	hold := T("kp.holds_forever")
	if until, ok := c.HoldsUntil(); ok {
		hold = T("kp.holds_until", M{"Until": until.Local().Format("2006-01-02")})
	}
	v.detail.SetText(T("kp.case_detail", M{"Number": c.Number, "Name": c.Name, "Type": orDash(c.Type),
		"Retention": RetentionText(c.Retention), "State": state, "Hold": hold, "N": len(c.Recordings),
		"Created": When(c.CreatedAt), "By": c.CreatedBy}))
	v.recs.UnselectAll()
	v.recs.Refresh()
}

// RetentionText says a case's retention.
func RetentionText(r retention.Retention) string {
	if r.Permanent {
		return T("kp.permanent")
	}
	return T("kp.years", M{"N": r.Years})
}

// CaseLine is one case file in the list.
func CaseLine(c retention.Case) string {
	state := T("kp.case_open")
	if !c.Open() {
		state = T("kp.case_closed_short")
	}
	return fmt.Sprintf("%s  %s  %s  %s  (%d)", c.Number, c.Name, state, RetentionText(c.Retention), len(c.Recordings))
}

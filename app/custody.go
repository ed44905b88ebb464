package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/custody"
	"evidock/store"
)

// custodyView is 设备领用: a recorder checked out to an officer (with the
// expected return and remote work), checked in, reported lost, and "who
// had it when".
type custodyView struct {
	ui       *Shell
	Root     fyne.CanvasObject
	devices  []*widget.Select // every recorder choice, filled together
	officers []*widget.Select
	msg      *widget.Label
	Recs     []custody.CustodyRecord
	Table    *dataTable[custody.CustodyRecord]
	count    *widget.Label
	CheckIn  *widget.Select // the check-in form's recorder, set from a selected row still out
}

func newCustodyView(ui *Shell) *custodyView {
	v := &custodyView{ui: ui, msg: wrapLabel(""), count: widget.NewLabel("")}
	var forms []fyne.CanvasObject
	if ui.may(store.ActCustodyManage) {
		forms = append(forms, v.checkOutForm(), widget.NewSeparator(), v.checkInForm(), widget.NewSeparator())
	}
	if ui.may(store.ActCustodyLost) {
		forms = append(forms, v.lostForm())
	}
	forms = append(forms, v.msg)
	left := container.NewVScroll(container.NewVBox(forms...))
	var right fyne.CanvasObject = container.NewCenter(widget.NewLabel(T("cu.history_not_allowed")))
	if ui.may(store.ActCustodyRead) {
		right = v.history()
	}
	// Each side wraps and truncates rather than widen the window.
	split := container.NewHSplit(narrow(left, 300), narrow(right, 300))
	split.Offset = 0.42
	v.Root = split
	v.loadChoices()
	return v
}

func (v *custodyView) deviceSelect() *widget.Select {
	s := newPicker(nil, nil)
	s.PlaceHolder = T("cu.device_pick")
	v.devices = append(v.devices, s)
	return s
}

func (v *custodyView) officerSelect() *widget.Select {
	s := newPicker(nil, nil)
	s.PlaceHolder = T("cu.officer_pick")
	v.officers = append(v.officers, s)
	return s
}

// loadChoices fills the recorder and officer choices.
func (v *custodyView) loadChoices() {
	var devices []store.Device
	var officers []store.Officer
	v.ui.background(func(ctx context.Context) error {
		var err error
		if devices, err = v.ui.sessFor(ctx).Devices(ctx); err != nil {
			return err
		}
		officers, err = v.ui.sessFor(ctx).Officers(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(ErrorText(err))
			return
		}
		var ds, os []string
		for _, d := range devices {
			ds = append(ds, strings.TrimSpace(d.Serial+"  "+d.Model))
		}
		for _, o := range officers {
			os = append(os, o.Number+" "+o.Name)
		}
		for _, s := range v.devices {
			s.SetOptions(ds)
		}
		for _, s := range v.officers {
			s.SetOptions(os)
		}
	})
}

// first is the first word of a choice: the serial or the officer number.
func first(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// parseWhen reads "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" (the end of that day)
// in local time; empty is zero.
func parseWhen(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, time.Local); err == nil {
		return t.Add(24*time.Hour - time.Minute), true
	}
	return time.Time{}, false
}

func (v *custodyView) checkOutForm() fyne.CanvasObject {
	dev, off := v.deviceSelect(), v.officerSelect()
	until, note := widget.NewEntry(), widget.NewEntry()
	until.SetPlaceHolder(T("cu.until_hint"))
	note.SetPlaceHolder(T("cu.note_hint"))
	remote := widget.NewCheck(T("cu.remote"), nil)
	battery, memory, clock := widget.NewCheck(T("cu.preuse_battery"), nil), widget.NewCheck(T("cu.preuse_memory"), nil),
		widget.NewCheck(T("cu.preuse_clock"), nil)
	bt := widget.NewButton(T("cu.checkout"), func() {
		c := custody.Checkout{Device: first(dev.Selected), Officer: first(off.Selected), Remote: remote.Checked, Note: strings.TrimSpace(note.Text),
			Check: &custody.PreUseCheck{Battery: battery.Checked, Memory: memory.Checked, Clock: clock.Checked}}
		t, ok := parseWhen(until.Text)
		if !ok {
			v.msg.SetText(T("cu.bad_time", M{"Text": until.Text}))
			return
		}
		c.Until = t
		if c.Device == "" || c.Officer == "" {
			v.msg.SetText(T("cu.need_device_officer"))
			return
		}
		if c.Remote && c.Until.IsZero() {
			v.msg.SetText(T("cu.remote_needs_until"))
			return
		}
		due := T("cu.due_today")
		if !c.Until.IsZero() {
			due = c.Until.Format("2006-01-02 15:04")
		}
		v.ui.confirm(T("q.confirm_title"), T("cu.confirm_checkout", M{"Device": c.Device, "Officer": off.Selected, "Due": due}), func() {
			v.act(func(ctx context.Context) error { _, err := custody.CheckOut(ctx, v.ui.sessFor(ctx), c); return err },
				T("cu.checked_out", M{"Device": c.Device, "Officer": off.Selected}))
			note.SetText("")
		})
	})
	bt.Importance = widget.HighImportance
	fields := widget.NewForm(widget.NewFormItem(T("cu.device"), dev), widget.NewFormItem(T("cu.officer"), off),
		widget.NewFormItem(T("cu.until"), until), widget.NewFormItem("", remote), widget.NewFormItem(T("cu.note"), note),
		widget.NewFormItem(T("cu.preuse"), container.NewHBox(battery, memory, clock)))
	card := v.ui.printButton(func() (form, bool) {
		if first(off.Selected) == "" {
			v.msg.SetText(T("cu.need_device_officer"))
			return form{}, false
		}
		return cardForm(first(off.Selected)), true
	}, v.msg)
	card.SetText(T("pr.card"))
	return container.NewVBox(boldLabel(T("cu.checkout_title")), wrapLabel(T("cu.checkout_intro")), fields, container.NewHBox(bt, card))
}

func (v *custodyView) checkInForm() fyne.CanvasObject {
	dev := v.deviceSelect()
	v.CheckIn = dev
	note := widget.NewEntry()
	note.SetPlaceHolder(T("cu.note_hint"))
	bt := widget.NewButton(T("cu.checkin"), func() {
		d := first(dev.Selected)
		if d == "" {
			v.msg.SetText(T("cu.need_device"))
			return
		}
		v.ui.confirm(T("q.confirm_title"), T("cu.confirm_checkin", M{"Device": d}), func() {
			v.act(func(ctx context.Context) error {
				_, err := custody.CheckIn(ctx, v.ui.sessFor(ctx), d, strings.TrimSpace(note.Text))
				return err
			},
				T("cu.checked_in", M{"Device": d}))
		})
	})
	form := widget.NewForm(widget.NewFormItem(T("cu.device"), dev), widget.NewFormItem(T("cu.note"), note))
	return container.NewVBox(boldLabel(T("cu.checkin_title")), form, container.NewHBox(bt))
}

func (v *custodyView) lostForm() fyne.CanvasObject {
	dev := v.deviceSelect()
	text := widget.NewMultiLineEntry()
	text.SetPlaceHolder(T("cu.lost_hint"))
	text.SetMinRowsVisible(2)
	bt := widget.NewButton(T("cu.lost"), func() {
		d, what := first(dev.Selected), strings.TrimSpace(text.Text)
		if d == "" || what == "" {
			v.msg.SetText(T("cu.lost_needs"))
			return
		}
		v.ui.confirm(T("q.confirm_title"), T("cu.confirm_lost", M{"Device": d}), func() {
			v.act(func(ctx context.Context) error { return custody.ReportLost(ctx, v.ui.sessFor(ctx), d, what) }, T("cu.lost_done", M{"Device": d}))
			text.SetText("")
		})
	})
	bt.Importance = widget.DangerImportance
	form := widget.NewForm(widget.NewFormItem(T("cu.device"), dev), widget.NewFormItem(T("cu.what_happened"), text))
	return container.NewVBox(boldLabel(T("cu.lost_title")), form, container.NewHBox(bt))
}

// act runs an action, says done or the error, and reloads the history.
func (v *custodyView) act(work func(ctx context.Context) error, done string) {
	v.msg.SetText(T("sv.loading"))
	v.ui.background(work, func(err error) {
		if err != nil {
			v.msg.SetText(ErrorText(err))
			return
		}
		v.msg.SetText(done)
		if v.Table != nil {
			v.Load(custody.CustodyFilter{})
		}
	})
}

// history is "who had it when": custody records in a table (recorder,
// officer, out, back, due, remarks), filtered by day, officer and recorder,
// or asked for one instant; selecting one still out readies its check-in.
func (v *custodyView) history() fyne.CanvasObject {
	at := widget.NewEntry()
	at.SetPlaceHolder(T("cu.at_hint"))
	v.Table = newDataTable(v.ui, []column[custody.CustodyRecord]{
		col("tables.col_device", 90, func(c custody.CustodyRecord) string { return c.Device }),
		col("tables.col_officer", 120, func(c custody.CustodyRecord) string { return v.ui.OfficerName(c.Officer) }),
		whenCol("tables.col_out", 150, func(c custody.CustodyRecord) time.Time { return c.Out }),
		col("tables.col_back", 150, custodyBack).By(func(a, b custody.CustodyRecord) int { return a.Returned.Compare(b.Returned) }),
		whenCol("tables.col_due", 150, func(c custody.CustodyRecord) time.Time { return c.Due }),
		col("tables.col_remarks", 200, v.custodyRemarks),
	}, 2, true, filters[custody.CustodyRecord]{
		Day:     func(c custody.CustodyRecord) time.Time { return c.Out },
		Officer: func(c custody.CustodyRecord) string { return c.Officer },
		Device:  func(c custody.CustodyRecord) string { return c.Device },
	})
	v.Table.OnSelect = func(c custody.CustodyRecord) {
		if v.CheckIn == nil || !c.Returned.IsZero() {
			return
		}
		for _, o := range v.CheckIn.Options {
			if first(o) == c.Device {
				v.CheckIn.SetSelected(o)
			}
		}
	}
	search := widget.NewButton(T("filter.search"), func() {
		f := custody.CustodyFilter{}
		if s := strings.TrimSpace(at.Text); s != "" {
			t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
			if err != nil {
				v.count.SetText(T("cu.bad_time", M{"Text": s}))
				return
			}
			f.At = t
		}
		v.Load(f)
	})
	search.Importance = widget.HighImportance
	clear := widget.NewButton(T("cu.clear"), func() {
		at.SetText("")
		v.Load(custody.CustodyFilter{})
	})
	top := container.NewVBox(boldLabel(T("cu.history")), container.NewBorder(nil, nil, nil, container.NewHBox(search, clear), narrow(at, 90)), v.count)
	v.Load(custody.CustodyFilter{})
	return container.NewBorder(top, nil, nil, nil, v.Table.Root)
}

// Load lists the custody records f selects (a ledger entry).
func (v *custodyView) Load(f custody.CustodyFilter) {
	f.Limit = 500
	var recs []custody.CustodyRecord
	v.ui.background(func(ctx context.Context) error {
		var err error
		recs, err = custody.Custody(ctx, v.ui.sessFor(ctx), f)
		return err
	}, func(err error) {
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		v.Recs = recs
		v.count.SetText("")
		if !f.At.IsZero() {
			v.count.SetText(T("tables.at", M{"At": When(f.At)}))
		}
		v.Table.Set(recs)
	})
}

// custodyBack says when a recorder came back (and whether by docking).
func custodyBack(c custody.CustodyRecord) string {
	if c.Returned.IsZero() {
		return T("cu.still_out")
	}
	back := When(c.Returned)
	if c.ReturnedBy == "dock" {
		back += " " + T("cu.by_dock")
	}
	return back
}

// custodyRemarks are what to notice about a custody record: remote work,
// overdue, lost, other officers on its recordings.
func (v *custodyView) custodyRemarks(c custody.CustodyRecord) string {
	var out []string
	if c.Remote {
		out = append(out, T("cu.remote_short"))
	}
	if c.Overdue {
		out = append(out, "⚠ "+T("cu.overdue"))
	}
	if !c.Lost.IsZero() {
		out = append(out, "⚠ "+T("cu.lost_at", M{"At": When(c.Lost)}))
	}
	if len(c.OtherOfficers) > 0 {
		names := make([]string, len(c.OtherOfficers))
		for i, o := range c.OtherOfficers {
			names[i] = v.ui.OfficerName(o)
		}
		out = append(out, "⚠ "+T("cu.others", M{"Officers": strings.Join(names, T("list.sep"))}))
	}
	return strings.Join(out, "  ")
}

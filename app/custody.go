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
	recs     []custody.CustodyRecord
	list     *widget.List
	count    *widget.Label
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
		if v.list != nil {
			v.Load(custody.CustodyFilter{})
		}
	})
}

// history is "who had it when": custody records by recorder, officer or
// instant, newest first.
func (v *custodyView) history() fyne.CanvasObject {
	dev, off := v.deviceSelect(), v.officerSelect()
	at := widget.NewEntry()
	at.SetPlaceHolder(T("cu.at_hint"))
	v.list = widget.NewList(func() int { return len(v.recs) },
		func() fyne.CanvasObject { return wrapLabel("CAM-000  J000  2025-01-01 00:00 → 2025-01-01 00:00") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(CustodyLine(v.recs[id]))
			v.list.SetItemHeight(id, o.MinSize().Height)
		})
	search := widget.NewButton(T("filter.search"), func() {
		f := custody.CustodyFilter{Device: first(dev.Selected), Officer: first(off.Selected)}
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
		dev.ClearSelected()
		off.ClearSelected()
		at.SetText("")
		v.Load(custody.CustodyFilter{})
	})
	top := container.NewVBox(boldLabel(T("cu.history")), container.NewGridWithColumns(3, narrow(dev, 90), narrow(off, 90), narrow(at, 90)),
		container.NewHBox(search, clear, v.count))
	v.Load(custody.CustodyFilter{})
	return container.NewBorder(top, nil, nil, nil, v.list)
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
		v.recs = recs
		v.count.SetText(T("cu.count", M{"N": len(recs)}))
		v.list.Refresh()
	})
}

// CustodyLine says one custody record in plain words.
func CustodyLine(c custody.CustodyRecord) string {
	back := T("cu.still_out")
	if !c.Returned.IsZero() {
		back = c.Returned.Local().Format("2006-01-02 15:04")
		if c.ReturnedBy == "dock" {
			back += " " + T("cu.by_dock")
		}
	}
	s := T("cu.line", M{"Device": c.Device, "Officer": c.Officer, "Out": c.Out.Local().Format("2006-01-02 15:04"),
		"Back": back, "Due": c.Due.Local().Format("2006-01-02 15:04")})
	if c.Remote {
		s += "  " + T("cu.remote_short")
	}
	if c.Overdue {
		s += "  ⚠ " + T("cu.overdue")
	}
	if !c.Lost.IsZero() {
		s += "  ⚠ " + T("cu.lost_at", M{"At": c.Lost.Local().Format("2006-01-02 15:04")})
	}
	if len(c.OtherOfficers) > 0 {
		s += "  ⚠ " + T("cu.others", M{"Officers": strings.Join(c.OtherOfficers, T("list.sep"))})
	}
	return s
}

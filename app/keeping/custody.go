package keeping

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/custody"
	"evidock/store"
)

// CustodyView is 设备领用: a recorder checked out to an officer (with the
// expected return and remote work), checked in, reported lost, and "who
// had it when".
type CustodyView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	devices  []*widget.Select // every recorder choice, filled together
	officers []*widget.Select
	msg      *widget.Label
	Recs     []custody.CustodyRecord
	Table    *shell.DataTable[custody.CustodyRecord]
	count    *widget.Label
	CheckIn  *widget.Select // the check-in form's recorder, set from a selected row still out
}

func NewCustodyView(ui *shell.Shell) *CustodyView {
	v := &CustodyView{ui: ui, msg: shell.WrapLabel(""), count: widget.NewLabel("")}
	var forms []fyne.CanvasObject
	if ui.May(store.ActCustodyManage) {
		forms = append(forms, v.checkOutForm(), widget.NewSeparator(), v.checkInForm(), widget.NewSeparator())
	}
	if ui.May(store.ActCustodyLost) {
		forms = append(forms, v.lostForm())
	}
	forms = append(forms, v.msg)
	left := container.NewVScroll(container.NewVBox(forms...))
	var right fyne.CanvasObject = container.NewCenter(widget.NewLabel(i18n.T("cu.history_not_allowed")))
	if ui.May(store.ActCustodyRead) {
		right = v.history()
	}
	// Each side wraps and truncates rather than widen the window.
	split := container.NewHSplit(shell.Narrow(left, 300), shell.Narrow(right, 300))
	split.Offset = 0.42
	v.Root = split
	v.loadChoices()
	return v
}

func (v *CustodyView) deviceSelect() *widget.Select {
	s := shell.NewPicker(nil, nil)
	s.PlaceHolder = i18n.T("cu.device_pick")
	v.devices = append(v.devices, s)
	return s
}

func (v *CustodyView) officerSelect() *widget.Select {
	s := shell.NewPicker(nil, nil)
	s.PlaceHolder = i18n.T("cu.officer_pick")
	v.officers = append(v.officers, s)
	return s
}

// loadChoices fills the recorder and officer choices.
func (v *CustodyView) loadChoices() {
	var devices []store.Device
	var officers []store.Officer
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if devices, err = v.ui.SessFor(ctx).Devices(ctx); err != nil {
			return err
		}
		officers, err = v.ui.SessFor(ctx).Officers(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
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

// First is the first word of a choice: the serial or the officer number.
func First(s string) string {
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

func (v *CustodyView) checkOutForm() fyne.CanvasObject {
	dev, off := v.deviceSelect(), v.officerSelect()
	until, note := widget.NewEntry(), widget.NewEntry()
	until.SetPlaceHolder(i18n.T("cu.until_hint"))
	note.SetPlaceHolder(i18n.T("cu.note_hint"))
	remote := widget.NewCheck(i18n.T("cu.remote"), nil)
	battery, memory, clock := widget.NewCheck(i18n.T("cu.preuse_battery"), nil), widget.NewCheck(i18n.T("cu.preuse_memory"), nil),
		widget.NewCheck(i18n.T("cu.preuse_clock"), nil)
	bt := widget.NewButton(i18n.T("cu.checkout"), func() {
		c := custody.Checkout{Device: First(dev.Selected), Officer: First(off.Selected), Remote: remote.Checked, Note: strings.TrimSpace(note.Text),
			Check: &custody.PreUseCheck{Battery: battery.Checked, Memory: memory.Checked, Clock: clock.Checked}}
		t, ok := parseWhen(until.Text)
		if !ok {
			v.msg.SetText(i18n.T("cu.bad_time", i18n.M{"Text": until.Text}))
			return
		}
		c.Until = t
		if c.Device == "" || c.Officer == "" {
			v.msg.SetText(i18n.T("cu.need_device_officer"))
			return
		}
		if c.Remote && c.Until.IsZero() {
			v.msg.SetText(i18n.T("cu.remote_needs_until"))
			return
		}
		due := i18n.T("cu.due_today")
		if !c.Until.IsZero() {
			due = c.Until.Format("2006-01-02 15:04")
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("cu.confirm_checkout", i18n.M{"Device": c.Device, "Officer": off.Selected, "Due": due}), func() {
			v.act(func(ctx context.Context) error { _, err := custody.CheckOut(ctx, v.ui.SessFor(ctx), c); return err },
				i18n.T("cu.checked_out", i18n.M{"Device": c.Device, "Officer": off.Selected}))
			note.SetText("")
		})
	})
	bt.Importance = widget.HighImportance
	fields := widget.NewForm(widget.NewFormItem(i18n.T("cu.device"), dev), widget.NewFormItem(i18n.T("cu.officer"), off),
		widget.NewFormItem(i18n.T("cu.until"), until), widget.NewFormItem("", remote), widget.NewFormItem(i18n.T("cu.note"), note),
		widget.NewFormItem(i18n.T("cu.preuse"), container.NewHBox(battery, memory, clock)))
	card := v.ui.PrintButton(func() (shell.Form, bool) {
		if First(off.Selected) == "" {
			v.msg.SetText(i18n.T("cu.need_device_officer"))
			return shell.Form{}, false
		}
		return shell.CardForm(First(off.Selected)), true
	}, v.msg)
	card.SetText(i18n.T("pr.card"))
	return container.NewVBox(shell.BoldLabel(i18n.T("cu.checkout_title")), shell.WrapLabel(i18n.T("cu.checkout_intro")), fields, container.NewHBox(bt, card))
}

func (v *CustodyView) checkInForm() fyne.CanvasObject {
	dev := v.deviceSelect()
	v.CheckIn = dev
	note := widget.NewEntry()
	note.SetPlaceHolder(i18n.T("cu.note_hint"))
	bt := widget.NewButton(i18n.T("cu.checkin"), func() {
		d := First(dev.Selected)
		if d == "" {
			v.msg.SetText(i18n.T("cu.need_device"))
			return
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("cu.confirm_checkin", i18n.M{"Device": d}), func() {
			v.act(func(ctx context.Context) error {
				_, err := custody.CheckIn(ctx, v.ui.SessFor(ctx), d, strings.TrimSpace(note.Text))
				return err
			},
				i18n.T("cu.checked_in", i18n.M{"Device": d}))
		})
	})
	form := widget.NewForm(widget.NewFormItem(i18n.T("cu.device"), dev), widget.NewFormItem(i18n.T("cu.note"), note))
	return container.NewVBox(shell.BoldLabel(i18n.T("cu.checkin_title")), form, container.NewHBox(bt))
}

func (v *CustodyView) lostForm() fyne.CanvasObject {
	dev := v.deviceSelect()
	text := widget.NewMultiLineEntry()
	text.SetPlaceHolder(i18n.T("cu.lost_hint"))
	text.SetMinRowsVisible(2)
	bt := widget.NewButton(i18n.T("cu.lost"), func() {
		d, what := First(dev.Selected), strings.TrimSpace(text.Text)
		if d == "" || what == "" {
			v.msg.SetText(i18n.T("cu.lost_needs"))
			return
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("cu.confirm_lost", i18n.M{"Device": d}), func() {
			v.act(func(ctx context.Context) error { return custody.ReportLost(ctx, v.ui.SessFor(ctx), d, what) }, i18n.T("cu.lost_done", i18n.M{"Device": d}))
			text.SetText("")
		})
	})
	bt.Importance = widget.DangerImportance
	form := widget.NewForm(widget.NewFormItem(i18n.T("cu.device"), dev), widget.NewFormItem(i18n.T("cu.what_happened"), text))
	return container.NewVBox(shell.BoldLabel(i18n.T("cu.lost_title")), form, container.NewHBox(bt))
}

// act runs an action, says done or the error, and reloads the history.
func (v *CustodyView) act(work func(ctx context.Context) error, done string) {
	v.msg.SetText(i18n.T("sv.loading"))
	v.ui.Background(work, func(err error) {
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
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
func (v *CustodyView) history() fyne.CanvasObject {
	at := widget.NewEntry()
	at.SetPlaceHolder(i18n.T("cu.at_hint"))
	v.Table = shell.NewDataTable(v.ui, []shell.Column[custody.CustodyRecord]{
		shell.Col("tables.col_device", 90, func(c custody.CustodyRecord) string { return c.Device }),
		shell.Col("tables.col_officer", 120, func(c custody.CustodyRecord) string { return v.ui.OfficerName(c.Officer) }),
		shell.WhenCol("tables.col_out", 150, func(c custody.CustodyRecord) time.Time { return c.Out }),
		shell.Col("tables.col_back", 150, custodyBack).By(func(a, b custody.CustodyRecord) int { return a.Returned.Compare(b.Returned) }),
		shell.WhenCol("tables.col_due", 150, func(c custody.CustodyRecord) time.Time { return c.Due }),
		shell.Col("tables.col_remarks", 200, v.custodyRemarks),
	}, 2, true, shell.Filters[custody.CustodyRecord]{
		Day:     func(c custody.CustodyRecord) time.Time { return c.Out },
		Officer: func(c custody.CustodyRecord) string { return c.Officer },
		Device:  func(c custody.CustodyRecord) string { return c.Device },
	})
	v.Table.OnSelect = func(c custody.CustodyRecord) {
		if v.CheckIn == nil || !c.Returned.IsZero() {
			return
		}
		for _, o := range v.CheckIn.Options {
			if First(o) == c.Device {
				v.CheckIn.SetSelected(o)
			}
		}
	}
	search := widget.NewButton(i18n.T("filter.search"), func() {
		f := custody.CustodyFilter{}
		if s := strings.TrimSpace(at.Text); s != "" {
			t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
			if err != nil {
				v.count.SetText(i18n.T("cu.bad_time", i18n.M{"Text": s}))
				return
			}
			f.At = t
		}
		v.Load(f)
	})
	search.Importance = widget.HighImportance
	clear := widget.NewButton(i18n.T("cu.clear"), func() {
		at.SetText("")
		v.Load(custody.CustodyFilter{})
	})
	top := container.NewVBox(shell.BoldLabel(i18n.T("cu.history")), container.NewBorder(nil, nil, nil, container.NewHBox(search, clear), shell.Narrow(at, 90)), v.count)
	v.Load(custody.CustodyFilter{})
	return container.NewBorder(top, nil, nil, nil, v.Table.Root)
}

// Load lists the custody records f selects (a ledger entry).
func (v *CustodyView) Load(f custody.CustodyFilter) {
	f.Limit = 500
	shell.LoadRows(v.ui, v.count, nil, func(ctx context.Context, sess *store.Session) ([]custody.CustodyRecord, error) {
		return custody.Custody(ctx, sess, f)
	}, func(recs []custody.CustodyRecord) {
		v.Recs = recs
		v.count.SetText("")
		if !f.At.IsZero() {
			v.count.SetText(i18n.T("tables.at", i18n.M{"At": i18n.When(f.At)}))
		}
		v.Table.Set(recs)
	})
}

// custodyBack says when a recorder came back (and whether by docking).
func custodyBack(c custody.CustodyRecord) string {
	if c.Returned.IsZero() {
		return i18n.T("cu.still_out")
	}
	back := i18n.When(c.Returned)
	if c.ReturnedBy == "dock" {
		back += " " + i18n.T("cu.by_dock")
	}
	return back
}

// custodyRemarks are what to notice about a custody record: remote work,
// overdue, lost, other officers on its recordings.
func (v *CustodyView) custodyRemarks(c custody.CustodyRecord) string {
	var out []string
	if c.Remote {
		out = append(out, i18n.T("cu.remote_short"))
	}
	if c.Overdue {
		out = append(out, "⚠ "+i18n.T("cu.overdue"))
	}
	if !c.Lost.IsZero() {
		out = append(out, "⚠ "+i18n.T("cu.lost_at", i18n.M{"At": i18n.When(c.Lost)}))
	}
	if len(c.OtherOfficers) > 0 {
		names := make([]string, len(c.OtherOfficers))
		for i, o := range c.OtherOfficers {
			names[i] = v.ui.OfficerName(o)
		}
		out = append(out, "⚠ "+i18n.T("cu.others", i18n.M{"Officers": strings.Join(names, i18n.T("list.sep"))}))
	}
	return strings.Join(out, "  ")
}

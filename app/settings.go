package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// settingsView is the 设置 screen: devices, officers, profiles, thresholds,
// watched folders, language, data folder and its free space.
type settingsView struct {
	ui   *UI
	root fyne.CanvasObject
}

func newSettingsView(ui *UI) *settingsView {
	v := &settingsView{ui: ui}
	tabs := container.NewAppTabs(
		container.NewTabItem(T("set.general"), v.general()),
		container.NewTabItem(T("set.devices"), v.devices()),
		container.NewTabItem(T("set.officers"), v.officers()),
		container.NewTabItem(T("set.profiles"), v.profiles()))
	tabs.SetTabLocation(container.TabLocationLeading)
	v.root = tabs
	return v
}

// general: language, data folder, free space, thresholds, watched folders.
func (v *settingsView) general() fyne.CanvasObject {
	ui := v.ui
	langSel := widget.NewSelect([]string{"中文", "English"}, nil)
	langSel.SetSelected(map[string]string{LangZH: "中文", LangEN: "English"}[Language()])
	langSel.OnChanged = func(s string) {
		if code := map[string]string{"中文": LangZH, "English": LangEN}[s]; code != Language() {
			ui.SwitchLanguage(code)
		}
	}
	free, total := store.DiskSpace(ui.st.Dir())
	space := wrapLabel(T("set.space_unknown"))
	if total > 0 {
		space.SetText(T("set.space", M{"Free": Bytes(free), "Total": Bytes(total)}))
		if free < int64(ui.cfg.FreeWarnGB)<<30 {
			space.SetText(space.Text + "\n" + T("set.space_low", M{"GB": ui.cfg.FreeWarnGB}))
			space.Importance = widget.DangerImportance
		}
	}
	dir := widget.NewLabel(ui.st.Dir())
	dir.Selectable = true
	gap, clock, warn := intEntry(ui.cfg.GapThresholdS), intEntry(ui.cfg.ClockToleranceS), intEntry(ui.cfg.FreeWarnGB)
	roots := widget.NewMultiLineEntry()
	roots.SetText(strings.Join(ui.cfg.Roots, "\n"))
	roots.SetPlaceHolder(T("set.roots_hint"))
	roots.SetMinRowsVisible(3)
	msg := wrapLabel("")
	save := widget.NewButton(T("set.save"), nil)
	save.Importance = widget.HighImportance
	if !ui.may("settings.change") {
		for _, e := range []*widget.Entry{gap, clock, warn, roots} {
			e.Disable()
		}
		save.Hide()
		msg.SetText(T("set.admin_only"))
	}
	save.OnTapped = func() {
		next := ui.cfg
		var err error
		if next.GapThresholdS, err = strconv.Atoi(strings.TrimSpace(gap.Text)); err != nil || next.GapThresholdS < 1 {
			msg.SetText(T("set.bad_number"))
			return
		}
		if next.ClockToleranceS, err = strconv.Atoi(strings.TrimSpace(clock.Text)); err != nil || next.ClockToleranceS < 1 {
			msg.SetText(T("set.bad_number"))
			return
		}
		if next.FreeWarnGB, err = strconv.Atoi(strings.TrimSpace(warn.Text)); err != nil || next.FreeWarnGB < 0 {
			msg.SetText(T("set.bad_number"))
			return
		}
		next.Roots = nil
		for _, r := range strings.Split(roots.Text, "\n") {
			if r = strings.TrimSpace(r); r != "" {
				next.Roots = append(next.Roots, r)
			}
		}
		ui.confirm(T("q.confirm_title"), T("set.confirm"), func() { v.save(next, msg) })
	}
	form := widget.NewForm(
		widget.NewFormItem(T("set.language"), langSel),
		widget.NewFormItem(T("set.data"), dir),
		widget.NewFormItem(T("set.free"), space),
		widget.NewFormItem(T("set.gap"), gap),
		widget.NewFormItem(T("set.clock"), clock),
		widget.NewFormItem(T("set.warn"), warn),
		widget.NewFormItem(T("set.roots"), roots))
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(save), msg))
}

// save writes the changed settings to the ledger, then to the data folder,
// and restarts docking with them.
func (v *settingsView) save(next Config, msg *widget.Label) {
	ui := v.ui
	prev := ui.cfg
	ui.background(func(ctx context.Context) error {
		changes := []struct {
			name         string
			before, afer any
		}{
			{"gap_threshold_s", prev.GapThresholdS, next.GapThresholdS},
			{"clock_tolerance_s", prev.ClockToleranceS, next.ClockToleranceS},
			{"free_warn_gb", prev.FreeWarnGB, next.FreeWarnGB},
		}
		for _, c := range changes {
			if c.before != c.afer {
				if err := ui.sess.RecordSetting(ctx, c.name, c.before, c.afer); err != nil {
					return err
				}
			}
		}
		if !slices.Equal(prev.Roots, next.Roots) {
			if err := ui.sess.RecordSetting(ctx, "roots", prev.Roots, next.Roots); err != nil {
				return err
			}
		}
		return next.Save(ui.st.Dir())
	}, func(err error) {
		if err != nil {
			msg.SetText(ErrorText(err))
			return
		}
		ui.cfg = next
		store.GapThreshold = next.GapThreshold()
		if !ui.opts.NoWatch {
			if err := ui.startDocking(); err != nil {
				msg.SetText(ErrorText(err))
				return
			}
		}
		msg.SetText(T("set.saved"))
	})
}

func intEntry(n int) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(strconv.Itoa(n))
	return e
}

// devices lists the registered recorders and registers new ones.
func (v *settingsView) devices() fyne.CanvasObject {
	ui := v.ui
	list := container.NewVBox()
	officerSel := widget.NewSelect(nil, nil)
	var reload func()
	reload = func() {
		var devices []store.Device
		var officers []store.Officer
		ui.background(func(ctx context.Context) error {
			var err error
			if devices, err = ui.sess.Devices(ctx); err != nil {
				return err
			}
			officers, err = ui.sess.Officers(ctx)
			return err
		}, func(err error) {
			list.RemoveAll()
			if err != nil {
				list.Add(wrapLabel(ErrorText(err)))
				return
			}
			for _, d := range devices {
				list.Add(widget.NewLabel(T("set.device_line", M{"Serial": d.Serial, "Model": orDash(d.Model),
					"Profile": orDash(d.Profile), "Officer": orDash(d.Officer)})))
			}
			if len(devices) == 0 {
				list.Add(widget.NewLabel(T("set.no_devices")))
			}
			var opts []string
			for _, o := range officers {
				opts = append(opts, o.Number+" "+o.Name)
			}
			officerSel.SetOptions(opts)
		})
	}
	reload()
	top := container.NewVBox(boldLabel(T("set.devices")))
	if !ui.may("device.manage") {
		return container.NewBorder(top, nil, nil, nil, container.NewVScroll(list))
	}
	var names []string
	for _, p := range ui.profiles() {
		names = append(names, p.Name)
	}
	serial, model, prof := widget.NewEntry(), widget.NewEntry(), widget.NewSelect(names, nil)
	prof.SetSelected("generic")
	msg := wrapLabel("")
	add := widget.NewButton(T("set.add_device"), func() {
		d := store.Device{Serial: strings.TrimSpace(serial.Text), Model: strings.TrimSpace(model.Text), Profile: prof.Selected}
		if f := strings.Fields(officerSel.Selected); len(f) > 0 {
			d.Officer = f[0]
		}
		ui.confirm(T("q.confirm_title"), T("reg.confirm", M{"Serial": d.Serial, "Officer": orDash(d.Officer)}), func() {
			ui.background(func(ctx context.Context) error { return ui.sess.AddDevice(ctx, d) }, func(err error) {
				msg.SetText(ErrorText(err))
				if err == nil {
					msg.SetText(T("set.saved"))
					serial.SetText("")
					reload()
				}
			})
		})
	})
	form := widget.NewForm(widget.NewFormItem(T("reg.serial"), serial), widget.NewFormItem(T("reg.model"), model),
		widget.NewFormItem(T("reg.profile"), prof), widget.NewFormItem(T("reg.officer"), officerSel))
	bottom := container.NewVBox(widget.NewSeparator(), form, container.NewHBox(add), msg)
	return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(list))
}

// officers lists the registered officers and registers new ones.
func (v *settingsView) officers() fyne.CanvasObject {
	ui := v.ui
	list := container.NewVBox()
	var reload func()
	reload = func() {
		var officers []store.Officer
		ui.background(func(ctx context.Context) error {
			var err error
			officers, err = ui.sess.Officers(ctx)
			return err
		}, func(err error) {
			list.RemoveAll()
			if err != nil {
				list.Add(wrapLabel(ErrorText(err)))
				return
			}
			for _, o := range officers {
				list.Add(widget.NewLabel(o.Number + "  " + o.Name + "  " + o.Unit))
			}
			if len(officers) == 0 {
				list.Add(widget.NewLabel(T("set.no_officers")))
			}
		})
	}
	reload()
	top := boldLabel(T("set.officers"))
	if !ui.may("officer.manage") {
		return container.NewBorder(top, nil, nil, nil, container.NewVScroll(list))
	}
	num, name, unit := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	msg := wrapLabel("")
	add := widget.NewButton(T("set.add_officer"), func() {
		o := store.Officer{Number: strings.TrimSpace(num.Text), Name: strings.TrimSpace(name.Text), Unit: strings.TrimSpace(unit.Text)}
		ui.confirm(T("q.confirm_title"), T("set.confirm_officer", M{"Number": o.Number, "Name": o.Name}), func() {
			ui.background(func(ctx context.Context) error { return ui.sess.AddOfficer(ctx, o) }, func(err error) {
				msg.SetText(ErrorText(err))
				if err == nil {
					msg.SetText(T("set.saved"))
					num.SetText("")
					name.SetText("")
					reload()
				}
			})
		})
	})
	form := widget.NewForm(widget.NewFormItem(T("set.officer_number"), num), widget.NewFormItem(T("set.officer_name"), name),
		widget.NewFormItem(T("set.officer_unit"), unit))
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), form, container.NewHBox(add), msg), nil, nil,
		container.NewVScroll(list))
}

// profiles lists the device profiles recorders are recognised by.
func (v *settingsView) profiles() fyne.CanvasObject {
	list := container.NewVBox(wrapLabel(T("set.profiles_intro")))
	for _, p := range v.ui.profiles() {
		name := p.Name
		if p.Model != "" {
			name += " (" + p.Model + ")"
		}
		list.Add(boldLabel(name))
		list.Add(wrapLabel(p.Description))
	}
	return container.NewVScroll(list)
}

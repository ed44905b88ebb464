package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/archive"
	"evidock/store"
)

// settingsView is the 设置 screen: devices, officers, profiles, thresholds,
// watched folders, language, data folder and its free space.
type settingsView struct {
	ui           *UI
	Root         fyne.CanvasObject
	deviceTable  *dataTable[store.Device]
	officerTable *dataTable[store.Officer]
}

func newSettingsView(ui *UI) *settingsView {
	v := &settingsView{ui: ui}
	tabs := container.NewAppTabs(
		container.NewTabItem(T("set.general"), v.general()),
		container.NewTabItem(T("set.devices"), v.devices()),
		container.NewTabItem(T("set.officers"), v.officers()),
		container.NewTabItem(T("set.profiles"), v.profiles()))
	tabs.SetTabLocation(container.TabLocationLeading)
	v.Root = tabs
	return v
}

// settingLabels are the translation keys of the settings shown on the
// 常规 tab, in the store's order.
var settingLabels = map[string]string{
	store.SettingGapThreshold:   "set.gap",
	store.SettingShiftBreak:     "set.shift_break",
	store.SettingClockTolerance: "set.clock",
	store.SettingLateGrace:      "set.late_grace",
	store.SettingFreeWarn:       "set.warn",
	store.SettingWatchRoots:     "set.roots",
	store.SettingDiscMedium:     "set.disc_medium",
	store.SettingCheckEvery:     "set.check_every",
}

// general: language, data folder, free space, and the workstation's
// settings, which live in the data folder's database: the window, `watch`
// and the command line all read them there.
func (v *settingsView) general() fyne.CanvasObject {
	ui := v.ui
	langSel := newPicker([]string{"中文", "English"}, nil)
	langSel.SetSelected(map[string]string{LangZH: "中文", LangEN: "English"}[Language()])
	langSel.OnChanged = func(s string) {
		if code := map[string]string{"中文": LangZH, "English": LangEN}[s]; code != Language() {
			ui.SwitchLanguage(code)
		}
	}
	set, err := ui.Store().Settings(ui.Context())
	if err != nil {
		set = store.DefaultSettings()
	}
	free, total := archive.DiskSpace(ui.Store().Dir())
	space := wrapLabel(T("set.space_unknown"))
	if total > 0 {
		space.SetText(T("set.space", M{"Free": Bytes(free), "Total": Bytes(total)}))
		if free < int64(set.FreeWarnGB)<<30 {
			space.SetText(space.Text + "\n" + T("set.space_low", M{"GB": set.FreeWarnGB}))
			space.Importance = widget.DangerImportance
		}
	}
	dir := widget.NewLabel(ui.Store().Dir())
	dir.Selectable = true
	form := widget.NewForm(
		widget.NewFormItem(T("set.language"), langSel),
		widget.NewFormItem(T("set.data"), dir),
		widget.NewFormItem(T("set.free"), space))
	msg := wrapLabel("")
	save := widget.NewButton(T("set.save"), nil)
	save.Importance = widget.HighImportance
	var list []store.Setting
	if ui.Session() != nil {
		list, _ = ui.Session().SettingList(ui.Context())
	}
	entries := map[string]*widget.Entry{}
	for _, s := range list {
		e := widget.NewEntry()
		e.SetText(s.Value)
		if s.Key == store.SettingWatchRoots {
			e = widget.NewMultiLineEntry()
			e.SetText(strings.ReplaceAll(s.Value, ",", "\n"))
			e.SetPlaceHolder(T("set.roots_hint"))
			e.SetMinRowsVisible(3)
		}
		entries[s.Key] = e
		label := s.Key
		if k, ok := settingLabels[s.Key]; ok {
			label = T(k)
		}
		form.Append(label, e)
	}
	if !ui.may(store.ActSettingsChange) {
		for _, e := range entries {
			e.Disable()
		}
		save.Hide()
		msg.SetText(T("set.admin_only"))
	}
	save.OnTapped = func() {
		changed := map[string]string{}
		for _, s := range list {
			val := strings.TrimSpace(entries[s.Key].Text)
			if s.Key == store.SettingWatchRoots {
				var roots []string
				for _, r := range strings.Split(val, "\n") {
					if r = strings.TrimSpace(r); r != "" {
						roots = append(roots, r)
					}
				}
				val = strings.Join(roots, ",")
			}
			if val != s.Value {
				changed[s.Key] = val
			}
		}
		if len(changed) == 0 {
			msg.SetText(T("set.unchanged"))
			return
		}
		ui.confirm(T("q.confirm_title"), T("set.confirm"), func() { v.save(changed, msg) })
	}
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(save), msg))
}

// save changes the settings through the core, each change a ledger entry.
// Docking reads them at its next recorder; only a change of the watched
// folders restarts the window's watcher.
func (v *settingsView) save(changed map[string]string, msg *widget.Label) {
	ui := v.ui
	ui.background(func(ctx context.Context) error {
		keys := make([]string, 0, len(changed))
		for k := range changed {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if err := ui.sessFor(ctx).SetSetting(ctx, k, changed[k]); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			msg.SetText(ErrorText(err))
			return
		}
		if _, ok := changed[store.SettingWatchRoots]; ok && !ui.opts.NoWatch {
			if err := ui.startDocking(); err != nil {
				msg.SetText(ErrorText(err))
				return
			}
		}
		msg.SetText(T("set.saved"))
	})
}

// devices lists the registered recorders and registers new ones.
func (v *settingsView) devices() fyne.CanvasObject {
	ui := v.ui
	list := newDataTable(ui.Shell, []column[store.Device]{
		col("reg.serial", 120, func(d store.Device) string { return d.Serial }),
		col("reg.model", 120, func(d store.Device) string { return orDash(d.Model) }),
		col("reg.profile", 100, func(d store.Device) string { return orDash(d.Profile) }),
		col("reg.officer", 140, func(d store.Device) string { return ui.OfficerName(d.Officer) }),
	}, 0, false, filters[store.Device]{
		Officer: func(d store.Device) string { return d.Officer },
		Device:  func(d store.Device) string { return d.Serial },
	})
	v.deviceTable = list
	msg := wrapLabel("")
	officerSel := newPicker(nil, nil)
	reload := func() {
		var devices []store.Device
		var officers []store.Officer
		ui.background(func(ctx context.Context) error {
			var err error
			if devices, err = ui.sessFor(ctx).Devices(ctx); err != nil {
				return err
			}
			officers, err = ui.sessFor(ctx).Officers(ctx)
			return err
		}, func(err error) {
			if err != nil {
				msg.SetText(ErrorText(err))
				return
			}
			list.Set(devices)
			if len(devices) == 0 {
				msg.SetText(T("set.no_devices"))
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
	if !ui.may(store.ActDeviceManage) {
		return container.NewBorder(top, msg, nil, nil, list.Root)
	}
	var names []string
	for _, p := range ui.profiles() {
		names = append(names, p.Name)
	}
	serial, model, prof := widget.NewEntry(), widget.NewEntry(), newPicker(names, nil)
	prof.SetSelected("generic")
	add := widget.NewButton(T("set.add_device"), func() {
		d := store.Device{Serial: strings.TrimSpace(serial.Text), Model: strings.TrimSpace(model.Text), Profile: prof.Selected}
		if f := strings.Fields(officerSel.Selected); len(f) > 0 {
			d.Officer = f[0]
		}
		ui.confirm(T("q.confirm_title"), T("reg.confirm", M{"Serial": d.Serial, "Officer": orDash(d.Officer)}), func() {
			ui.background(func(ctx context.Context) error { return ui.sessFor(ctx).AddDevice(ctx, d) }, func(err error) {
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
	return container.NewBorder(top, bottom, nil, nil, list.Root)
}

// officers lists the registered officers and registers new ones.
func (v *settingsView) officers() fyne.CanvasObject {
	ui := v.ui
	list := newDataTable(ui.Shell, []column[store.Officer]{
		col("set.officer_number", 120, func(o store.Officer) string { return o.Number }),
		col("set.officer_name", 120, func(o store.Officer) string { return o.Name }),
		col("set.officer_unit", 200, func(o store.Officer) string { return orDash(o.Unit) }),
	}, 0, false, filters[store.Officer]{})
	v.officerTable = list
	msg := wrapLabel("")
	reload := func() {
		var officers []store.Officer
		ui.background(func(ctx context.Context) error {
			var err error
			officers, err = ui.sessFor(ctx).Officers(ctx)
			return err
		}, func(err error) {
			if err != nil {
				msg.SetText(ErrorText(err))
				return
			}
			list.Set(officers)
			if len(officers) == 0 {
				msg.SetText(T("set.no_officers"))
			}
		})
	}
	reload()
	top := boldLabel(T("set.officers"))
	if !ui.may(store.ActOfficerManage) {
		return container.NewBorder(top, msg, nil, nil, list.Root)
	}
	num, name, unit := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	add := widget.NewButton(T("set.add_officer"), func() {
		o := store.Officer{Number: strings.TrimSpace(num.Text), Name: strings.TrimSpace(name.Text), Unit: strings.TrimSpace(unit.Text)}
		ui.confirm(T("q.confirm_title"), T("set.confirm_officer", M{"Number": o.Number, "Name": o.Name}), func() {
			ui.background(func(ctx context.Context) error { return ui.sessFor(ctx).AddOfficer(ctx, o) }, func(err error) {
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
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), form, container.NewHBox(add), msg), nil, nil, list.Root)
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
		// The built-in profiles' descriptions are translated; a bureau's
		// own profile says what its author wrote.
		desc := T("profile.desc." + p.Name)
		if desc == "profile.desc."+p.Name {
			desc = p.Description
		}
		list.Add(wrapLabel(desc))
	}
	return container.NewVScroll(list)
}

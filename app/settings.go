package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/archive"
	"evidock/store"
)

// settingsView is the 设置 screen: devices, officers, profiles, thresholds,
// watched folders, language, data folder and its free space.
type settingsView struct {
	ui           *UI
	Root         fyne.CanvasObject
	deviceTable  *shell.DataTable[store.Device]
	officerTable *shell.DataTable[store.Officer]
}

func newSettingsView(ui *UI) *settingsView {
	v := &settingsView{ui: ui}
	tabs := container.NewAppTabs(
		container.NewTabItem(i18n.T("set.general"), v.general()),
		container.NewTabItem(i18n.T("set.devices"), v.devices()),
		container.NewTabItem(i18n.T("set.officers"), v.officers()),
		container.NewTabItem(i18n.T("set.profiles"), v.profiles()))
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
	langSel := shell.NewPicker([]string{"中文", "English"}, nil)
	langSel.SetSelected(map[string]string{i18n.LangZH: "中文", i18n.LangEN: "English"}[i18n.Language()])
	langSel.OnChanged = func(s string) {
		if code := map[string]string{"中文": i18n.LangZH, "English": i18n.LangEN}[s]; code != i18n.Language() {
			ui.SwitchLanguage(code)
		}
	}
	set, err := ui.Store().Settings(ui.Context())
	if err != nil {
		set = store.DefaultSettings()
	}
	free, total := archive.DiskSpace(ui.Store().Dir())
	space := shell.WrapLabel(i18n.T("set.space_unknown"))
	if total > 0 {
		space.SetText(i18n.T("set.space", i18n.M{"Free": i18n.Bytes(free), "Total": i18n.Bytes(total)}))
		if free < int64(set.FreeWarnGB)<<30 {
			space.SetText(space.Text + "\n" + i18n.T("set.space_low", i18n.M{"GB": set.FreeWarnGB}))
			space.Importance = widget.DangerImportance
		}
	}
	dir := widget.NewLabel(ui.Store().Dir())
	dir.Selectable = true
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("set.language"), langSel),
		widget.NewFormItem(i18n.T("set.data"), dir),
		widget.NewFormItem(i18n.T("set.free"), space))
	msg := shell.WrapLabel("")
	save := widget.NewButton(i18n.T("set.save"), nil)
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
			e.SetPlaceHolder(i18n.T("set.roots_hint"))
			e.SetMinRowsVisible(3)
		}
		entries[s.Key] = e
		label := s.Key
		if k, ok := settingLabels[s.Key]; ok {
			label = i18n.T(k)
		}
		form.Append(label, e)
	}
	if !ui.May(store.ActSettingsChange) {
		for _, e := range entries {
			e.Disable()
		}
		save.Hide()
		msg.SetText(i18n.T("set.admin_only"))
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
			msg.SetText(i18n.T("set.unchanged"))
			return
		}
		ui.Confirm(i18n.T("q.confirm_title"), i18n.T("set.confirm"), func() { v.save(changed, msg) })
	}
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(save), msg))
}

// save changes the settings through the core, each change a ledger entry.
// Docking reads them at its next recorder; only a change of the watched
// folders restarts the window's watcher.
func (v *settingsView) save(changed map[string]string, msg *widget.Label) {
	ui := v.ui
	ui.Background(func(ctx context.Context) error {
		keys := make([]string, 0, len(changed))
		for k := range changed {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if err := ui.SessFor(ctx).SetSetting(ctx, k, changed[k]); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			msg.SetText(i18n.ErrorText(err))
			return
		}
		if _, ok := changed[store.SettingWatchRoots]; ok && !ui.opts.NoWatch {
			if err := ui.startDocking(); err != nil {
				msg.SetText(i18n.ErrorText(err))
				return
			}
		}
		msg.SetText(i18n.T("set.saved"))
	})
}

// devices lists the registered recorders and registers new ones.
func (v *settingsView) devices() fyne.CanvasObject {
	ui := v.ui
	list := shell.NewDataTable(ui.Shell, []shell.Column[store.Device]{
		shell.Col("reg.serial", 120, func(d store.Device) string { return d.Serial }),
		shell.Col("reg.model", 120, func(d store.Device) string { return i18n.OrDash(d.Model) }),
		shell.Col("reg.profile", 100, func(d store.Device) string { return i18n.OrDash(d.Profile) }),
		shell.Col("reg.officer", 140, func(d store.Device) string { return ui.OfficerName(d.Officer) }),
	}, 0, false, shell.Filters[store.Device]{
		Officer: func(d store.Device) string { return d.Officer },
		Device:  func(d store.Device) string { return d.Serial },
	})
	v.deviceTable = list
	msg := shell.WrapLabel("")
	officerSel := shell.NewPicker(nil, nil)
	reload := func() {
		var devices []store.Device
		var officers []store.Officer
		ui.Background(func(ctx context.Context) error {
			var err error
			if devices, err = ui.SessFor(ctx).Devices(ctx); err != nil {
				return err
			}
			officers, err = ui.SessFor(ctx).Officers(ctx)
			return err
		}, func(err error) {
			if err != nil {
				msg.SetText(i18n.ErrorText(err))
				return
			}
			list.Set(devices)
			if len(devices) == 0 {
				msg.SetText(i18n.T("set.no_devices"))
			}
			var opts []string
			for _, o := range officers {
				opts = append(opts, o.Number+" "+o.Name)
			}
			officerSel.SetOptions(opts)
		})
	}
	reload()
	top := container.NewVBox(shell.BoldLabel(i18n.T("set.devices")))
	if !ui.May(store.ActDeviceManage) {
		return container.NewBorder(top, msg, nil, nil, list.Root)
	}
	var names []string
	for _, p := range ui.profiles() {
		names = append(names, p.Name)
	}
	serial, model, prof := widget.NewEntry(), widget.NewEntry(), shell.NewPicker(names, nil)
	prof.SetSelected("generic")
	add := widget.NewButton(i18n.T("set.add_device"), func() {
		d := store.Device{Serial: strings.TrimSpace(serial.Text), Model: strings.TrimSpace(model.Text), Profile: prof.Selected}
		if f := strings.Fields(officerSel.Selected); len(f) > 0 {
			d.Officer = f[0]
		}
		ui.ConfirmThenDo(i18n.T("reg.confirm", i18n.M{"Serial": d.Serial, "Officer": i18n.OrDash(d.Officer)}), msg,
			func(ctx context.Context, sess *store.Session) error { return sess.AddDevice(ctx, d) },
			func() {
				msg.SetText(i18n.T("set.saved"))
				serial.SetText("")
				reload()
			})
	})
	form := widget.NewForm(widget.NewFormItem(i18n.T("reg.serial"), serial), widget.NewFormItem(i18n.T("reg.model"), model),
		widget.NewFormItem(i18n.T("reg.profile"), prof), widget.NewFormItem(i18n.T("reg.officer"), officerSel))
	bottom := container.NewVBox(widget.NewSeparator(), form, container.NewHBox(add), msg)
	return container.NewBorder(top, bottom, nil, nil, list.Root)
}

// officers lists the registered officers and registers new ones.
func (v *settingsView) officers() fyne.CanvasObject {
	ui := v.ui
	list := shell.NewDataTable(ui.Shell, []shell.Column[store.Officer]{
		shell.Col("set.officer_number", 120, func(o store.Officer) string { return o.Number }),
		shell.Col("set.officer_name", 120, func(o store.Officer) string { return o.Name }),
		shell.Col("set.officer_unit", 200, func(o store.Officer) string { return i18n.OrDash(o.Unit) }),
	}, 0, false, shell.Filters[store.Officer]{})
	v.officerTable = list
	msg := shell.WrapLabel("")
	reload := func() {
		var officers []store.Officer
		ui.Background(func(ctx context.Context) error {
			var err error
			officers, err = ui.SessFor(ctx).Officers(ctx)
			return err
		}, func(err error) {
			if err != nil {
				msg.SetText(i18n.ErrorText(err))
				return
			}
			list.Set(officers)
			if len(officers) == 0 {
				msg.SetText(i18n.T("set.no_officers"))
			}
		})
	}
	reload()
	top := shell.BoldLabel(i18n.T("set.officers"))
	if !ui.May(store.ActOfficerManage) {
		return container.NewBorder(top, msg, nil, nil, list.Root)
	}
	num, name, unit := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	add := widget.NewButton(i18n.T("set.add_officer"), func() {
		o := store.Officer{Number: strings.TrimSpace(num.Text), Name: strings.TrimSpace(name.Text), Unit: strings.TrimSpace(unit.Text)}
		ui.ConfirmThenDo(i18n.T("set.confirm_officer", i18n.M{"Number": o.Number, "Name": o.Name}), msg,
			func(ctx context.Context, sess *store.Session) error { return sess.AddOfficer(ctx, o) },
			func() {
				msg.SetText(i18n.T("set.saved"))
				num.SetText("")
				name.SetText("")
				reload()
			})
	})
	form := widget.NewForm(widget.NewFormItem(i18n.T("set.officer_number"), num), widget.NewFormItem(i18n.T("set.officer_name"), name),
		widget.NewFormItem(i18n.T("set.officer_unit"), unit))
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), form, container.NewHBox(add), msg), nil, nil, list.Root)
}

// profiles lists the device profiles recorders are recognised by.
func (v *settingsView) profiles() fyne.CanvasObject {
	list := container.NewVBox(shell.WrapLabel(i18n.T("set.profiles_intro")))
	for _, p := range v.ui.profiles() {
		name := p.Name
		if p.Model != "" {
			name += " (" + p.Model + ")"
		}
		list.Add(shell.BoldLabel(name))
		// The built-in profiles' descriptions are translated; a bureau's
		// own profile says what its author wrote.
		desc := i18n.T("profile.desc." + p.Name)
		if desc == "profile.desc."+p.Name {
			desc = p.Description
		}
		list.Add(shell.WrapLabel(desc))
	}
	return container.NewVScroll(list)
}

package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"evidock/app/approvals"
	"evidock/app/discs"
	"evidock/app/i18n"
	"evidock/app/keeping"
	"evidock/app/maintain"
	"evidock/app/shell"
	"evidock/app/supervise"
	"evidock/followups"
	"evidock/ingest/dock"
	"evidock/ingest/profile"
	"evidock/ingest/volume"
	"evidock/store"
)

// DefaultSize is the window's size at start: it fits a 1024×768 office
// screen with a taskbar and a title bar, and every screen's content fits in
// it (a test says so for every screen, role and language).
var DefaultSize = fyne.NewSize(1000, 690)

// Options change how the window docks; the zero value is the real thing.
type Options struct {
	Roots []volume.Root // watched in addition to the system's and the settings' roots
	// OnlyRoots watches Roots (and the settings' folders) but not the
	// system's mount folders (/media, /mnt): a test's own recorders only.
	OnlyRoots    bool
	NoWatch      bool          // do not start the docking service (tests feed events)
	PollInterval time.Duration // how often mount tables are read; 0: the watcher's default
	// NoMaintenance: no scheduled check, backup or replication from this
	// window (the screenshot tool, whose pictures should not show them).
	NoMaintenance bool

	// ManualBridge: the caller runs the window's work itself with Flush, on
	// its own goroutine. Tests on Fyne's test driver need it: that driver
	// runs fyne.Do on the calling goroutine, so background work would touch
	// widgets while the test does.
	ManualBridge bool
}

// UI is the workstation window and what it acts through.
type UI struct {
	*shell.Shell
	opts   Options
	model  *dockModel
	events chan dock.Event
	svc    *dock.Service
	stop   context.CancelFunc
	docked map[string]bool // volumes docked by this window and still there

	waiting    followups.Waiting // what waits for the user's decision (the badge)
	tabs       *container.AppTabs
	screenList []*screen
	userLine   *widget.Label
	banner     *integrityBanner // open integrity problems (integrity.go)

	dock       *dockingView
	lib        *libraryView
	timeline   *timelineView
	cases      *keeping.CasesView
	inbox      *approvals.ApprovalsView
	mine       *approvals.RequestsView
	register   *approvals.ViewRegisterView
	exportW    *discs.ExportWizard
	dash       *supervise.SuperviseView
	custody    *keeping.CustodyView
	notRec     *keeping.NotRecordedView
	exports    *discs.ExportsView
	violations *supervise.ViolationsView
	users      *usersView
	integrity  *maintain.IntegrityView
	storage    *maintain.StorageView
	purge      *keeping.PurgeView
	settings   *settingsView
	ledger     *maintain.LedgerView
}

// New builds the window on the store; the docking service starts at once,
// so recorders docked while the window was closed are imported now.
func New(ctx context.Context, a fyne.App, st *store.Store, opts Options) (*UI, error) {
	if err := i18n.SetLanguage(a.Preferences().StringWithFallback(i18n.PrefLanguage, i18n.LangZH)); err != nil {
		return nil, err
	}
	a.Settings().SetTheme(shell.NewTheme())
	ui := &UI{Shell: shell.NewShell(ctx, a, st, shell.NewBridge()), opts: opts, model: newDockModel(),
		events: make(chan dock.Event, 64), docked: map[string]bool{}}
	ui.SetHooks(shell.Hooks{Show: ui.Show, Reload: ui.reloadPage, RefreshBanner: ui.refreshBanner})
	ui.Bridge().SetManual(opts.ManualBridge)
	ui.Win = a.NewWindow(i18n.T("app.title"))
	ui.Win.Resize(DefaultSize)
	ui.build()
	ui.shortcuts()
	go ui.Bridge().Run(ctx)
	go ui.consume()
	go ui.badgeLoop()
	if !opts.NoWatch {
		if err := ui.startDocking(); err != nil {
			return ui, err
		}
	}
	return ui, nil
}

// Tabs are the window's screens.
func (ui *UI) Tabs() *container.AppTabs { return ui.tabs }

// HandleEvent takes one event of the docking service; any goroutine may
// call it. The card changes at the next redraw (at most 100 ms later).
func (ui *UI) HandleEvent(e dock.Event) {
	switch e.Type {
	case dock.IntegrityChecked, dock.BackedUp, dock.Replicated, dock.RetentionDue:
		// Scheduled maintenance, not a recorder: no card (it would stay at
		// "recognising the recorder" for good); a check may find problems.
		ui.Bridge().Redraw("banner", ui.refreshBanner)
		return
	}
	vol := ui.model.Apply(e)
	ui.Bridge().Redraw("card:"+vol, func() {
		if ui.dock != nil {
			ui.dock.refresh(vol)
		}
	})
	switch e.Type {
	case dock.Finished, dock.Interruptions:
		ui.Bridge().Redraw("recent", func() {
			if ui.dock != nil {
				ui.dock.loadRecent()
			}
			ui.refreshBadge()
		})
	}
}

// Events is where docking events for the window go.
func (ui *UI) Events() chan<- dock.Event { return ui.events }

func (ui *UI) consume() {
	for {
		select {
		case <-ui.Context().Done():
			return
		case e := <-ui.events:
			ui.HandleEvent(e)
		}
	}
}

// startDocking (re)starts the docking service with the current settings.
// A restart (new watched folders) does not dock again what this window
// has docked and is still plugged in: saving settings has no side effects.
func (ui *UI) startDocking() error {
	if ui.stop != nil {
		ui.stop()
	}
	var roots []volume.Root
	if !ui.opts.OnlyRoots {
		roots = volume.DefaultRoots()
	}
	roots = append(roots, ui.opts.Roots...)
	// Maintenance runs wherever evidock runs: the window as well as watch
	// (scheduled check, backup and replication).
	svc, err := dock.New(ui.Store(), dock.Config{Roots: roots, PollInterval: ui.opts.PollInterval, Session: ui.dockingSession,
		Maintain: !ui.opts.NoMaintenance, Present: ui.model.Present})
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ui.Context())
	ui.svc, ui.stop = svc, stop
	ch := make(chan dock.Event, 64)
	go func() {
		if err := svc.Run(ctx, ch); err != nil {
			ui.HandleEvent(dock.Event{Type: dock.Failed, Time: time.Now(), Volume: "", Error: err.Error()})
		}
	}()
	go func() {
		for e := range ch {
			ui.HandleEvent(e)
		}
	}()
	return nil
}

// profiles are the device profiles recorders are recognised by.
func (ui *UI) profiles() []profile.Profile {
	if ui.svc != nil {
		return ui.svc.Profiles()
	}
	ps, err := profile.Load(ui.Store().Dir())
	if err != nil {
		ps, _ = profile.Builtin()
	}
	return ps
}

// dockingSession is who a recorder plugged in now is docked as: the
// logged-in user when they may import, else the service account (evidence
// never waits for a login).
func (ui *UI) dockingSession(ctx context.Context) (*store.Session, error) {
	if sess := ui.Session(); sess != nil && sess.May(store.ActImport) {
		return sess, nil
	}
	return ui.Store().DockingSession(ctx)
}

// build makes every screen anew (after a login, a logout or a language
// change), keeping the docking cards and the screen shown.
func (ui *UI) build() {
	sel := 0
	if ui.tabs != nil {
		sel = ui.tabs.SelectedIndex()
	}
	ui.Win.SetTitle(i18n.T("app.title"))
	ui.ReloadPeople()
	ui.ForgetGuards()
	ui.lib, ui.timeline, ui.cases, ui.inbox, ui.mine, ui.register = nil, nil, nil, nil, nil, nil
	ui.exportW, ui.dash, ui.custody, ui.notRec = nil, nil, nil, nil
	ui.integrity, ui.storage, ui.purge = nil, nil, nil
	ui.settings, ui.ledger = nil, nil
	ui.exports, ui.violations, ui.users = nil, nil, nil
	ui.dock = newDockingView(ui)
	ui.tabs = ui.makeScreens()
	ui.Win.SetContent(container.NewBorder(ui.topBar(), nil, nil, nil, ui.tabs))
	ui.tabs.SelectIndex(sel)
	showLazy(ui.tabs.Selected())
	ui.refreshBadge()
}

// topBar is the line above the screens: open integrity problems, who is
// logged in, log in or out, the language. It fits 1000 px in English.
func (ui *UI) topBar() fyne.CanvasObject {
	ui.userLine = widget.NewLabel("")
	var userButton *widget.Button
	if ui.Session() != nil {
		ui.userLine.SetText(i18n.T("user.logged_in", i18n.M{"Name": ui.PersonName(ui.Session().Actor().Name)}))
		userButton = widget.NewButton(i18n.T("user.logout"), ui.logout)
	} else {
		ui.userLine.SetText(i18n.T("user.not_logged_in"))
		userButton = widget.NewButton(i18n.T("user.login"), func() { ui.Show(shell.ScreenRecords) })
	}
	ui.userLine.Truncation = fyne.TextTruncateEllipsis
	langSel := shell.NewPicker([]string{"中文", "English"}, nil)
	if i18n.Language() == i18n.LangEN {
		langSel.SetSelected("English")
	} else {
		langSel.SetSelected("中文")
	}
	langSel.OnChanged = func(s string) {
		code := i18n.LangZH
		if s == "English" {
			code = i18n.LangEN
		}
		if code != i18n.Language() {
			ui.SwitchLanguage(code)
		}
	}
	right := container.NewHBox(userButton, langSel)
	left := container.NewHBox(widget.NewLabelWithStyle(i18n.T("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), ui.problemBanner())
	return container.NewBorder(nil, nil, left, right, ui.userLine)
}

// SetSession makes sess the logged-in user (nil logs out) and rebuilds the
// screens.
func (ui *UI) SetSession(sess *store.Session) {
	ui.SetUser(sess)
	ui.build()
}

func (ui *UI) logout() {
	ui.SetSession(nil)
	ui.Show(shell.ScreenDock)
}

// SwitchLanguage changes the language, remembers it and rebuilds the
// screens.
func (ui *UI) SwitchLanguage(code string) {
	if err := i18n.SetLanguage(code); err != nil {
		ui.ShowError(err)
		return
	}
	ui.App.Preferences().SetString(i18n.PrefLanguage, code)
	ui.build()
}

// shortcuts: Ctrl+1…8 open the screens in order.
func (ui *UI) shortcuts() {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8}
	for i, k := range keys {
		idx := i
		ui.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) {
				if idx < len(ui.screenList) {
					ui.Show(ui.screenList[idx].id)
				}
			})
	}
}

// Close stops the docking service.
func (ui *UI) Close() {
	if ui.stop != nil {
		ui.stop()
	}
}

func (ui *UI) String() string { return fmt.Sprintf("evidock window on %s", ui.Store().Dir()) }

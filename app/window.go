package app

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"evidock/ingest/dock"
	"evidock/ingest/profile"
	"evidock/ingest/volume"
	"evidock/store"
)

// The window's screens, by tab index.
const (
	TabDock = iota
	TabLibrary
	TabLedger
	TabSettings
)

// Options change how the window docks; the zero value is the real thing.
type Options struct {
	Roots        []volume.Root // watched in addition to the system's and the settings' roots
	NoWatch      bool          // do not start the docking service (tests feed events)
	PollInterval time.Duration // how often mount tables are read; 0: the watcher's default
	// Screenshots, when set, is a folder: the window saves a PNG of every
	// screen in both languages there, then quits (make screenshots).
	Screenshots string
	// Login logs in as this user (with Password) at start (screenshots).
	Login, Password string

	manualBridge bool // tests run the bridge's work themselves (Bridge.Flush)
}

// UI is the workstation window and what it acts through.
type UI struct {
	shotsFailed atomic.Int32 // screenshots that could not be taken (screenshots.go)

	ctx    context.Context
	App    fyne.App
	Win    fyne.Window
	st     *store.Store
	opts   Options
	bridge *Bridge
	model  *dockModel
	events chan dock.Event
	svc    *dock.Service
	stop   context.CancelFunc

	sess     *store.Session // the logged-in user; nil until a login
	tabs     *container.AppTabs
	userLine *widget.Label
	dock     *dockingView
	lib      *libraryView
	timeline *timelineView
	ledger   *ledgerView
	settings *settingsView

	supervise  *superviseArea // 督查 (areas.go)
	keeping    *keepingArea   // 保管 (areas.go)
	keepingTab *container.TabItem
	banner     *integrityBanner // open integrity problems (integrity.go)

	viewing *viewingView  // 审批/查阅 (viewing.go)
	exportW *exportWizard // 证据导出 (exportwizard.go)
}

// New builds the window on the store; the docking service starts at once,
// so recorders docked while the window was closed are imported now.
func New(ctx context.Context, a fyne.App, st *store.Store, opts Options) (*UI, error) {
	if err := SetLanguage(a.Preferences().StringWithFallback(prefLanguage, LangZH)); err != nil {
		return nil, err
	}
	a.Settings().SetTheme(newTheme())
	ui := &UI{ctx: ctx, App: a, st: st, opts: opts, bridge: NewBridge(), model: newDockModel(),
		events: make(chan dock.Event, 64)}
	ui.bridge.manual = opts.manualBridge
	ui.Win = a.NewWindow(T("app.title"))
	ui.Win.Resize(fyne.NewSize(1180, 760))
	ui.build()
	ui.shortcuts()
	go ui.bridge.Run(ctx)
	go ui.consume()
	if !opts.NoWatch {
		if err := ui.startDocking(); err != nil {
			return ui, err
		}
	}
	return ui, nil
}

// Session is the logged-in user's session, or nil.
func (ui *UI) Session() *store.Session { return ui.sess }

// Store is the store the window acts on.
func (ui *UI) Store() *store.Store { return ui.st }

// Bridge is the window's bridge (tests flush it).
func (ui *UI) Bridge() *Bridge { return ui.bridge }

// Tabs are the window's screens.
func (ui *UI) Tabs() *container.AppTabs { return ui.tabs }

// HandleEvent takes one event of the docking service; any goroutine may
// call it. The card changes at the next redraw.
func (ui *UI) HandleEvent(e dock.Event) {
	vol := ui.model.Apply(e)
	ui.bridge.Redraw("card:"+vol, func() {
		if ui.dock != nil {
			ui.dock.refresh(vol)
		}
	})
	if e.Type == dock.Finished || e.Type == dock.Interruptions {
		ui.bridge.Redraw("recent", func() {
			if ui.dock != nil {
				ui.dock.loadRecent()
			}
		})
	}
}

// Events is where docking events for the window go.
func (ui *UI) Events() chan<- dock.Event { return ui.events }

func (ui *UI) consume() {
	for {
		select {
		case <-ui.ctx.Done():
			return
		case e := <-ui.events:
			ui.HandleEvent(e)
		}
	}
}

// startDocking (re)starts the docking service with the current settings.
func (ui *UI) startDocking() error {
	if ui.stop != nil {
		ui.stop()
	}
	roots := append(volume.DefaultRoots(), ui.opts.Roots...)
	// Maintenance runs wherever evidock runs: the window as well as watch
	// (scheduled check, backup and replication; not while taking screenshots).
	svc, err := dock.New(ui.st, dock.Config{Roots: roots, PollInterval: ui.opts.PollInterval, Session: ui.dockingSession,
		Maintain: ui.opts.Screenshots == ""})
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ui.ctx)
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
	ps, err := profile.Load(ui.st.Dir())
	if err != nil {
		ps, _ = profile.Builtin()
	}
	return ps
}

// dockingSession is who a recorder plugged in now is docked as: the
// logged-in user when they may import, else the service account (evidence
// never waits for a login).
func (ui *UI) dockingSession(ctx context.Context) (*store.Session, error) {
	if sess := ui.sess; sess != nil && sess.May(store.ActImport) {
		return sess, nil
	}
	return ui.st.DockingSession(ctx)
}

// errLoginFirst is why a follow-up question cannot be answered while
// nobody is logged in: answers are the officer's own (Art. 11, 13).
var errLoginFirst = errors.New("log in first")

// annotator is the session follow-up answers are given through: the
// logged-in user's. Docking needs no login, answering does.
func (ui *UI) annotator() (*store.Session, error) {
	if ui.sess == nil {
		return nil, errLoginFirst
	}
	return ui.sess, nil
}

// may reports whether the logged-in user may take action.
func (ui *UI) may(action store.Action) bool { return ui.sess != nil && ui.sess.May(action) }

// build makes every screen anew (after a login, a logout or a language
// change), keeping the docking cards.
func (ui *UI) build() {
	sel := 0
	if ui.tabs != nil {
		sel = ui.tabs.SelectedIndex()
	}
	ui.Win.SetTitle(T("app.title"))
	ui.dock = newDockingView(ui)
	ui.lib, ui.timeline, ui.ledger, ui.settings = nil, nil, nil, nil
	libContent := ui.gated(func() fyne.CanvasObject {
		ui.lib = newLibraryView(ui)
		ui.timeline = newTimelineView(ui)
		return container.NewAppTabs(
			container.NewTabItem(T("library.search"), ui.lib.root),
			container.NewTabItem(T("library.timeline"), ui.timeline.root))
	})
	ledgerContent := ui.gated(func() fyne.CanvasObject {
		if !ui.may(store.ActLedgerRead) {
			return notAllowed()
		}
		ui.ledger = newLedgerView(ui)
		return ui.ledger.root
	})
	settingsContent := ui.gated(func() fyne.CanvasObject {
		ui.settings = newSettingsView(ui)
		return ui.settings.root
	})
	ui.tabs = container.NewAppTabs(
		container.NewTabItem(T("tab.dock"), ui.dock.root),
		container.NewTabItem(T("tab.library"), libContent),
		container.NewTabItem(T("tab.ledger"), ledgerContent),
		container.NewTabItem(T("tab.settings"), settingsContent))
	ui.areaTabs()                         // 督查 and 保管, for the roles that may use them
	for _, it := range ui.viewingTabs() { // 审批/查阅 and 证据导出, for the roles that may use them
		ui.tabs.Append(it)
	}
	ui.tabs.SelectIndex(sel)
	ui.userLine = widget.NewLabel("")
	var userButton *widget.Button
	if ui.sess != nil {
		ui.userLine.SetText(T("user.logged_in", M{"Name": ui.sess.Actor().Name}))
		userButton = widget.NewButton(T("user.logout"), ui.logout)
	} else {
		ui.userLine.SetText(T("user.not_logged_in"))
		userButton = widget.NewButton(T("user.login"), func() { ui.tabs.SelectIndex(TabLibrary) })
	}
	langSel := widget.NewSelect([]string{"中文", "English"}, nil)
	if Language() == LangEN {
		langSel.SetSelected("English")
	} else {
		langSel.SetSelected("中文")
	}
	langSel.OnChanged = func(s string) {
		code := LangZH
		if s == "English" {
			code = LangEN
		}
		if code != Language() {
			ui.SwitchLanguage(code)
		}
	}
	top := container.NewHBox(widget.NewLabelWithStyle(T("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ui.problemBanner(), layoutSpacer(), ui.userLine, userButton, langSel)
	ui.Win.SetContent(container.NewBorder(top, nil, nil, nil, ui.tabs))
}

// gated shows the login (or the first administrator's set-up) until
// someone is logged in; then what build makes.
func (ui *UI) gated(build func() fyne.CanvasObject) fyne.CanvasObject {
	if ui.sess == nil {
		return newLoginView(ui).root
	}
	return build()
}

// SetSession makes sess the logged-in user (nil logs out) and rebuilds the
// screens.
func (ui *UI) SetSession(sess *store.Session) {
	ui.sess = sess
	ui.build()
}

func (ui *UI) logout() {
	ui.SetSession(nil)
	ui.tabs.SelectIndex(TabDock)
}

// SwitchLanguage changes the language, remembers it and rebuilds the
// screens.
func (ui *UI) SwitchLanguage(code string) {
	if err := SetLanguage(code); err != nil {
		ui.showError(err)
		return
	}
	ui.App.Preferences().SetString(prefLanguage, code)
	ui.build()
}

// shortcuts: Ctrl+1…4 switch screens.
func (ui *UI) shortcuts() {
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4} {
		idx := i
		ui.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { ui.tabs.SelectIndex(idx) })
	}
}

// confirm asks before something that cannot be undone.
func (ui *UI) confirm(title, message string, do func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			do()
		}
	}, ui.Win)
	d.SetConfirmText(T("confirm.yes"))
	d.SetDismissText(T("confirm.no"))
	d.Show()
}

// showError says err in plain words.
func (ui *UI) showError(err error) {
	dialog.NewInformation(T("error.title"), ErrorText(err), ui.Win).Show()
}

// background runs work off the UI goroutine and hands its outcome to done
// on the UI goroutine.
func (ui *UI) background(work func(ctx context.Context) error, done func(err error)) {
	go func() {
		err := work(ui.ctx)
		ui.bridge.Do(func() { done(err) })
	}()
}

func notAllowed() fyne.CanvasObject {
	return container.NewCenter(widget.NewLabel(T("not_allowed")))
}

// Close stops the docking service.
func (ui *UI) Close() {
	if ui.stop != nil {
		ui.stop()
	}
}

func (ui *UI) String() string { return fmt.Sprintf("evidock window on %s", ui.st.Dir()) }

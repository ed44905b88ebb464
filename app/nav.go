package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/approvals"
	"evidock/app/discs"
	"evidock/app/i18n"
	"evidock/app/keeping"
	"evidock/app/maintain"
	"evidock/app/shell"
	"evidock/app/supervise"
	"evidock/followups"
	"evidock/store"
)

// page is one page of a screen: what builds it, and the actions of which
// a user needs one to use it (nil: any logged-in user).
type page struct {
	id     string
	title  string // translation key
	any    []store.Action
	build  func() fyne.CanvasObject
	reload func() // reads the page anew when it is shown again; nil: nothing to read
}

// screen is one of the window's tabs.
type screen struct {
	id, title string
	needLogin bool
	pages     []page
	item      *container.TabItem
	tabs      *container.AppTabs // the pages; nil for a one-page screen
}

// screens lists the window's screens and their pages; the views are made
// when first shown (each screen's queries are ledger entries).
func (ui *UI) screens() []*screen {
	A := func(a ...store.Action) []store.Action { return a }
	return []*screen{
		{id: shell.ScreenDock, title: "tab.dock", pages: []page{{id: "dock", build: func() fyne.CanvasObject { return ui.dock.Root }}}},
		{id: shell.ScreenRecords, title: "tab.records", needLogin: true, pages: []page{
			{id: "library", title: "library.search", any: A(store.ActRecordingsSearch), build: func() fyne.CanvasObject { ui.lib = newLibraryView(ui); return ui.lib.Root }},
			{id: "timeline", title: "library.timeline", any: A(store.ActTimelineRead), build: func() fyne.CanvasObject { ui.timeline = newTimelineView(ui); return ui.timeline.Root }},
			{id: "cases", title: "kp.tab_cases", any: A(store.ActCaseRead), build: func() fyne.CanvasObject { ui.cases = keeping.NewCasesView(ui.Shell); return ui.cases.Root }},
		}},
		{id: shell.ScreenApprovals, title: "tab.approvals", needLogin: true, pages: []page{
			{id: "inbox", title: "viewing.tab_inbox", any: A(store.ActRequestDecide, store.ActPurgeDecide, store.ActNotrecordedAck, store.ActViolationDecide),
				build: func() fyne.CanvasObject { ui.inbox = approvals.NewApprovalsView(ui.Shell); return ui.inbox.Root },
				reload: func() {
					if ui.inbox != nil {
						ui.inbox.Load()
					}
				}},
			{id: "mine", title: "viewing.tab_mine", any: A(store.ActRequestList), build: func() fyne.CanvasObject { ui.mine = approvals.NewRequestsView(ui.Shell); return ui.mine.Root },
				reload: func() {
					if ui.mine != nil {
						ui.mine.Load()
					}
				}},
			{id: "register", title: "viewing.tab_register", any: A(store.ActRegisterRead), build: func() fyne.CanvasObject {
				ui.register = approvals.NewViewRegisterView(ui.Shell)
				return ui.register.Root
			},
				reload: func() {
					if ui.register != nil {
						ui.register.Load()
					}
				}},
		}},
		{id: shell.ScreenDiscs, title: "tab.discs", needLogin: true, pages: []page{
			{id: "make", title: "exp.tab_make", any: A(store.ActExport), build: func() fyne.CanvasObject { ui.exportW = discs.NewExportWizard(ui.Shell); return ui.exportW.Root }},
			{id: "exports", title: "lists.exp_tab", any: A(store.ActExportRead), build: func() fyne.CanvasObject {
				ui.exports = discs.NewExportsView(ui.Shell, ui.retryExport)
				return ui.exports.Root
			},
				reload: func() {
					if ui.exports != nil {
						ui.exports.Load()
					}
				}},
		}},
		{id: shell.ScreenSupervise, title: "tab.supervise", needLogin: true, pages: []page{
			{id: "overview", title: "sv.tab_overview", any: A(store.ActSupervisionRead), build: func() fyne.CanvasObject { ui.dash = supervise.NewSuperviseView(ui.Shell); return ui.dash.Root }},
			{id: "custody", title: "cu.tab", any: A(store.ActCustodyRead, store.ActCustodyManage, store.ActCustodyLost), build: func() fyne.CanvasObject { ui.custody = keeping.NewCustodyView(ui.Shell); return ui.custody.Root }},
			{id: "violations", title: "lists.vio_tab", any: A(store.ActViolationRead), build: func() fyne.CanvasObject {
				ui.violations = supervise.NewViolationsView(ui.Shell)
				return ui.violations.Root
			},
				reload: func() {
					if ui.violations != nil {
						ui.violations.Load()
					}
				}},
			{id: "notrecorded", title: "nr.tab", any: A(store.ActNotrecordedFile, store.ActNotrecordedRead), build: func() fyne.CanvasObject { ui.notRec = keeping.NewNotRecordedView(ui.Shell); return ui.notRec.Root }},
		}},
		{id: shell.ScreenMaintain, title: "tab.maintain", needLogin: true, pages: []page{
			{id: "integrity", title: "ic.tab", any: A(store.ActIntegrityRead, store.ActIntegrityCheck), build: func() fyne.CanvasObject { ui.integrity = maintain.NewIntegrityView(ui.Shell); return ui.integrity.Root }},
			{id: "storage", title: "st.tab", any: A(store.ActSpaceRead), build: func() fyne.CanvasObject { ui.storage = maintain.NewStorageView(ui.Shell); return ui.storage.Root }},
			{id: "purge", title: "kp.tab_purge", any: A(store.ActRetentionRead, store.ActPurgeRead), build: func() fyne.CanvasObject { ui.purge = keeping.NewPurgeView(ui.Shell); return ui.purge.Root }},
		}},
		{id: shell.ScreenSettings, title: "tab.settings", needLogin: true, pages: []page{
			{id: "settings", title: "lists.set_tab", build: func() fyne.CanvasObject { ui.settings = newSettingsView(ui); return ui.settings.Root }},
			{id: "users", title: "lists.users_tab", any: A(store.ActUserList), build: func() fyne.CanvasObject { ui.users = newUsersView(ui); return ui.users.Root },
				reload: func() {
					if ui.users != nil {
						ui.users.Load()
					}
				}},
		}},
		{id: shell.ScreenLedger, title: "tab.ledger", needLogin: true, pages: []page{
			{id: "ledger", any: A(store.ActLedgerRead), build: func() fyne.CanvasObject { ui.ledger = maintain.NewLedgerView(ui.Shell); return ui.ledger.Root }},
		}},
	}
}

// retryExport runs failed export e again in the 制作光盘 wizard, which
// shows its progress and lets it be cancelled.
func (ui *UI) retryExport(e access.Export) {
	ui.Show(shell.ScreenDiscs + ".make")
	if ui.exportW != nil {
		ui.exportW.RetryExport(e.ID, e.OutDir)
	}
}

// makeScreens builds the tabs: every screen for everyone, its content made
// when shown; a page the user may not use says which roles may.
func (ui *UI) makeScreens() *container.AppTabs {
	ui.screenList = ui.screens()
	tabs := container.NewAppTabs()
	for _, s := range ui.screenList {
		s.item = lazyTab(i18n.T(s.title), ui.screenContent(s))
		tabs.Append(s.item)
	}
	tabs.OnSelected = func(t *container.TabItem) { showLazy(t) }
	return tabs
}

// screenContent is what builds screen s.
func (ui *UI) screenContent(s *screen) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		if s.needLogin && ui.Session() == nil {
			return newLoginView(ui).Root
		}
		if len(s.pages) == 1 {
			return ui.pageContent(s.pages[0])
		}
		s.tabs = container.NewAppTabs()
		for _, p := range s.pages {
			s.tabs.Append(lazyTab(i18n.T(p.title), func() fyne.CanvasObject { return ui.pageContent(p) }))
		}
		activateLazy(s.tabs)
		// A page shown again is read again (requests arrive meanwhile).
		s.tabs.OnSelected = func(t *container.TabItem) {
			if l, ok := t.Content.(*lazyBox); ok && l.build != nil {
				l.load()
				return
			}
			for j, it := range s.tabs.Items {
				if it == t && s.pages[j].reload != nil {
					s.pages[j].reload()
				}
			}
		}
		return s.tabs
	}
}

// pageContent builds p, or says who may use it.
func (ui *UI) pageContent(p page) fyne.CanvasObject {
	if len(p.any) > 0 {
		why := ""
		for _, a := range p.any {
			if w := ui.WhyNot(a); w == "" {
				why = ""
				break
			} else if why == "" {
				why = w
			}
		}
		if why != "" {
			l := shell.WrapLabel(i18n.T("why.page", i18n.M{"Why": why}))
			l.Alignment = fyne.TextAlignCenter
			return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 120), l))
		}
	}
	return p.build()
}

// Show opens a screen, or a page of one as "screen.page".
func (ui *UI) Show(id string) {
	sid, pid, _ := strings.Cut(id, ".")
	for i, s := range ui.screenList {
		if s.id != sid {
			continue
		}
		ui.tabs.SelectIndex(i)
		showLazy(s.item)
		if pid == "" || s.tabs == nil {
			return
		}
		for j, p := range s.pages {
			if p.id == pid {
				s.tabs.SelectIndex(j)
				showLazy(s.tabs.Items[j])
			}
		}
		return
	}
}

// reloadPage reads the page id ("screen.page") anew if it has been built.
func (ui *UI) reloadPage(id string) {
	sid, pid, _ := strings.Cut(id, ".")
	if s := ui.screen(sid); s != nil {
		for _, p := range s.pages {
			if p.id == pid && p.reload != nil {
				p.reload()
			}
		}
	}
}

// Screen returns the screen id's tab item (tests, the badge).
func (ui *UI) screen(id string) *screen {
	for _, s := range ui.screenList {
		if s.id == id {
			return s
		}
	}
	return nil
}

// refreshBadge reads what waits for the user's decision and shows the
// count on the 审批 tab: 审批 (3).
func (ui *UI) refreshBadge() {
	s := ui.screen(shell.ScreenApprovals)
	sess := ui.Session()
	if s == nil {
		return
	}
	if sess == nil {
		ui.setBadge(s, 0)
		return
	}
	var w followups.Waiting
	ui.Background(func(ctx context.Context) error {
		var err error
		w, err = followups.WaitingFor(ctx, sess)
		return err
	}, func(err error) {
		if err == nil && ui.Session() == sess {
			ui.waiting = w
			ui.setBadge(s, w.Total())
		}
	})
}

func (ui *UI) setBadge(s *screen, n int) {
	title := i18n.T(s.title)
	if n > 0 {
		title = i18n.T("tab.badge", i18n.M{"Title": title, "N": n})
	}
	if s.item.Text != title {
		s.item.Text = title
		ui.tabs.Refresh()
	}
}

// badgeLoop asks again every half minute: requests arrive from other
// workstations' users too.
func (ui *UI) badgeLoop() {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ui.Context().Done():
			return
		case <-t.C:
			ui.Bridge().Do(ui.refreshBadge)
		}
	}
}

// lazyBox is a tab's content made the first time the tab is shown, so a
// screen's queries (each a ledger entry) run only when someone looks.
type lazyBox struct {
	widget.BaseWidget
	build func() fyne.CanvasObject
	box   *fyne.Container
}

// CreateRenderer shows the content once built.
func (l *lazyBox) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.box) }

// load builds the content once.
func (l *lazyBox) load() {
	if l.build != nil {
		b := l.build
		l.build = nil
		l.box.Add(b())
		l.box.Refresh()
	}
}

func lazyTab(title string, build func() fyne.CanvasObject) *container.TabItem {
	l := &lazyBox{build: build, box: container.NewStack()}
	l.ExtendBaseWidget(l)
	return container.NewTabItem(title, l)
}

// showLazy builds t's content if it is a lazy one not built yet.
func showLazy(t *container.TabItem) {
	if t == nil {
		return
	}
	if l, ok := t.Content.(*lazyBox); ok {
		l.load()
	}
}

// activateLazy builds each lazy tab of tabs when it is first selected, and
// the selected one now.
func activateLazy(tabs *container.AppTabs) {
	tabs.OnSelected = showLazy
	if t := tabs.Selected(); t != nil {
		showLazy(t)
	}
}

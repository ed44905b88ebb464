package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// superviseArea is the 督查 tab: the overview for supervisors and leaders,
// device custody, and the 不录像工作记录. Each part shows only to roles that
// may use it.
type superviseArea struct {
	tabs    *container.AppTabs
	view    *superviseView
	custody *custodyView
	notRec  *notRecordedView
}

// keepingArea is the 保管 tab: case files, expired recordings and purges,
// integrity checks, storage and backup.
type keepingArea struct {
	tabs      *container.AppTabs
	cases     *casesView
	purge     *purgeView
	integrity *integrityView
	storage   *storageView
}

// superviseTab is the 督查 tab, or nil when the user may use none of it.
func (ui *UI) superviseTab() *container.TabItem {
	ui.supervise = nil
	if ui.sess == nil {
		return nil
	}
	a := &superviseArea{tabs: container.NewAppTabs()}
	if ui.may(store.ActSupervisionRead) {
		a.tabs.Append(lazyTab(T("sv.tab_overview"), func() fyne.CanvasObject { a.view = newSuperviseView(ui); return a.view.root }))
	}
	if ui.may(store.ActCustodyRead) || ui.may(store.ActCustodyManage) || ui.may(store.ActCustodyLost) {
		a.tabs.Append(lazyTab(T("cu.tab"), func() fyne.CanvasObject { a.custody = newCustodyView(ui); return a.custody.root }))
	}
	if ui.may(store.ActNotrecordedFile) || ui.may(store.ActNotrecordedRead) {
		a.tabs.Append(lazyTab(T("nr.tab"), func() fyne.CanvasObject { a.notRec = newNotRecordedView(ui); return a.notRec.root }))
	}
	if len(a.tabs.Items) == 0 {
		return nil
	}
	ui.supervise = a
	title := T("sv.tab")
	if !ui.may(store.ActSupervisionRead) {
		title = T("sv.tab_officer")
	}
	return lazyTab(title, func() fyne.CanvasObject { activateLazy(a.tabs); return a.tabs })
}

// keepingTabItem is the 保管 tab, or nil when the user may use none of it.
func (ui *UI) keepingTabItem() *container.TabItem {
	ui.keeping, ui.keepingTab = nil, nil
	if ui.sess == nil {
		return nil
	}
	if !(ui.may(store.ActRetentionRead) || ui.may(store.ActCaseManage) || ui.may(store.ActPurgeRead) || ui.may(store.ActIntegrityCheck) ||
		ui.may(store.ActIntegrityAcknowledge) || ui.may(store.ActBackup)) {
		return nil
	}
	a := &keepingArea{tabs: container.NewAppTabs()}
	a.tabs.Append(lazyTab(T("kp.tab_cases"), func() fyne.CanvasObject { a.cases = newCasesView(ui); return a.cases.root }))
	a.tabs.Append(lazyTab(T("kp.tab_purge"), func() fyne.CanvasObject { a.purge = newPurgeView(ui); return a.purge.root }))
	a.tabs.Append(lazyTab(T("ic.tab"), func() fyne.CanvasObject { a.integrity = newIntegrityView(ui); return a.integrity.root }))
	a.tabs.Append(lazyTab(T("st.tab"), func() fyne.CanvasObject { a.storage = newStorageView(ui); return a.storage.root }))
	ui.keeping = a
	ui.keepingTab = lazyTab(T("kp.tab"), func() fyne.CanvasObject { activateLazy(a.tabs); return a.tabs })
	return ui.keepingTab
}

// lazyBox is a tab's content made the first time the tab is shown, so a
// screen's queries (each a ledger entry) run only when someone looks.
type lazyBox struct {
	widget.BaseWidget
	build func() fyne.CanvasObject
	box   *fyne.Container
}

func (l *lazyBox) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.box) }

// load builds the content once.
func (l *lazyBox) load() {
	if l.build != nil {
		b := l.build
		l.build = nil
		l.box.Add(b())
	}
}

func lazyTab(title string, build func() fyne.CanvasObject) *container.TabItem {
	l := &lazyBox{build: build, box: container.NewStack()}
	l.ExtendBaseWidget(l)
	return container.NewTabItem(title, l)
}

// showLazy builds t's content if it is a lazy one not built yet.
func showLazy(t *container.TabItem) {
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

// areaTabs adds the 督查 and 保管 tabs the user may use to the window's
// tabs; each is built when first shown.
func (ui *UI) areaTabs() {
	for _, t := range []*container.TabItem{ui.superviseTab(), ui.keepingTabItem()} {
		if t != nil {
			ui.tabs.Append(t)
		}
	}
	prev := ui.tabs.OnSelected
	ui.tabs.OnSelected = func(t *container.TabItem) {
		if prev != nil {
			prev(t)
		}
		showLazy(t)
	}
}

// showKeeping selects the 保管 tab and its sub-screen i.
func (ui *UI) showKeeping(i int) {
	if ui.keepingTab == nil || ui.keeping == nil {
		return
	}
	ui.tabs.Select(ui.keepingTab)
	showLazy(ui.keepingTab)
	if i < len(ui.keeping.tabs.Items) {
		ui.keeping.tabs.SelectIndex(i)
	}
}

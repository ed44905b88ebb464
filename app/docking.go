package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/records"
	"evidock/store"
)

// dockingView is the 采集 screen: one card per docked recorder, updated by
// the docking service's events alone; on the right, the recent imports
// and the questions still open.
type dockingView struct {
	ui      *UI
	Root    fyne.CanvasObject
	list    *fyne.Container
	scroll  *container.Scroll
	empty   *widget.Label
	cards   map[string]*cardView
	recent  *shell.DataTable[records.Import]
	pending *fyne.Container
}

func newDockingView(ui *UI) *dockingView {
	v := &dockingView{ui: ui, list: container.NewVBox(), cards: map[string]*cardView{}, pending: container.NewVBox()}
	v.empty = shell.WrapLabel(i18n.T("dock.empty"))
	v.list.Add(v.empty)
	v.recent = shell.NewDataTable(ui.Shell, []shell.Column[records.Import]{
		shell.Col[records.Import]("dock.col_when", 150, func(im records.Import) string { return i18n.When(im.StartedAt) }).
			By(func(a, b records.Import) int { return a.StartedAt.Compare(b.StartedAt) }),
		shell.Col[records.Import]("dock.col_device", 90, func(im records.Import) string { return i18n.OrDash(im.DeviceID) }),
		shell.Col[records.Import]("dock.col_officer", 130, func(im records.Import) string { return ui.OfficerName(im.OfficerID) }),
		shell.Col[records.Import]("dock.col_new", 80, func(im records.Import) string { return i18n.T("dock.new_of", i18n.M{"New": im.New, "Files": im.Files}) }),
		shell.Col[records.Import]("dock.col_status", 70, func(im records.Import) string { return i18n.Lookup("status.", im.Status) }),
	}, 0, true, shell.Filters[records.Import]{ // the newest 20: no dates to filter by
		Officer: func(im records.Import) string { return im.OfficerID },
		Device:  func(im records.Import) string { return im.DeviceID },
	})
	head := shell.BoldWrapLabel(i18n.T("dock.heading"))
	v.scroll = container.NewVScroll(container.NewVBox(head, v.list))
	right := container.NewVSplit(
		container.NewBorder(shell.BoldLabel(i18n.T("dock.recent")), nil, nil, nil, v.recent.Root),
		container.NewBorder(shell.BoldLabel(i18n.T("dock.pending")), nil, nil, nil, container.NewVScroll(v.pending)))
	right.Offset = 0.45
	// Each side wraps rather than widen the window past a 1024 px screen.
	v.Root = shell.Split(shell.Narrow(v.scroll, 300), shell.Narrow(right, 300), 0.58)
	for _, vol := range ui.model.Volumes() {
		v.refresh(vol)
	}
	v.loadRecent()
	return v
}

// loadRecent reads the recent imports and the questions still open.
func (v *dockingView) loadRecent() {
	sess := v.ui.Session()
	if sess == nil || !sess.May(store.ActRecordingsSearch) {
		sess = v.ui.Store().Workstation()
	}
	var imports []records.Import
	var gaps []followups.Gap
	var uncategorised int
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if imports, err = records.Imports(ctx, sess, 20); err != nil {
			return err
		}
		if gaps, err = followups.Gaps(ctx, sess, "", true); err != nil {
			return err
		}
		uncategorised, err = records.CountRecordings(ctx, sess, records.RecordingFilter{Category: "none"})
		return err
	}, func(err error) {
		if v.ui.dock != v {
			return
		}
		v.pending.RemoveAll()
		defer shell.Refreshed(v.pending)
		if err != nil {
			v.pending.Add(shell.WrapLabel(i18n.ErrorText(err)))
			return
		}
		v.recent.Set(imports)
		if len(gaps) == 0 && uncategorised == 0 {
			v.pending.Add(widget.NewLabel(i18n.T("dock.nothing_pending")))
		}
		if uncategorised > 0 {
			v.pending.Add(v.ui.categoryForm(i18n.T("dock.uncategorised", i18n.M{"N": uncategorised}), nil))
		}
		for i, g := range gaps {
			if i == 3 {
				v.pending.Add(shell.WrapLabel(i18n.T("dock.more_gaps", i18n.M{"N": len(gaps) - 3})))
				break
			}
			v.pending.Add(v.ui.gapForm(g))
		}
	})
}

// refresh redraws the card of volume from the model (UI goroutine).
func (v *dockingView) refresh(vol string) {
	c, ok := v.ui.model.Card(vol)
	if !ok {
		if cv := v.cards[vol]; cv != nil {
			v.list.Remove(cv.card)
			delete(v.cards, vol)
			if len(v.cards) == 0 {
				v.list.Add(v.empty)
			}
			shell.Refreshed(v.list)
		}
		return
	}
	cv := v.cards[vol]
	if cv == nil {
		cv = v.newCard(vol)
		v.cards[vol] = cv
		v.list.Remove(v.empty)
		v.list.Add(cv.card)
	}
	if cv.version == c.Version {
		return
	}
	cv.version = c.Version
	v.fill(cv, &c)
	// A card that grew (a question, a list of files) must not wait for the
	// mouse to be seen: lay out and redraw up to the scroll.
	shell.Refreshed(v.list)
	v.scroll.Refresh()
}

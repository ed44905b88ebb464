package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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
	recent  *dataTable[records.Import]
	pending *fyne.Container
}

func newDockingView(ui *UI) *dockingView {
	v := &dockingView{ui: ui, list: container.NewVBox(), cards: map[string]*cardView{}, pending: container.NewVBox()}
	v.empty = wrapLabel(T("dock.empty"))
	v.list.Add(v.empty)
	v.recent = newDataTable(ui.Shell, []column[records.Import]{
		col[records.Import]("dock.col_when", 150, func(im records.Import) string { return When(im.StartedAt) }).
			By(func(a, b records.Import) int { return a.StartedAt.Compare(b.StartedAt) }),
		col[records.Import]("dock.col_device", 90, func(im records.Import) string { return orDash(im.DeviceID) }),
		col[records.Import]("dock.col_officer", 130, func(im records.Import) string { return ui.OfficerName(im.OfficerID) }),
		col[records.Import]("dock.col_new", 80, func(im records.Import) string { return T("dock.new_of", M{"New": im.New, "Files": im.Files}) }),
		col[records.Import]("dock.col_status", 70, func(im records.Import) string { return lookup("status.", im.Status) }),
	}, 0, true, filters[records.Import]{ // the newest 20: no dates to filter by
		Officer: func(im records.Import) string { return im.OfficerID },
		Device:  func(im records.Import) string { return im.DeviceID },
	})
	head := boldWrapLabel(T("dock.heading"))
	v.scroll = container.NewVScroll(container.NewVBox(head, v.list))
	right := container.NewVSplit(
		container.NewBorder(boldLabel(T("dock.recent")), nil, nil, nil, v.recent.Root),
		container.NewBorder(boldLabel(T("dock.pending")), nil, nil, nil, container.NewVScroll(v.pending)))
	right.Offset = 0.45
	// Each side wraps rather than widen the window past a 1024 px screen.
	v.Root = split(narrow(v.scroll, 300), narrow(right, 300), 0.58)
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
	v.ui.background(func(ctx context.Context) error {
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
		defer refreshed(v.pending)
		if err != nil {
			v.pending.Add(wrapLabel(ErrorText(err)))
			return
		}
		v.recent.Set(imports)
		if len(gaps) == 0 && uncategorised == 0 {
			v.pending.Add(widget.NewLabel(T("dock.nothing_pending")))
		}
		if uncategorised > 0 {
			v.pending.Add(v.ui.categoryForm(T("dock.uncategorised", M{"N": uncategorised}), nil))
		}
		for i, g := range gaps {
			if i == 3 {
				v.pending.Add(wrapLabel(T("dock.more_gaps", M{"N": len(gaps) - 3})))
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
			refreshed(v.list)
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
	refreshed(v.list)
	v.scroll.Refresh()
}

package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// bigSize is the largest office screen the window is made for: resized up
// to it, every screen stretches (stretches, in TestEveryScreenFits1024x768).
var bigSize = fyne.NewSize(1920, 1080)

// laidOut is what a page's layout gave the window's parts at one size.
type laidOut struct {
	content, tabs, page fyne.Size
	tabsAt              fyne.Position
	lists               map[fyne.CanvasObject]fyne.Size // every table and list shown on the page
}

// layoutOf reads the sizes of the window's content, the screens' tabs, the
// page id shown and the tables and lists on it.
func layoutOf(ui *UI, id string) laidOut {
	l := laidOut{content: ui.Win.Content().Size(), tabs: ui.tabs.Size(), tabsAt: ui.tabs.Position(), lists: map[fyne.CanvasObject]fyne.Size{}}
	page := ui.tabs.Selected().Content
	for _, s := range ui.screenList {
		if s.item != ui.tabs.Selected() || s.tabs == nil {
			continue
		}
		page = s.tabs.Selected().Content
	}
	l.page = page.Size()
	for _, o := range test.LaidOutObjects(page) {
		switch o.(type) {
		case *widget.Table, *widget.List:
			if shown(page, o) {
				l.lists[o] = o.Size()
			}
		}
	}
	return l
}

// shown reports whether o, inside root, is visible and so is every
// container on the way to it.
func shown(root, o fyne.CanvasObject) bool {
	var walk func(c fyne.CanvasObject) (found, visible bool)
	walk = func(c fyne.CanvasObject) (bool, bool) {
		if c == o {
			return true, c.Visible()
		}
		var kids []fyne.CanvasObject
		switch x := c.(type) {
		case *fyne.Container:
			kids = x.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if found, vis := walk(k); found {
				return true, vis && c.Visible()
			}
		}
		return false, false
	}
	_, vis := walk(root)
	return vis
}

// stretches checks, on the page id shown at the default size, that
// resized up to 1920×1080 the window's content follows, the screens' tabs
// fill it below the top bar, the page grows by all the window grew and
// every table and list on the page gets wider and no lower: nothing keeps
// its small size in a corner of a big screen (issue 19). It leaves the
// window at its default size and returns how many tables and lists it
// saw grow.
func stretches(t *testing.T, ui *UI, id, where string) int {
	t.Helper()
	grew := fyne.NewSize(bigSize.Width-DefaultSize.Width, bigSize.Height-DefaultSize.Height)
	near := func(a, b float32) bool { return a-b < 0.5 && b-a < 0.5 }
	small := layoutOf(ui, id)
	ui.Win.Resize(bigSize)
	pump(t, ui, func() bool { return true })
	big := layoutOf(ui, id)
	ui.Win.Resize(DefaultSize)
	if !near(big.content.Width-small.content.Width, grew.Width) || !near(big.content.Height-small.content.Height, grew.Height) {
		t.Errorf("%s: the window's content is %v at %v and %v at %v: it does not follow the window", where, small.content, DefaultSize, big.content, bigSize)
	}
	if !near(big.tabsAt.X, 0) || !near(big.tabs.Width, big.content.Width) || !near(big.tabsAt.Y+big.tabs.Height, big.content.Height) {
		t.Errorf("%s: at %v the screens' tabs are %v at %v in content %v: they do not fill it below the top bar", where, bigSize, big.tabs, big.tabsAt, big.content)
	}
	if !near(big.page.Width-small.page.Width, grew.Width) || !near(big.page.Height-small.page.Height, grew.Height) {
		t.Errorf("%s: the page is %v at %v and %v at %v: it does not grow with the window (by %v)", where, small.page, DefaultSize, big.page, bigSize, grew)
	}
	checked := 0
	for o, s := range small.lists {
		b, ok := big.lists[o]
		if !ok {
			t.Errorf("%s: a %T shown at %v is not shown at %v", where, o, DefaultSize, bigSize)
			continue
		}
		if b.Width <= s.Width || b.Height < s.Height {
			t.Errorf("%s: a %T is %v at %v and %v at %v: it does not grow", where, o, s, DefaultSize, b, bigSize)
		}
		checked++
	}
	return checked
}

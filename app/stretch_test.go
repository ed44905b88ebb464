package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// BigSize is the largest office screen the window is made for: resized up
// to it, every screen stretches (TestEveryScreenStretchesTo1920x1080).
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

// Issue 19: resized from its default size up to 1920×1080, the window's
// every screen and page, in both languages, before a login and for each
// role, stretches with it: the screens' tabs fill the window's content
// below the top bar, the page shown grows by all the window grew, and
// every table and list on it gets wider and no lower. Nothing keeps its
// small size in a corner of a big screen.
func TestEveryScreenStretchesTo1920x1080(t *testing.T) {
	ui, _ := newTestUI(t)
	t.Cleanup(func() { ui.Win.Resize(DefaultSize); ui.SwitchLanguage(LangZH) })
	login(t, ui)
	admin := ui.Session()
	officer := addUser(t, admin, "jia", "J7", store.RoleOfficer)
	keeper := addUser(t, admin, "keeper", "", store.RoleCustodian)
	sup := addUser(t, admin, "sup", "", store.RoleSupervisor)
	legal := addUser(t, admin, "fa", "", store.RoleLegal)
	grew := fyne.NewSize(bigSize.Width-DefaultSize.Width, bigSize.Height-DefaultSize.Height)
	near := func(a, b float32) bool { return a-b < 0.5 && b-a < 0.5 }
	checked := 0
	for _, code := range []string{LangZH, LangEN} {
		for _, sess := range []*store.Session{nil, admin, officer, keeper, sup, legal} {
			ui.Win.Resize(DefaultSize)
			ui.SwitchLanguage(code)
			ui.SetSession(sess)
			who := "nobody"
			if sess != nil {
				who = sess.Actor().Name
			}
			var ids []string
			for _, s := range ui.screenList {
				for _, p := range s.pages {
					ids = append(ids, s.id+"."+p.id)
				}
			}
			for _, id := range ids {
				ui.Win.Resize(DefaultSize)
				ui.Show(id)
				pump(t, ui, func() bool { return true })
				small := layoutOf(ui, id)
				ui.Win.Resize(bigSize)
				pump(t, ui, func() bool { return true })
				big := layoutOf(ui, id)
				where := fmt.Sprintf("%s, %s, %s", code, who, id)
				if !near(big.content.Width-small.content.Width, grew.Width) || !near(big.content.Height-small.content.Height, grew.Height) {
					t.Errorf("%s: the window's content is %v at %v and %v at %v: it does not follow the window", where, small.content, DefaultSize, big.content, bigSize)
				}
				if !near(big.tabsAt.X, 0) || !near(big.tabs.Width, big.content.Width) || !near(big.tabsAt.Y+big.tabs.Height, big.content.Height) {
					t.Errorf("%s: at %v the screens' tabs are %v at %v in content %v: they do not fill it below the top bar", where, bigSize, big.tabs, big.tabsAt, big.content)
				}
				if !near(big.page.Width-small.page.Width, grew.Width) || !near(big.page.Height-small.page.Height, grew.Height) {
					t.Errorf("%s: the page is %v at %v and %v at %v: it does not grow with the window (by %v)", where, small.page, DefaultSize, big.page, bigSize, grew)
				}
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
			}
		}
	}
	if checked == 0 {
		t.Error("no table or list was seen on any page: the test checks nothing of them")
	}
	t.Logf("%d tables and lists seen growing", checked)
}

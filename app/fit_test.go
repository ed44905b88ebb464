package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/store"
)

// tooWide lists the objects shown that ask for more than w pixels, with
// their text where they have one: what widens the window.
func tooWide(ui *UI, w float32) []string {
	var out []string
	for _, o := range objects(ui) {
		if !o.Visible() || o.MinSize().Width <= w {
			continue
		}
		s := fmt.Sprintf("%T %.0f", o, o.MinSize().Width)
		switch x := o.(type) {
		case *widget.Label:
			s += " " + x.Text
		case *widget.Button:
			s += " " + x.Text
		case *widget.Select:
			s += " " + x.PlaceHolder
		case *widget.Entry:
			s += " " + x.PlaceHolder
		case *canvas.Text:
			continue // a label's line: the label wraps it
		case *fyne.Container:
			s += fmt.Sprintf(" (%d objects, first %T)", len(x.Objects), x.Objects[0])
		}
		out = append(out, s)
	}
	return out
}

// Every screen and page, in both languages, before a login and for each
// role, fits the window's default size, which fits a 1024×768 screen
// with the title bar and a taskbar: nothing is cut off at the smallest size.
// Resized up to 1920×1080, each stretches (stretches, stretch_test.go).
func TestEveryScreenFits1024x768(t *testing.T) {
	if DefaultSize.Width > 1024 || DefaultSize.Height > 768-48 {
		t.Fatalf("default size %v does not fit 1024×768 with a title bar", DefaultSize)
	}
	ui, _ := newTestUI(t)
	t.Cleanup(func() { ui.SwitchLanguage(i18n.LangZH) })
	login(t, ui)
	admin := ui.Session()
	officer := addUser(t, admin, "jia", "J7", store.RoleOfficer)
	keeper := addUser(t, admin, "keeper", "", store.RoleCustodian)
	sup := addUser(t, admin, "sup", "", store.RoleSupervisor)
	legal := addUser(t, admin, "fa", "", store.RoleLegal)
	grown := 0 // tables and lists seen growing at 1920×1080
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		for _, sess := range []*store.Session{nil, admin, officer, keeper, sup, legal} {
			ui.SwitchLanguage(code)
			ui.SetSession(sess)
			var ids []string
			for _, s := range ui.screenList {
				for _, p := range s.pages {
					ids = append(ids, s.id+"."+p.id)
				}
			}
			for _, id := range ids {
				ui.Show(id)
				pump(t, ui, func() bool { return true })
				who := "nobody"
				if sess != nil {
					who = sess.Actor().Name
				}
				if m := ui.Win.Content().MinSize(); m.Width > DefaultSize.Width || m.Height > DefaultSize.Height {
					var pages []string
					for _, s := range ui.screenList {
						pages = append(pages, fmt.Sprintf("%s %v", s.id, s.item.Content.MinSize()))
						if s.tabs != nil {
							for j, it := range s.tabs.Items {
								pages = append(pages, fmt.Sprintf("%s.%s %v", s.id, s.pages[j].id, it.Content.MinSize()))
							}
						}
					}
					t.Errorf("%s, %s, %s: needs %.0f×%.0f: %q; pages %q", code, who, id, m.Width, m.Height, tooWide(ui, DefaultSize.Width-200), pages)
					return
				}
				grown += stretches(t, ui, id, fmt.Sprintf("%s, %s, %s", code, who, id))
			}
		}
	}
	if grown == 0 {
		t.Error("no table or list was seen on any page at 1920×1080: stretches checks nothing of them")
	}
}

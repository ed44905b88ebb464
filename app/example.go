package app

import (
	"strings"
	"time"

	"evidock/app/shell"
	"evidock/store"
)

// PageIDs are the window's pages in order, as Show takes them: "dock",
// "records.library", … (UI goroutine).
func (ui *UI) PageIDs() []string {
	var ids []string
	for _, s := range ui.screenList {
		if len(s.pages) == 1 {
			ids = append(ids, s.id)
			continue
		}
		for _, p := range s.pages {
			ids = append(ids, s.id+"."+p.id)
		}
	}
	return ids
}

// ShowExample prepares page id, once shown, the way a person showing it
// would: a recording chosen in the library, a recorder's day with an
// interruption chosen on the timeline. It reports how long to wait for
// what it started to be drawn (UI goroutine).
func (ui *UI) ShowExample(id string) time.Duration {
	switch id {
	case shell.ScreenRecords + ".library":
		if ui.lib != nil && len(ui.lib.table.Rows()) > 0 {
			ui.lib.table.Select(0) // a recording's details
		}
	case shell.ScreenRecords + ".timeline":
		if ui.timeline != nil {
			ui.timeline.showExample()
			return 700 * time.Millisecond
		}
	}
	return 0
}

// ChooseExample finishes what ShowExample began once its queries are in:
// the timeline's first interruption (UI goroutine).
func (ui *UI) ChooseExample(id string) {
	if id == shell.ScreenRecords+".timeline" && ui.timeline != nil {
		ui.timeline.chooseFirstGap()
	}
}

// PageOpensFor reports whether page id ("screen.page") is of use to sess:
// it needs no action, or sess may take one of those it needs (UI
// goroutine, once the screens are built).
func (ui *UI) PageOpensFor(id string, sess *store.Session) bool {
	sid, pid, _ := strings.Cut(id, ".")
	s := ui.screen(sid)
	if s == nil || sess == nil {
		return false
	}
	for _, p := range s.pages {
		if p.id != pid && len(s.pages) > 1 {
			continue
		}
		if len(p.any) == 0 {
			return true
		}
		for _, a := range p.any {
			if sess.May(a) {
				return true
			}
		}
	}
	return false
}

package app

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/shell"
	"evidock/ingest/dock"
	"evidock/store"
)

// englishWord is a run of Latin letters long enough to be a word.
var englishWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// notEnglish are Latin words that are no English: formats, algorithms,
// names of things (serials, files, logins) the test itself made.
var notEnglish = []string{"XLSX", "PDF", "CSV", "SHA", "UDF", "ISO", "USB", "CAM", "MP4", "mp4", "MOV", "JPG",
	"admin", "jia", "keeper", "sup", "generic", "English", "evidock", "Evidock", "DVD", "BD", "xorriso", "S3",
	"LTO", "dvd", "pdf", "dev", "Record", "profiles", "NAS", "UTC", "GPS", "MTP", "FAT", "exFAT", "NTFS", "FAT32", "JSON", "URL", "HTTPS", "http", "https"}

// widgetTexts lists what the window shows in words: labels, buttons,
// pickers (placeholder, choice and options), entries' hints, checks, tab
// titles, cards' titles, drawn text.
func widgetTexts(ui *UI) []string {
	var out []string
	for _, o := range objects(ui) {
		if !o.Visible() {
			continue
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *shell.ReasonButton:
			out = append(out, x.Text, x.Reason())
		case *widget.Select:
			if x.Selected == "" {
				out = append(out, x.PlaceHolder)
			}
			out = append(out, x.Selected)
			out = append(out, x.Options...)
		case *widget.Entry:
			out = append(out, x.PlaceHolder)
		case *widget.Check:
			out = append(out, x.Text)
		case *widget.RadioGroup:
			out = append(out, x.Options...)
		case *widget.Card:
			out = append(out, x.Title, x.Subtitle)
		case *canvas.Text:
			out = append(out, x.Text)
		case *container.AppTabs:
			for _, it := range x.Items {
				out = append(out, it.Text)
			}
		}
	}
	return out
}

// englishIn returns the English words of s.
func englishIn(s string) []string {
	var out []string
	if strings.HasPrefix(s, "/") || strings.Contains(s, `:\\`) {
		return nil // a folder
	}
	// A word in a name (a file, a folder, a serial: with a dot, a slash,
	// an underscore, a hyphen or a digit) or in capitals (DCIM, WAV) is
	// no English prose.
	tokens := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r > 0x2000 })
	for _, tok := range tokens {
		if strings.ContainsAny(tok, "/._-:0123456789<>") {
			continue
		}
		for _, w := range englishWord.FindAllString(tok, -1) {
			if !slices.Contains(notEnglish, w) && strings.ToUpper(w) != w {
				out = append(out, w)
			}
		}
	}
	return out
}

// In Chinese, no English word reaches a widget: every screen and page,
// before a login and for the administrator, an officer, the custodian and
// a supervisor, with a docked recorder's card
// and its recordings in the lists.
func TestNoEnglishInTheChineseWindow(t *testing.T) {
	ui, st := newTestUI(t)
	root := t.TempDir()
	writeVolume(t, root, "CAM-7", "J7")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })
	check := func(where string) {
		t.Helper()
		seen := map[string]bool{}
		for _, s := range widgetTexts(ui) {
			if w := englishIn(s); len(w) > 0 && !seen[s] {
				seen[s] = true
				t.Errorf("%s: English %q in %q", where, w, s)
			}
		}
	}
	check("采集 before a login")
	login(t, ui)
	admin := ui.Session()
	officer := addUser(t, admin, "jia", "J7", store.RoleOfficer)
	keeper := addUser(t, admin, "keeper", "", store.RoleCustodian)
	sup := addUser(t, admin, "sup", "", store.RoleSupervisor)
	for _, sess := range []*store.Session{admin, officer, keeper, sup} {
		ui.SetSession(sess)
		for _, s := range ui.screenList {
			for _, p := range s.pages {
				ui.Show(s.id + "." + p.id)
				pump(t, ui, func() bool { return true })
				check(sess.Actor().Name + " " + s.id + "." + p.id)
				if s.id == shell.ScreenSettings && ui.settings != nil {
					// The settings' own pages (devices, officers, profiles).
					if tabs, ok := ui.settings.Root.(*container.AppTabs); ok {
						for i := range tabs.Items {
							tabs.SelectIndex(i)
							check(sess.Actor().Name + " settings/" + tabs.Items[i].Text)
						}
						tabs.SelectIndex(0)
					}
				}
			}
		}
	}
}

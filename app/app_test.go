package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/maintain"
	"evidock/app/shell"
	"evidock/assets"
	"evidock/followups"
	"evidock/ingest/dock"
	"evidock/ingest/volume"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

const adminPassword = "correct horse battery"

// newTestUI opens a store in a temporary folder and the window on it with
// a manual bridge, in Chinese.
func newTestUI(t *testing.T) (*UI, *store.Store) {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	a.Preferences().SetString(i18n.PrefLanguage, i18n.LangZH)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ui, err := New(ctx, a, st, Options{NoWatch: true, ManualBridge: true})
	if err != nil {
		t.Fatal(err)
	}
	ui.Win.Resize(DefaultSize)
	t.Cleanup(func() { ui.Win.Close() })
	pump(t, ui, func() bool { return true })
	return ui, st
}

// pump runs the bridge's work on the test goroutine until cond holds.
func pump(t *testing.T, ui *UI, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ui.Bridge().Flush()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the window")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// objects lists everything shown in the window, dialogs included.
func objects(ui *UI) []fyne.CanvasObject {
	c := ui.Win.Canvas()
	out := test.LaidOutObjects(c.Content())
	for _, o := range c.Overlays().List() {
		out = append(out, test.LaidOutObjects(o)...)
	}
	return out
}

func findButton(t *testing.T, ui *UI, text string) *widget.Button {
	t.Helper()
	for _, o := range objects(ui) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && !b.Disabled() {
			return b
		}
		if b, ok := o.(*shell.ReasonButton); ok && b.Text == text && b.Visible() && !b.Disabled() {
			return &b.Button
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

func findSelect(t *testing.T, ui *UI, placeholder string) *widget.Select {
	t.Helper()
	for _, o := range objects(ui) {
		if s, ok := o.(*widget.Select); ok && s.PlaceHolder == placeholder && !s.Disabled() {
			return s
		}
	}
	t.Fatalf("no choice %q", placeholder)
	return nil
}

func findEntry(t *testing.T, ui *UI, placeholder string) *widget.Entry {
	t.Helper()
	for _, o := range objects(ui) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == placeholder && !e.Disabled() {
			return e
		}
	}
	t.Fatalf("no entry %q", placeholder)
	return nil
}

func hasText(ui *UI, part string) bool {
	for _, o := range objects(ui) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, part) {
			return true
		}
	}
	return false
}

// Confirm taps the confirmation dialog's yes button.
func confirm(t *testing.T, ui *UI) {
	t.Helper()
	test.Tap(findButton(t, ui, i18n.T("confirm.yes")))
}

// writeVolume makes a recorder in the generic layout with three real clips
// under root; the third starts half an hour after the second, an
// interruption.
func writeVolume(t *testing.T, root, serial, officer string) string {
	t.Helper()
	vol := filepath.Join(root, serial)
	dcim := filepath.Join(vol, "DCIM")
	if err := os.MkdirAll(dcim, 0o755); err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -1)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.Local)
	for i, off := range []time.Duration{0, 10 * time.Second, 30 * time.Minute} {
		clip, err := assets.DemoClips.ReadFile("demo/clip" + string(rune('1'+i)) + ".mp4")
		if err != nil {
			t.Fatal(err)
		}
		at := start.Add(off)
		name := serial + "_" + officer + "_" + at.Format("20060102150405") + ".mp4"
		if err := os.WriteFile(filepath.Join(dcim, name), clip, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(filepath.Join(dcim, name), at, at)
	}
	return vol
}

// runDock runs a real docking service on a folder-mode root and hands its
// events to the window until stop says enough.
func runDock(t *testing.T, ui *UI, st *store.Store, root string, stop func(dock.Event) bool) []dock.Event {
	t.Helper()
	svc, err := dock.New(st, dock.Config{Roots: []volume.Root{{Path: root, FolderMode: true}}, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	events := make(chan dock.Event, 64)
	go svc.Run(ctx, events)
	var seen []dock.Event
	for e := range events {
		ui.HandleEvent(e)
		seen = append(seen, e)
		if stop(e) {
			cancel()
		}
	}
	if ctx.Err() == context.DeadlineExceeded {
		t.Fatalf("docking did not finish: %+v", seen)
	}
	ui.svc = svc
	return seen
}

func TestDockingToSafeToUnplugAndFollowUps(t *testing.T) {
	ui, st := newTestUI(t)
	root := t.TempDir()
	vol := writeVolume(t, root, "CAM-7", "J7")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil && ui.dock.cards[vol].asked == PhaseFinished })

	cv := ui.dock.cards[vol]
	if !cv.safe.Visible() || cv.safe.Text != i18n.T("dock.safe") {
		t.Fatalf("safe to unplug not shown; status %q", cv.status.Text)
	}
	if !strings.Contains(cv.card.Title, "CAM-7") || !hasText(ui, i18n.T("dock.status_done", i18n.M{"Saved": 3, "New": 3, "Dup": 0})) {
		t.Fatalf("card %q / %q", cv.card.Title, cv.status.Text)
	}

	// Docking needed no login; answering does, and only the officer's own.
	test.Tap(findButton(t, ui, i18n.Category("inspection")))
	pump(t, ui, func() bool { return hasText(ui, i18n.T("err.login_first")) })
	admin, err := st.InitAdmin(context.Background(), "admin", "", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.AddOfficer(context.Background(), store.Officer{Number: "J7", Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(addUser(t, admin, "jia", "J7", store.RoleOfficer))
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil && ui.dock.cards[vol].asked == PhaseFinished })

	// The activity type for the whole run.
	test.Tap(findButton(t, ui, i18n.Category("inspection")))
	ws := st.Workstation()
	pump(t, ui, func() bool {
		n, _ := records.CountRecordings(context.Background(), ws, records.RecordingFilter{Category: "inspection"})
		return n == 3
	})

	// The reason for the late import (yesterday's clips, imported today).
	late := findEntry(t, ui, i18n.T("q.late_hint"))
	test.Type(late, "外出执法，今天返回")
	test.Tap(findButton(t, ui, i18n.T("q.save")))
	pump(t, ui, func() bool { return hasText(ui, i18n.T("q.saved")) })
	if es, _ := records.Ledger(context.Background(), ws, ledger.Filter{ActionPrefix: "recording.late_reason"}); len(es) != 3 {
		t.Fatalf("%d late-reason entries, want 3", len(es))
	}

	// The interruption's reason, text and "stated on the recording".
	test.Type(findEntry(t, ui, i18n.T("q.reason_text")), "电池没电，换电池")
	for _, o := range objects(ui) {
		if c, ok := o.(*widget.Check); ok && c.Text == i18n.T("q.stated") && !c.Disabled() {
			test.Tap(c)
		}
	}
	test.Tap(findButton(t, ui, i18n.Reason("battery")))
	pump(t, ui, func() bool {
		open, _ := followups.Gaps(context.Background(), ws, "CAM-7", true)
		return len(open) == 0
	})
	es, err := records.Ledger(context.Background(), ws, ledger.Filter{ActionPrefix: "gap.explain"})
	if err != nil || len(es) != 1 {
		t.Fatalf("gap.explain entries %v (%v)", es, err)
	}
	var d map[string]any
	json.Unmarshal(es[0].Details, &d)
	if d["reason"] != "battery" || d["text"] != "电池没电，换电池" || d["stated_on_recording"] != true {
		t.Fatalf("explanation %s", es[0].Details)
	}
	if es, _ := records.Ledger(context.Background(), ws, ledger.Filter{ActionPrefix: "recording.categorize"}); len(es) != 3 {
		t.Fatalf("%d categorize entries, want 3", len(es))
	}
}

func TestPulledOutVolumeGivesAnErrorCard(t *testing.T) {
	ui, _ := newTestUI(t)
	vol := "/media/usb/CAM-9"
	now := time.Now()
	for _, e := range []dock.Event{
		{Type: dock.VolumeSeen, Volume: vol, Time: now},
		{Type: dock.Recognised, Volume: vol, Serial: "CAM-9", Officer: "J9", Profile: "generic", Time: now},
		{Type: dock.ImportStarted, Volume: vol, Serial: "CAM-9", ImportID: "imp", Time: now},
		{Type: dock.VolumeGone, Volume: vol, Time: now},
		{Type: dock.Failed, Volume: vol, Serial: "CAM-9", Error: "read DCIM/a.mp4: input/output error", Time: now},
	} {
		ui.HandleEvent(e)
	}
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil })
	cv := ui.dock.cards[vol]
	if cv.safe.Visible() {
		t.Fatal("safe to unplug shown for a pulled-out recorder")
	}
	for _, want := range []string{i18n.T("dock.gone_early"), i18n.T("err.pulled")} {
		if !strings.Contains(cv.status.Text, want) {
			t.Errorf("status %q lacks %q", cv.status.Text, want)
		}
	}
	if cv.status.Importance != widget.DangerImportance {
		t.Error("the error is not shown as one")
	}
}

// login creates the administrator through the first-start form.
func login(t *testing.T, ui *UI) {
	t.Helper()
	ui.Show(shell.ScreenRecords)
	test.Type(findEntry(t, ui, i18n.T("login.name_hint")), "admin")
	var pw []*widget.Entry
	for _, o := range objects(ui) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			pw = append(pw, e)
		}
	}
	if len(pw) != 2 {
		t.Fatalf("first start shows %d password fields, want 2 (password and again)", len(pw))
	}
	test.Type(pw[0], adminPassword)
	test.Type(pw[1], adminPassword)
	test.Tap(findButton(t, ui, i18n.T("setup.create")))
	pump(t, ui, func() bool { return ui.Session() != nil && ui.lib != nil })
}

func TestLibraryFilters(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	for _, o := range []store.Officer{{Number: "J7", Name: "甲"}, {Number: "J8", Name: "乙"}} {
		if err := admin.AddOfficer(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	writeVolume(t, root, "CAM-7", "J7")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })
	ui.SetSession(admin) // rebuild: the names are read again
	ui.Show(shell.ScreenRecords)
	pump(t, ui, func() bool { return ui.lib != nil && len(ui.lib.table.All) == 3 })
	d := ui.lib.table
	// The officer filter offers the officers the rows name, by name.
	if want := []string{i18n.T("table.all_officers"), ui.OfficerName("J7")}; !slices.Equal(d.Officer.Options, want) {
		t.Fatalf("officer choices %q, want %q", d.Officer.Options, want)
	}
	if !strings.Contains(ui.OfficerName("J7"), "甲") {
		t.Fatalf("officer shown as %q, not by name", ui.OfficerName("J7"))
	}
	d.Officer.SetSelected(ui.OfficerName("J7"))
	if n := len(d.Rows()); n != 3 {
		t.Fatalf("officer J7: %d, want 3", n)
	}
	ui.lib.flag.SetSelected(i18n.Flag(records.FlagUnexplainedGap))
	pump(t, ui, func() bool { return len(d.All) == 1 })
	ui.lib.flag.SetSelected(i18n.T("filter.all_flags"))
	pump(t, ui, func() bool { return len(d.All) == 3 })
	test.Type(d.From, time.Now().AddDate(0, 0, 1).Format(time.DateOnly))
	if n := len(d.Rows()); n != 0 {
		t.Fatalf("from tomorrow: %d, want 0", n)
	}
	d.From.SetText("")
	d.Search("093000")
	if n := len(d.Rows()); n != 1 {
		t.Fatalf("name 093000: %d, want 1", n)
	}
	if got := d.Rows()[0].OriginalName; !strings.Contains(got, "093000.mp4") {
		t.Fatalf("row %q", got)
	}
	d.Select(0)
	pump(t, ui, func() bool { return hasText(ui, i18n.T("action.recording.import")) })
}

func TestLanguageSwitchIsRememberedAndReachesFyneDialogs(t *testing.T) {
	ui, _ := newTestUI(t)
	if ui.screen(shell.ScreenDock).item.Text != "采集" {
		t.Fatalf("default tab %q, want 采集", ui.screen(shell.ScreenDock).item.Text)
	}
	ui.SwitchLanguage(i18n.LangEN)
	if ui.screen(shell.ScreenDock).item.Text != "Docking" || ui.screen(shell.ScreenLedger).item.Text != "Ledger" {
		t.Fatalf("tabs %q %q after switching to English", ui.screen(shell.ScreenDock).item.Text, ui.screen(shell.ScreenLedger).item.Text)
	}
	if got := ui.App.Preferences().String(i18n.PrefLanguage); got != i18n.LangEN {
		t.Fatalf("remembered %q", got)
	}
	if i18n.T("Cancel") != "Cancel" {
		t.Fatalf("Fyne's Cancel is %q in English", i18n.T("Cancel"))
	}
	ui.SwitchLanguage(i18n.LangZH)
	if ui.screen(shell.ScreenSettings).item.Text != "设置" || i18n.T("Cancel") != "取消" {
		t.Fatalf("back in Chinese: %q, Cancel %q", ui.screen(shell.ScreenSettings).item.Text, i18n.T("Cancel"))
	}
}

// Every key the code uses is in both translation files.
func TestTranslationsComplete(t *testing.T) {
	files := map[string]map[string]any{}
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		data, err := i18n.Translations.ReadFile("translations/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range areaKeys(t, code) { // translations_areas/*-<code>.json, as SetLanguage merges them
			m[k] = v
		}
		files[code] = m
	}
	// Every key in both languages.
	for k := range files[i18n.LangZH] {
		if _, ok := files[i18n.LangEN][k]; !ok {
			t.Errorf("%q only in Chinese", k)
		}
	}
	for k := range files[i18n.LangEN] {
		if _, ok := files[i18n.LangZH][k]; !ok {
			t.Errorf("%q only in English", k)
		}
	}
	srcs, _ := filepath.Glob("*.go")
	for _, f := range srcs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(f)
		// T("key"), a table column's col[…]("key", and a screen's or
		// page's title: "key".
		var parts []string
		for _, sep := range []string{`T("`, `]("`, `title: "`} {
			parts = append(parts, strings.Split(string(data), sep)[1:]...)
		}
		for _, part := range parts {
			key := part[:strings.Index(part, `"`)]
			if strings.HasSuffix(key, "_") || strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time
			}
			for code, m := range files {
				if _, ok := m[key]; !ok {
					t.Errorf("%s: %q missing from %s.json", f, key, code)
				}
			}
		}
	}
	// Activity types, interruption reasons, Art. 7 grounds, secrecy levels
	// and roles are the regulation's words (package regulation), not
	// Translations.
	for _, keys := range [][]string{searchFlags, maintain.LedgerActions} {
		for _, k := range keys {
			for code, m := range files {
				_, c := m["flag."+k]
				_, d := m["group."+k]
				if !c && !d {
					t.Errorf("%q has no words in %s.json", k, code)
				}
			}
		}
	}
}

// With every follow-up asked (activity type, late import, interruption),
// the docking card still fits the 1180 px window in English, the wider of
// the two languages.
func TestDockingCardFitsTheWindowInEnglish(t *testing.T) {
	ui, st := newTestUI(t)
	ui.SwitchLanguage(i18n.LangEN)
	t.Cleanup(func() { ui.SwitchLanguage(i18n.LangZH) })
	root := t.TempDir()
	vol := writeVolume(t, root, "CAM-8", "J8")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil && ui.dock.cards[vol].asked == PhaseFinished })
	if !hasText(ui, i18n.T("q.late", i18n.M{"N": 3})) {
		t.Fatal("the late-import question is not on the card")
	}
	// The right-hand list of open items takes up to ~500 px, so a card must
	// leave its questions to wrap rather than ask for the rest by itself.
	if w := ui.dock.cards[vol].card.MinSize().Width; w > 600 {
		t.Errorf("the card needs %.0f px in English; its questions should wrap: %q", w, tooWide(ui, 600))
	}
	if w := ui.Win.Content().MinSize().Width; w > DefaultSize.Width {
		t.Errorf("the window needs %.0f px in English, more than its %.0f: %q", w, DefaultSize.Width, tooWide(ui, 600))
	}
}

package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/keeping"
	"evidock/app/shell"
	"evidock/app/supervise"
	"evidock/custody"
	"evidock/followups"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// shownTable is what the tests need of any dataTable.
type shownTable interface {
	Titles() []string
	Len() int
	Cell(i, c int) string
	Search(s string)
	Select(i int)
	Header(c int) *widget.Button
	SortedBy(c int, desc bool) bool
	FilterBar() (officer, device, person *widget.Select, from *widget.Entry)
}

// rowText is row i of a table as it is drawn, its cells joined.
func rowText(d shownTable, i int) string {
	var out []string
	for c := range d.Titles() {
		out = append(out, d.Cell(i, c))
	}
	return strings.Join(out, "  ")
}

// tablesFixture is the viewing fixture with something in every list: two
// officers and recorders, custody records, cases, work records, requests,
// viewings, expired recordings and purge requests.
type tablesFixture struct {
	*viewingFixture
	admin, sup *store.Session
	old        []string // expired recordings
}

func newTablesFixture(t *testing.T) *tablesFixture {
	t.Helper()
	f := &tablesFixture{viewingFixture: newViewingFixture(t)}
	ctx := context.Background()
	f.admin = f.ui.Session()
	f.sup = addUser(t, f.admin, "sup", "", store.RoleSupervisor)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.admin.AddOfficer(ctx, store.Officer{Number: "J8", Name: "乙", Unit: "二中队"}))
	must(f.admin.AddDevice(ctx, store.Device{Serial: "CAM-8", Model: "DSJ-1", Profile: "generic", Officer: "J7"}))
	must(f.admin.AddDevice(ctx, store.Device{Serial: "CAM-9", Model: "DSJ-2", Profile: "generic", Officer: "J8"}))
	_, err := custody.CheckOut(ctx, f.keeper, custody.Checkout{Device: "CAM-8", Officer: "J7"})
	must(err)
	_, err = custody.CheckIn(ctx, f.keeper, "CAM-8", "")
	must(err)
	_, err = custody.CheckOut(ctx, f.keeper, custody.Checkout{Device: "CAM-9", Officer: "J8"})
	must(err)
	must(retention.AddCase(ctx, f.keeper, retention.Case{Number: "江文旅罚〔2026〕1号", Name: "某网吧", Retention: retention.Retention{Years: 2}}))
	must(retention.AddCase(ctx, f.keeper, retention.Case{Number: "江文旅罚〔2026〕2号", Name: "某酒店", Retention: retention.Retention{Years: 3}}))
	must(retention.Link(ctx, f.keeper, "江文旅罚〔2026〕1号", f.recs[:2]))
	for _, place := range []string{"江源区某网吧", "江源区某酒店"} {
		_, err = followups.FileNotRecorded(ctx, f.officer, followups.NotRecorded{Day: time.Now().Format(time.DateOnly), Place: place,
			Category: "inspection", Reason: "emergency", Basis: "第七条", Text: "现场紧急"})
		must(err)
	}
	for i, p := range []access.Purpose{access.PurposeCase, access.PurposeReview} {
		_, err = access.RequestView(ctx, f.officer, access.ViewRequest{Recordings: f.recs[i : i+1], Purpose: p, Reason: "核实"})
		must(err)
	}
	approved, err := access.RequestView(ctx, f.officer, access.ViewRequest{Recordings: f.recs, Purpose: access.PurposeSupervision, Reason: "督查"})
	must(err)
	_, err = access.Decide(ctx, f.leader, approved.ID, access.Decision{Approve: true, ValidFor: 24 * time.Hour})
	must(err)
	for i, viewer := range []string{"zhang", "李四"} {
		_, err = access.RegisterViewing(ctx, f.keeper, access.ViewingEntry{RequestID: approved.ID, RecordingID: f.recs[i], Viewer: viewer})
		must(err)
	}
	f.old = []string{importAt(t, f.st, time.Now().AddDate(-2, 0, 0), "kept past its year", "OLD1.MP4"),
		importAt(t, f.st, time.Now().AddDate(-2, 0, 1), "kept past its year too", "OLD2.MP4")}
	return f
}

// tableCase is one list of the window: how to show it, what to search for,
// which column to sort by, and an action started from a selected row.
type tableCase struct {
	name   string
	show   func(t *testing.T, f *tablesFixture) shownTable // opens the page and waits for its rows
	search string                                          // "": the last column of the first row
	sortBy int
	act    func(t *testing.T, f *tablesFixture, d shownTable)
}

func tableCases() []tableCase {
	return []tableCase{
		{name: "my requests", search: "复核", sortBy: 2,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.as(f.officer, "")
				d := f.ui.mine.Table
				pump(t, f.ui, func() bool { return d.Len() == 3 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				r, _ := f.ui.mine.Table.Selected()
				if !strings.Contains(f.ui.mine.Detail.Text, r.Reason) {
					t.Errorf("the selected request's details: %q", f.ui.mine.Detail.Text)
				}
			}},
		{name: "approvals", search: "复核", sortBy: 3,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.legal)
				f.sub(t, i18n.T("viewing.tab_inbox"))
				d := f.ui.inbox.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Tap(findButton(t, f.ui, i18n.T("appr.approve")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return len(f.ui.inbox.Pending()) == 1 })
			}},
		{name: "custody", search: "CAM-9", sortBy: 0,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("cu.tab"))
				d := f.ui.custody.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				v := f.ui.custody
				v.Table.SelectWhere(func(c custody.CustodyRecord) bool { return c.Returned.IsZero() })
				if keeping.First(v.CheckIn.Selected) != "CAM-9" {
					t.Fatalf("the check-in form has %q", v.CheckIn.Selected)
				}
				test.Tap(findButton(t, f.ui, i18n.T("cu.checkin")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool {
					return len(v.Recs) == 2 && !v.Recs[0].Returned.IsZero() && !v.Recs[1].Returned.IsZero()
				})
			}},
		{name: "cases", search: "某酒店", sortBy: 0,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("kp.tab_cases"))
				d := f.ui.cases.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				v := f.ui.cases
				v.Table.SelectWhere(func(c retention.Case) bool { return len(c.Recordings) == 2 })
				pump(t, f.ui, func() bool { return v.Recs.Len() == 2 })
				if !strings.Contains(v.Recs.Cell(0, 1), ".mp4") {
					t.Fatalf("a case's recording is shown as %q, not by its file", rowText(v.Recs, 0))
				}
			}},
		{name: "case recordings", search: "090010", sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("kp.tab_cases"))
				v := f.ui.cases
				pump(t, f.ui, func() bool { return v.Table.Len() == 2 })
				v.Table.SelectWhere(func(c retention.Case) bool { return len(c.Recordings) == 2 })
				pump(t, f.ui, func() bool { return v.Recs.Len() == 2 })
				return v.Recs
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Type(findEntry(t, f.ui, i18n.T("kp.reason_hint")), "误关联")
				test.Tap(findButton(t, f.ui, i18n.T("kp.unlink")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return f.ui.cases.Cur != nil && len(f.ui.cases.Cur.Recordings) == 1 })
			}},
		{name: "work records", search: "酒店", sortBy: 0,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.leader)
				openArea(t, f.ui, "", i18n.T("nr.tab"))
				d := f.ui.notRec.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Tap(findButton(t, f.ui, i18n.T("nr.ack")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return len(f.ui.notRec.Recs) == 1 })
			}},
		{name: "expired recordings", search: "OLD2", sortBy: 2,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("kp.tab_purge"))
				d := f.ui.purge.List
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				pv := f.ui.purge
				d.Select(0)
				if items, _ := pv.TickedItems(); len(items) != 1 || d.Cell(0, 0) != "√" {
					t.Fatalf("tapping a row ticked %d", len(items))
				}
				test.Type(findEntry(t, f.ui, i18n.T("kp.purge_reason_hint")), "保存期满")
				test.Tap(findButton(t, f.ui, i18n.T("kp.purge_request")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return len(pv.Reqs) == 1 })
			}},
		{name: "purge requests", search: "第二", sortBy: 0,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				// The expired recordings' case asked for one; ask for the other.
				asked := 0
				for i := range f.old {
					if _, err := retention.RequestPurge(context.Background(), f.keeper, f.old[i:i+1], "第二批期满"); err == nil {
						asked++
					}
				}
				if asked != 1 {
					t.Fatalf("%d purge requests made, want 1", asked)
				}
				f.ui.SetSession(f.leader)
				openArea(t, f.ui, "", i18n.T("kp.tab_purge"))
				d := f.ui.purge.ReqList
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Type(findEntry(t, f.ui, i18n.T("kp.decide_note_hint")), "暂缓")
				test.Tap(findButton(t, f.ui, i18n.T("kp.refuse")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool {
					return strings.Contains(rowText(d, 0)+rowText(d, 1), i18n.Lookup("kp.status_", "refused"))
				})
			}},
		{name: "viewing register", search: "李四", sortBy: 2,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.keeper)
				f.sub(t, i18n.T("viewing.tab_register"))
				d := f.ui.register.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Type(findEntry(t, f.ui, i18n.T("vreg.viewer_hint")), "王五")
				test.Tap(findButton(t, f.ui, i18n.T("vreg.add")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return len(f.ui.register.Rows()) == 3 })
			}},
		{name: "open items", search: supervise.ItemKind(followups.ItemGap), sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.sup)
				openArea(t, f.ui, "", i18n.T("sv.tab_overview"))
				v := f.ui.dash
				v.Drill(followups.OpenItemFilter{}, "")
				pump(t, f.ui, func() bool { return v.ItemList.Len() > 2 })
				return v.ItemList
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				if _, ok := f.ui.dash.ItemList.Selected(); !ok {
					t.Fatal("no open item selected")
				}
			}},
		{name: "recent imports", search: "OLD-1", sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.admin)
				f.ui.Show(shell.ScreenDock)
				f.ui.dock.loadRecent()
				d := f.ui.dock.recent
				pump(t, f.ui, func() bool { return d.Len() == 3 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				if _, ok := f.ui.dock.recent.Selected(); !ok {
					t.Fatal("no import selected")
				}
			}},
		{name: "recorders", search: "CAM-9", sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.admin)
				f.ui.Show(shell.ScreenSettings)
				d := f.ui.settings.deviceTable
				pump(t, f.ui, func() bool { return d.Len() >= 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				if _, ok := f.ui.settings.deviceTable.Selected(); !ok {
					t.Fatal("no recorder selected")
				}
			}},
		{name: "officers", search: "乙", sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.admin)
				f.ui.Show(shell.ScreenSettings)
				d := f.ui.settings.officerTable
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				if _, ok := f.ui.settings.officerTable.Selected(); !ok {
					t.Fatal("no officer selected")
				}
			}},
		{name: "integrity problems", sortBy: 0,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				ctx := context.Background()
				recs, err := records.Recordings(ctx, f.st.Workstation(), records.RecordingFilter{IDs: []string{f.recs[2], f.old[1]}})
				if err != nil || len(recs) != 2 {
					t.Fatalf("%v %v", recs, err)
				}
				for _, r := range recs {
					path := r.ArchivePath
					if !filepath.IsAbs(path) {
						path = filepath.Join(f.st.Dir(), path)
					}
					os.Chmod(path, 0o644)
					if err := os.Remove(path); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := safekeeping.RunCheck(ctx, f.st.Workstation(), safekeeping.CheckOptions{Rate: -1}); err != nil {
					t.Fatal(err)
				}
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("ic.tab"))
				d := f.ui.integrity.List
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				d.Select(0)
				test.Type(findEntry(t, f.ui, i18n.T("ic.ack_hint")), "已从备份恢复")
				test.Tap(findButton(t, f.ui, i18n.T("ic.ack")))
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return len(f.ui.integrity.Problems) == 1 })
			}},
	}
}

// Every list of the window is a table: headers in the window's language
// that sort when tapped, a search box that narrows the rows, the filters
// its rows have, and its actions started from a selected row.
func TestEveryListIsATable(t *testing.T) {
	f := newTablesFixture(t)
	for _, c := range append(tableCases(), listTableCases()...) {
		t.Run(c.name, func(t *testing.T) {
			d := c.show(t, f)
			before := d.Len()

			// Headers: every column has a title, none a key left untranslated.
			for i, title := range d.Titles() {
				if title == "" || strings.HasPrefix(title, "tables.") || strings.Contains(d.Header(i).Text, ".col_") {
					t.Errorf("column %d is titled %q", i, title)
				}
			}
			// Tapping a header sorts by it; tapping it again reverses.
			test.Tap(d.Header(c.sortBy))
			if !d.SortedBy(c.sortBy, false) {
				t.Errorf("not sorted by %q after a tap", d.Titles()[c.sortBy])
			}
			if h := d.Header(c.sortBy).Text; !strings.HasSuffix(h, "▲") {
				t.Errorf("the sorted header says %q", h)
			}
			test.Tap(d.Header(c.sortBy))
			if !d.SortedBy(c.sortBy, true) {
				t.Errorf("not sorted backwards by %q after a second tap", d.Titles()[c.sortBy])
			}

			// The search box narrows the rows to those that say it.
			if c.search == "" {
				c.search = d.Cell(0, len(d.Titles())-1)
			}
			d.Search(c.search)
			if n := d.Len(); n == 0 || n >= before {
				t.Errorf("searching %q shows %d of %d", c.search, n, before)
			}
			for i := range d.Len() {
				if !strings.Contains(rowText(d, i), c.search) {
					t.Errorf("searching %q shows %q", c.search, rowText(d, i))
				}
			}
			d.Search("")

			// The filters narrow the rows too.
			officer, device, person, from := d.FilterBar()
			for _, s := range []*widget.Select{officer, device, person} {
				if s == nil || len(s.Options) < 2 {
					continue
				}
				s.SetSelected(s.Options[1])
				if n := d.Len(); n == 0 || n > before {
					t.Errorf("filter %q: %d of %d", s.Options[1], n, before)
				}
				s.SetSelected(s.Options[0])
				if d.Len() != before {
					t.Errorf("filter %q back to all: %d of %d", s.Options[0], d.Len(), before)
				}
			}
			if from != nil {
				from.SetText(time.Now().AddDate(0, 0, 2).Format(time.DateOnly))
				if n := d.Len(); n != 0 {
					t.Errorf("from the day after tomorrow: %d rows", n)
				}
				from.SetText("")
			}
			if d.Len() != before {
				t.Fatalf("after clearing the search and filters: %d of %d", d.Len(), before)
			}

			// An action from the selected row.
			c.act(t, f, d)
		})
	}
	t.Run("recordings picked, not typed", func(t *testing.T) { recordingsArePickedNotTyped(t, f) })
}

// Recordings for a request or a case are picked from a table, not typed
// (run on the fixture TestEveryListIsATable leaves).
func recordingsArePickedNotTyped(t *testing.T, f *tablesFixture) {
	f.as(f.officer, "")
	v := f.ui.mine
	test.Tap(findButton(t, f.ui, i18n.T("tables.pick")))
	p := v.Picker
	pump(t, f.ui, func() bool { return p.Table.Len() == 5 }) // the officer's three and the two old ones
	p.Table.Search("CAM-7")
	p.Table.Select(0)
	p.Table.Select(1)
	p.Table.Select(0) // a second tap takes the tick away
	p.Table.Select(0)
	want := []string{p.Table.Rows()[1].ID, p.Table.Rows()[0].ID}
	if got := p.Picked(); !slices.Equal(got, want) {
		t.Fatalf("picked %q, want %q", got, want)
	}
	p.Confirm()
	if got := i18n.SplitIDs(v.Ids.Text); !slices.Equal(got, want) {
		t.Fatalf("the request's recordings are %q, want %q", got, want)
	}

	f.ui.SetSession(f.keeper)
	openArea(t, f.ui, "", i18n.T("kp.tab_cases"))
	cv := f.ui.cases
	pump(t, f.ui, func() bool { return cv.Table.Len() == 2 })
	cv.Table.SelectWhere(func(c retention.Case) bool { return c.Number == "江文旅罚〔2026〕1号" })
	linked := len(cv.Cur.Recordings)
	test.Tap(findButton(t, f.ui, i18n.T("tables.pick")))
	p = cv.Picker
	pump(t, f.ui, func() bool { return p.Table.Len() == 5 })
	p.Table.SelectWhere(func(r records.Recording) bool { return r.ID == f.recs[2] })
	p.Confirm()
	test.Tap(findButton(t, f.ui, i18n.T("kp.link")))
	pump(t, f.ui, func() bool { return cv.Cur != nil && len(cv.Cur.Recordings) == linked+1 })
}

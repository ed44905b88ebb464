package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/custody"
	"evidock/store"
)

// listTableCases are the lists of users, evidence exports and the
// violation register, checked like every other list (TestEveryListIsATable).
func listTableCases() []tableCase {
	return []tableCase{
		{name: "users", search: "boss", sortBy: 2,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				f.ui.SetSession(f.admin)
				openArea(t, f.ui, "", i18n.T("lists.users_tab"))
				d := f.ui.users.Table
				pump(t, f.ui, func() bool { return d.Len() >= 6 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				v := f.ui.users
				if !v.Table.SelectWhere(func(u store.User) bool { return u.Name == "boss" }) {
					t.Fatal("no user boss")
				}
				if !strings.Contains(v.Detail.Text, "boss") || !strings.Contains(v.Detail.Text, i18n.Role(string(store.RoleLeader))) {
					t.Errorf("the selected user's details: %q", v.Detail.Text)
				}
			}},
		{name: "exports", search: "某酒店", sortBy: 1,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				makeExports(t, f)
				f.ui.SetSession(f.keeper)
				openArea(t, f.ui, "", i18n.T("lists.exp_tab"))
				d := f.ui.exports.Table
				pump(t, f.ui, func() bool { return d.Len() == 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				v := f.ui.exports
				v.Table.SelectWhere(func(e access.Export) bool { return e.Status == access.ExportComplete })
				if !v.Retry.Disabled() || v.Retry.Reason() == "" {
					t.Errorf("retry of a complete export: disabled %v, reason %q", v.Retry.Disabled(), v.Retry.Reason())
				}
				v.Table.SelectWhere(func(e access.Export) bool { return e.Status == access.ExportFailed })
				if !strings.Contains(v.Detail.Text, i18n.T("lists.exp_message", i18n.M{"Message": ""})) {
					t.Errorf("the failed export's details: %q", v.Detail.Text)
				}
				test.Tap(&v.Retry.Button)
				confirm(t, f.ui)
				pump(t, f.ui, func() bool { return f.ui.exportW != nil && !f.ui.exportW.Running && f.ui.exportW.Result() != nil })
				f.ui.Show(shell.ScreenDiscs + ".exports")
				pump(t, f.ui, func() bool {
					n := 0
					for _, e := range v.Rows {
						if e.Status == access.ExportComplete {
							n++
						}
					}
					return n == 2
				})
			}},
		{name: "violations", search: "CAM-9", sortBy: 2,
			show: func(t *testing.T, f *tablesFixture) shownTable {
				raiseViolations(t, f)
				f.ui.SetSession(f.leader)
				openArea(t, f.ui, "", i18n.T("lists.vio_tab"))
				d := f.ui.violations.Table
				pump(t, f.ui, func() bool { return d.Len() >= 2 })
				return d
			},
			act: func(t *testing.T, f *tablesFixture, d shownTable) {
				v := f.ui.violations
				v.Table.SelectWhere(func(x custody.Violation) bool { return x.Device == "CAM-9" })
				if v.Decide.Disabled() == false || v.Open.Disabled() {
					t.Fatalf("a raised sign: open disabled %v, decide disabled %v", v.Open.Disabled(), v.Decide.Disabled())
				}
				test.Type(findEntry(t, f.ui, i18n.T("lists.vio_note_hint")), "核查遗失经过")
				test.Tap(&v.Open.Button)
				confirm(t, f.ui)
				isNow := func(status string) func() bool {
					return func() bool {
						for _, x := range v.Rows {
							if x.Device == "CAM-9" && x.Status == status {
								return true
							}
						}
						return false
					}
				}
				pump(t, f.ui, isNow(custody.ViolationOpen))
				v.Table.SelectWhere(func(x custody.Violation) bool { return x.Device == "CAM-9" })
				if v.Decide.Disabled() {
					t.Fatalf("an open case, the leader may not decide: %q", v.Decide.Reason())
				}
				v.Measures[0].SetChecked(true)
				test.Type(findEntry(t, f.ui, i18n.T("lists.vio_note_hint")), "责令书面检查")
				test.Tap(&v.Decide.Button)
				confirm(t, f.ui)
				pump(t, f.ui, isNow(custody.ViolationDecided))

				// A supervisor may open and close, not decide: the button says who may.
				f.ui.SetSession(f.sup)
				openArea(t, f.ui, "", i18n.T("lists.vio_tab"))
				w := f.ui.violations
				pump(t, f.ui, func() bool { return w.Table.Len() >= 2 })
				if !w.Decide.Disabled() || !strings.Contains(w.Decide.Reason(), i18n.Role(string(store.RoleLeader))) {
					t.Errorf("a supervisor's decide button: disabled %v, reason %q", w.Decide.Disabled(), w.Decide.Reason())
				}
			}},
	}
}

// makeExports makes two evidence exports as the custodian for an approved
// extraction request: one complete, one failed.
func makeExports(t *testing.T, f *tablesFixture) {
	t.Helper()
	ctx := context.Background()
	req, err := access.RequestView(ctx, f.officer, access.ViewRequest{Recordings: f.recs[:1], Purpose: access.PurposeExtraction, Reason: "提取证据"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := access.Decide(ctx, f.leader, req.ID, access.Decision{Approve: true, ValidFor: 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	for i, c := range []string{"某网吧", "某酒店"} {
		run, err := access.BeginExport(ctx, f.keeper, access.ExportSpec{RequestID: req.ID, Medium: "dvd", OutDir: filepath.Join(t.TempDir(), "out"),
			Description: access.ExportDescription{CaseNumber: "江文旅罚〔2026〕1号", CaseName: c, Maker: "李四", Extractor: "王五"}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			out := access.ExportOutcome{Discs: []access.ExportDisc{{Disc: 1, Of: 1, SHA256: "aa", SM3: "bb", Size: 2048}}}
			err = run.Complete(ctx, out)
		} else {
			err = run.Fail(ctx, "刻录机中没有光盘")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// raiseViolations reports CAM-9 and CAM-8 lost and has the workstation raise the
// signs it sees in the register.
func raiseViolations(t *testing.T, f *tablesFixture) {
	t.Helper()
	ctx := context.Background()
	for _, d := range []string{"CAM-9", "CAM-8"} {
		if err := custody.ReportLost(ctx, f.keeper, d, "巡查途中遗失"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := custody.ScanSigns(ctx, f.st.Workstation()); err != nil {
		t.Fatal(err)
	}
	all, err := custody.Violations(ctx, f.sup, custody.ViolationFilter{})
	if err != nil || len(all) < 2 {
		for _, x := range all {
			t.Logf("%+v", x)
		}
		t.Fatalf("%d entries in the register (%v)", len(all), err)
	}
}

package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"evidock/access"
	"evidock/app/discs"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/export"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// The export wizard's words looked up at run time exist.
func TestExportWords(t *testing.T) {
	zh := areaKeys(t, i18n.LangZH)
	var keys []string
	for _, m := range discs.ExportMedia {
		keys = append(keys, "exp.medium_"+strings.ReplaceAll(string(m), "-", "_"))
	}
	for _, k := range append(keys, "exp.err_no_xorriso", "exp.err_verify", "exp.err_archive", "exp.err_folder",
		"exp.err_permission", "exp.err_cancelled", "exp.err_other") {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no words in the viewing area", k)
		}
	}
}

// Only the custodian may make a disc: others see the 制作光盘 page say
// which roles may (the core's table), and nothing is built for them.
func TestExportPageOnlyForTheCustodian(t *testing.T) {
	f := newViewingFixture(t)
	for _, s := range []*store.Session{f.officer, f.legal, f.leader} {
		f.ui.SetSession(s)
		f.ui.Show(shell.ScreenDiscs + ".make")
		if f.ui.exportW != nil {
			t.Errorf("%s can make a disc", s.Actor().Name)
		}
		if why := f.ui.WhyNot(store.ActExport); why == "" || !hasText(f.ui, why) {
			t.Errorf("%s is not told who may make a disc (%q)", s.Actor().Name, why)
		}
	}
	f.ui.SetSession(nil)
	f.ui.Show(shell.ScreenDiscs)
	if f.ui.exportW != nil || !hasText(f.ui, i18n.T("login.intro")) {
		t.Error("the disc screen is shown before a login")
	}
	f.ui.SetSession(f.keeper)
	f.ui.Show(shell.ScreenDiscs + ".make")
	if f.ui.exportW == nil {
		t.Error("the custodian cannot make a disc")
	}
}

func TestExportWizardMakesVerifiedDiscs(t *testing.T) {
	f := newViewingFixture(t)
	ctx := context.Background()
	r := f.request(t, f.officer, access.PurposeExtraction, f.recs)
	if _, err := access.Decide(ctx, f.leader, r.ID, access.Decision{Approve: true}); err != nil {
		t.Fatal(err)
	}
	f.ui.SetSession(f.keeper)
	f.ui.Show(shell.ScreenDiscs + ".make")
	w := f.ui.exportW
	pump(t, f.ui, func() bool { return len(w.Requests()) == 1 })

	// Nothing filled in: said, nothing begun.
	test.Tap(findButton(t, f.ui, i18n.T("exp.start")))
	if w.Status.Text != i18n.T("exp.missing_request") {
		t.Fatalf("status %q", w.Status.Text)
	}
	w.Request.SetSelected(w.Request.Options[0])
	pump(t, f.ui, func() bool {
		return strings.Contains(w.Recs.Text, i18n.T("exp.rec_total", i18n.M{"N": 3, "Size": ""})[:6])
	})
	test.Type(w.CaseNo, "文执罚〔2025〕17号")
	test.Type(w.CaseNm, "某网吧接纳未成年人案")
	test.Type(w.Extractor, "李四")
	test.Type(w.Content, "现场检查录像")
	w.Medium.SetSelected(i18n.T("exp.medium_cd"))
	parent := t.TempDir()
	w.Folder.SetText(parent)
	test.Tap(findButton(t, f.ui, i18n.T("exp.start")))
	pump(t, f.ui, func() bool { return w.Result() != nil || w.LastErr != nil })
	if w.LastErr != nil {
		t.Fatalf("export failed: %v\nshown: %s", w.LastErr, w.Status.Text)
	}
	res := w.Result()
	if len(res.Discs) != 1 || len(res.Files) != 3 || res.Export.Status != access.ExportComplete {
		t.Fatalf("result %+v", res)
	}
	if !strings.Contains(w.Outcome.Text, res.Discs[0].ISO) || !strings.Contains(w.Status.Text, "1 张光盘") {
		t.Fatalf("result shown: %q / %q", w.Status.Text, w.Outcome.Text)
	}
	if !strings.HasPrefix(res.Export.OutDir, parent) {
		t.Fatalf("out dir %s outside %s", res.Export.OutDir, parent)
	}
	for _, d := range res.Discs {
		rep, err := export.VerifyDisc(ctx, d.ISO)
		if err != nil || !rep.OK || rep.Files != 3 {
			t.Fatalf("%s: %+v (%v)", d.ISO, rep, err)
		}
	}
	es, _ := records.Ledger(ctx, f.keeper, ledger.Filter{Subject: access.ExportSubject(res.Export.ID)})
	if len(es) != 2 || es[0].Action != "export.begin" || es[1].Action != "export.complete" ||
		!strings.Contains(string(es[0].Details), "李四") {
		t.Fatalf("export entries %+v", es)
	}

	// A second export into a folder that cannot be written fails in plain
	// words with a retry.
	w.Folder.SetText("/proc/evidock-no")
	test.Tap(findButton(t, f.ui, i18n.T("exp.start")))
	pump(t, f.ui, func() bool { return !w.Running && w.LastErr != nil })
	if w.Status.Text == "" || strings.HasPrefix(w.Status.Text, "export") {
		t.Fatalf("failure shown as %q", w.Status.Text)
	}
}

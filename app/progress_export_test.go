package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/export"
)

// The 光盘 wizard's bar moves while the discs are made, and 取消 (after
// its confirmation) cancels the export: the core records it as cancelled
// and removes what it wrote, and the wizard says so and offers a retry.
func TestExportWizardProgressAndCancel(t *testing.T) {
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
	w.Request.SetSelected(w.Request.Options[0])
	test.Type(w.CaseNo, "文执罚〔2025〕18号")
	test.Type(w.Extractor, "李四")
	w.Medium.SetSelected(i18n.T("exp.medium_cd"))
	parent := t.TempDir()
	w.Folder.SetText(parent)
	w.Device.SetText("stdio:" + filepath.Join(t.TempDir(), "drive"))
	test.Tap(findButton(t, f.ui, i18n.T("exp.start")))
	confirm(t, f.ui) // burning cannot be undone

	// The recordings are copied and the wizard waits for a blank disc: the
	// bar has moved and 取消 is offered.
	pump(t, f.ui, func() bool { return w.Bar.Value >= 0.5 })
	if !w.Running || !w.CancelButton.Visible() {
		t.Fatal("no 取消 while the export runs")
	}
	test.Tap(findButton(t, f.ui, i18n.T("progress.cancel")))
	if !w.Running {
		t.Fatal("cancelled without the confirmation")
	}
	test.Tap(findButton(t, f.ui, i18n.T("progress.cancel_yes")))
	pump(t, f.ui, func() bool { return !w.Running })
	if w.Result() != nil || !strings.Contains(w.Status.Text, "已取消") {
		t.Fatalf("after 取消: %q (%v)", w.Status.Text, w.LastErr)
	}
	list, _ := access.Exports(ctx, f.keeper, access.ExportFilter{RequestID: r.ID})
	if len(list) != 1 || list[0].Status != access.ExportFailed || list[0].Discs != 0 {
		t.Fatalf("exports after 取消: %+v", list)
	}
	entries, _ := os.ReadDir(list[0].OutDir)
	if len(entries) != 0 {
		t.Errorf("取消 left %v", entries)
	}
	if w.CancelButton.Visible() || !w.RetryButton.Visible() {
		t.Error("after 取消 the wizard still offers 取消, or no 重试")
	}
	if !errors.Is(w.LastErr, export.ErrCancelled) {
		t.Errorf("error %v", w.LastErr)
	}
}

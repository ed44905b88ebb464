package discs

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/store"
)

// ExportsView is 光盘 → 已制作的光盘: the past evidence exports as the core
// lists them (access.Exports hides those carrying a recording the user may
// not see), the details of the selected one and, for a failed one, its
// retry in the wizard.
type ExportsView struct {
	ui     *shell.Shell
	Root   fyne.CanvasObject
	Table  *shell.DataTable[access.Export]
	Detail *widget.Label
	Retry  *shell.ReasonButton
	Rows   []access.Export
	retry  func(access.Export)
}

// exportColumns are the columns of the exports' table.
func exportColumns(ui *shell.Shell) []shell.Column[access.Export] {
	return []shell.Column[access.Export]{
		shell.NumCol("tables.col_no", 50, func(e access.Export) int64 { return e.ID }),
		shell.WhenCol("lists.exp_col_started", 150, func(e access.Export) time.Time { return e.CreatedAt }),
		shell.Col("lists.exp_col_maker", 110, func(e access.Export) string { return ui.PersonName(e.CreatedBy) }),
		shell.Col("lists.exp_col_case", 170, func(e access.Export) string { return exportCase(e) }),
		shell.NumCol("lists.exp_col_discs", 50, func(e access.Export) int64 { return int64(e.Discs) }),
		shell.Col("lists.exp_col_status", 80, func(e access.Export) string { return ExportStatus(e) }),
		shell.WhenCol("lists.exp_col_ended", 150, func(e access.Export) time.Time { return e.EndedAt }),
	}
}

// exportCase is the case an export was made for, as the custodian wrote it.
func exportCase(e access.Export) string {
	return i18n.OrDash(strings.TrimSpace(e.Description.CaseNumber + " " + e.Description.CaseName))
}

// ExportStatus is where an export stands, in the window's words.
func ExportStatus(e access.Export) string {
	if e.Status == access.ExportComplete && !e.ReleasedAt.IsZero() {
		return i18n.T("lists.exp_released")
	}
	return i18n.Lookup("lists.exp_status_", string(e.Status))
}

// NewExportsView lists the exports; retry runs a failed one again (in the
// wizard, which shows its progress).
func NewExportsView(ui *shell.Shell, retry func(access.Export)) *ExportsView {
	v := &ExportsView{ui: ui, Detail: shell.WrapLabel(i18n.T("tables.pick_row")), retry: retry}
	v.Table = shell.NewDataTable(ui, exportColumns(ui), 0, true, shell.Filters[access.Export]{
		Day:    func(e access.Export) time.Time { return e.CreatedAt },
		Person: func(e access.Export) string { return e.CreatedBy },
	})
	v.Retry = ui.ActionButton(i18n.T("lists.exp_retry"), store.ActExport, v.retryTapped)
	v.Retry.SetState(i18n.T("lists.exp_pick_failed"))
	v.Table.OnSelect = func(e access.Export) {
		v.Detail.SetText(v.detail(e))
		if e.Status == access.ExportFailed {
			v.Retry.SetState("")
		} else {
			v.Retry.SetState(i18n.T("lists.exp_pick_failed"))
		}
	}
	v.Table.OnUnselect = func() {
		v.Detail.SetText(i18n.T("tables.pick_row"))
		v.Retry.SetState(i18n.T("lists.exp_pick_failed"))
	}
	refresh := widget.NewButton(i18n.T("lists.refresh"), v.Load)
	head := container.NewHBox(shell.BoldLabel(i18n.T("lists.exp_title")), shell.Spacer(), refresh)
	bottom := container.NewBorder(nil, nil, nil, v.Retry, v.Detail)
	v.Root = container.NewBorder(head, bottom, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// detail is the selected export in full.
func (v *ExportsView) detail(e access.Export) string {
	lines := []string{i18n.T("lists.exp_detail", i18n.M{"ID": e.ID, "Request": e.RequestID, "Medium": e.Medium,
		"Device": i18n.OrDash(e.Device), "Folder": e.OutDir, "N": len(e.Recordings), "Attempts": e.Attempts,
		"Maker": i18n.OrDash(e.Description.Maker), "Extractor": i18n.OrDash(e.Description.Extractor)})}
	if e.Message != "" {
		lines = append(lines, i18n.T("lists.exp_message", i18n.M{"Message": i18n.DockError(e.Message)}))
	}
	if !e.ReleasedAt.IsZero() {
		lines = append(lines, i18n.T("lists.exp_released_line", i18n.M{"At": i18n.When(e.ReleasedAt),
			"By": v.ui.PersonName(e.ReleasedBy), "Reason": e.ReleaseReason}))
	}
	return strings.Join(lines, "\n")
}

func (v *ExportsView) retryTapped() {
	e, ok := v.Table.Selected()
	if !ok || e.Status != access.ExportFailed || v.retry == nil {
		return
	}
	v.ui.Confirm(i18n.T("lists.exp_retry"), i18n.T("lists.exp_retry_confirm", i18n.M{"ID": e.ID}), func() { v.retry(e) })
}

// Load reads the exports anew, newest first.
func (v *ExportsView) Load() {
	shell.LoadRows(v.ui, v.Detail, i18n.ViewErrorText, func(ctx context.Context, sess *store.Session) ([]access.Export, error) {
		return access.Exports(ctx, sess, access.ExportFilter{Limit: 500})
	}, func(rows []access.Export) {
		v.Rows = rows
		v.Table.Set(rows)
		if len(rows) == 0 {
			v.Detail.SetText(i18n.T("lists.exp_none"))
		}
	})
}

package maintain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/safekeeping"
	"evidock/store"
)

// IntegrityView is 完整性检查: run the check now with progress, and the
// open problems checks found, which a custodian acknowledges.
type IntegrityView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	runBt    *shell.ReasonButton
	Prog     *shell.ProgressPanel
	Result   *widget.Label
	Problems []safekeeping.IntegrityProblem
	List     *shell.DataTable[safekeeping.IntegrityProblem]
	count    *widget.Label
	note     *widget.Entry
	ackBt    *widget.Button
	Running  bool
}

func NewIntegrityView(ui *shell.Shell) *IntegrityView {
	v := &IntegrityView{ui: ui, Prog: shell.NewProgressPanel(ui, "integrity-check"), Result: shell.WrapLabel(i18n.T("ic.intro")), count: widget.NewLabel("")}
	v.runBt = ui.ActionButton(i18n.T("ic.run"), store.ActIntegrityCheck, v.Run)
	v.runBt.Importance = widget.HighImportance
	v.List = shell.NewDataTable(ui, []shell.Column[safekeeping.IntegrityProblem]{
		shell.NumCol("tables.col_no", 50, func(p safekeeping.IntegrityProblem) int64 { return p.ID }),
		shell.WhenCol("tables.col_found", 150, func(p safekeeping.IntegrityProblem) time.Time { return p.FoundAt }),
		shell.Col("tables.col_problem", 420, func(p safekeeping.IntegrityProblem) string {
			return i18n.T("verify.kind_"+p.Kind, i18n.M{"Ref": p.Ref, "What": p.What})
		}),
	}, 1, true, shell.Filters[safekeeping.IntegrityProblem]{Day: func(p safekeeping.IntegrityProblem) time.Time { return p.FoundAt }})
	v.List.OnSelect = func(safekeeping.IntegrityProblem) {
		if v.ackBt != nil {
			v.ackBt.Enable()
		}
	}
	v.List.OnUnselect = func() {
		if v.ackBt != nil {
			v.ackBt.Disable()
		}
	}
	top := container.NewVBox(shell.BoldLabel(i18n.T("ic.title")), container.NewHBox(v.runBt), v.Prog.Root, v.Result, widget.NewSeparator(),
		shell.BoldLabel(i18n.T("ic.open_title")), v.count)
	var bottom fyne.CanvasObject
	if ui.May(store.ActIntegrityAcknowledge) {
		v.note = widget.NewEntry()
		v.note.SetPlaceHolder(i18n.T("ic.ack_hint"))
		v.ackBt = widget.NewButton(i18n.T("ic.ack"), v.ack)
		v.ackBt.Disable()
		bottom = container.NewBorder(nil, nil, nil, v.ackBt, v.note)
	}
	v.Root = container.NewBorder(top, bottom, nil, nil, v.List.Root)
	v.Load()
	return v
}

// Load lists the open problems.
func (v *IntegrityView) Load() {
	shell.LoadRows(v.ui, v.count, nil, safekeeping.OpenProblems, func(ps []safekeeping.IntegrityProblem) {
		v.Problems = ps
		v.List.Set(ps)
		v.count.SetText(i18n.T("ic.open_count", i18n.M{"N": len(ps)}))
		v.count.Importance = widget.SuccessImportance
		if len(ps) > 0 {
			v.count.Importance = widget.DangerImportance
		}
		v.count.Refresh()
		if v.ackBt != nil {
			v.ackBt.Disable()
		}
		v.ui.RefreshBanner()
	})
}

// Run re-hashes every archived recording now, with progress and 取消. A
// cancelled check is recorded as cancelled and continues where it stopped
// at the next run (it resumes), so cancelling throws nothing away.
func (v *IntegrityView) Run() {
	if v.Running {
		return
	}
	v.Running = true
	v.runBt.Disable()
	v.Result.SetText(i18n.T("ic.running"))
	v.Result.Importance = widget.MediumImportance
	v.Result.Refresh()
	var run safekeeping.CheckRun
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		run, err = safekeeping.RunCheck(ctx, v.ui.SessFor(ctx), safekeeping.CheckOptions{Resume: true, Rate: -1,
			Progress: func(p safekeeping.CheckProgress) {
				key := "ic.progress"
				if p.Busy {
					key = "ic.progress_busy"
				}
				v.Prog.Report(shell.Fraction(p.Files, p.Total), i18n.T(key, i18n.M{"Done": p.Files, "Total": p.Total, "Bytes": i18n.Bytes(p.Bytes)}))
			}})
		return err
	}, func(err error) {
		v.Running = false
		v.runBt.Enable()
		v.Prog.Root.Hide()
		switch {
		case errors.Is(err, safekeeping.ErrCheckCancelled):
			v.Result.SetText(i18n.T("progress.check_cancelled", i18n.M{"Done": run.Files}))
			v.Result.Importance = widget.WarningImportance
		case errors.Is(err, safekeeping.ErrCheckRunning):
			v.Result.SetText(i18n.T("ic.already_running"))
		case err != nil:
			v.Result.SetText(i18n.ErrorText(err))
		case len(run.Problems) == 0:
			v.Result.SetText(i18n.T("ic.ok", i18n.M{"Files": run.Files, "Bytes": i18n.Bytes(run.Bytes), "At": i18n.When(run.EndedAt)}))
			v.Result.Importance = widget.SuccessImportance
		default:
			v.Result.SetText(i18n.T("ic.bad", i18n.M{"N": len(run.Problems), "Files": run.Files}))
			v.Result.Importance = widget.DangerImportance
		}
		v.Result.Refresh()
		v.Load()
	})
}

// ack is the custodian's acknowledgement of the selected problem.
func (v *IntegrityView) ack() {
	p, ok := v.List.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.note.Text)
	if note == "" {
		v.count.SetText(i18n.T("ic.ack_needs"))
		return
	}
	v.ui.ConfirmThenDo(i18n.T("ic.confirm_ack", i18n.M{"Line": ProblemLine(p)}), v.count,
		func(ctx context.Context, sess *store.Session) error {
			return safekeeping.Acknowledge(ctx, sess, p.ID, note)
		},
		func() {
			v.note.SetText("")
			v.Load()
		})
}

// ProblemLine says an integrity problem for a non-expert.
func ProblemLine(p safekeeping.IntegrityProblem) string {
	return fmt.Sprintf("#%d  %s  %s", p.ID, i18n.When(p.FoundAt), i18n.T("verify.kind_"+p.Kind, i18n.M{"Ref": p.Ref, "What": p.What}))
}

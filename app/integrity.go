package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/safekeeping"
	"evidock/store"
)

// integrityView is 完整性检查: run the check now with progress, and the
// open problems checks found, which a custodian acknowledges.
type integrityView struct {
	ui       *Shell
	Root     fyne.CanvasObject
	runBt    *reasonButton
	Prog     *progressPanel
	Result   *widget.Label
	Problems []safekeeping.IntegrityProblem
	List     *dataTable[safekeeping.IntegrityProblem]
	count    *widget.Label
	note     *widget.Entry
	ackBt    *widget.Button
	Running  bool
}

func newIntegrityView(ui *Shell) *integrityView {
	v := &integrityView{ui: ui, Prog: newProgressPanel(ui, "integrity-check"), Result: wrapLabel(T("ic.intro")), count: widget.NewLabel("")}
	v.runBt = ui.actionButton(T("ic.run"), store.ActIntegrityCheck, v.Run)
	v.runBt.Importance = widget.HighImportance
	v.List = newDataTable(ui, []column[safekeeping.IntegrityProblem]{
		numCol("tables.col_no", 50, func(p safekeeping.IntegrityProblem) int64 { return p.ID }),
		whenCol("tables.col_found", 150, func(p safekeeping.IntegrityProblem) time.Time { return p.FoundAt }),
		col("tables.col_problem", 420, func(p safekeeping.IntegrityProblem) string {
			return T("verify.kind_"+p.Kind, M{"Ref": p.Ref, "What": p.What})
		}),
	}, 1, true, filters[safekeeping.IntegrityProblem]{Day: func(p safekeeping.IntegrityProblem) time.Time { return p.FoundAt }})
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
	top := container.NewVBox(boldLabel(T("ic.title")), container.NewHBox(v.runBt), v.Prog.Root, v.Result, widget.NewSeparator(),
		boldLabel(T("ic.open_title")), v.count)
	var bottom fyne.CanvasObject
	if ui.may(store.ActIntegrityAcknowledge) {
		v.note = widget.NewEntry()
		v.note.SetPlaceHolder(T("ic.ack_hint"))
		v.ackBt = widget.NewButton(T("ic.ack"), v.ack)
		v.ackBt.Disable()
		bottom = container.NewBorder(nil, nil, nil, v.ackBt, v.note)
	}
	v.Root = container.NewBorder(top, bottom, nil, nil, v.List.Root)
	v.Load()
	return v
}

// Load lists the open problems.
func (v *integrityView) Load() {
	var ps []safekeeping.IntegrityProblem
	v.ui.background(func(ctx context.Context) error {
		var err error
		ps, err = safekeeping.OpenProblems(ctx, v.ui.sessFor(ctx))
		return err
	}, func(err error) {
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		v.Problems = ps
		v.List.Set(ps)
		v.count.SetText(T("ic.open_count", M{"N": len(ps)}))
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
func (v *integrityView) Run() {
	if v.Running {
		return
	}
	v.Running = true
	v.runBt.Disable()
	v.Result.SetText(T("ic.running"))
	v.Result.Importance = widget.MediumImportance
	v.Result.Refresh()
	var run safekeeping.CheckRun
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		run, err = safekeeping.RunCheck(ctx, v.ui.sessFor(ctx), safekeeping.CheckOptions{Resume: true, Rate: -1,
			Progress: func(p safekeeping.CheckProgress) {
				key := "ic.progress"
				if p.Busy {
					key = "ic.progress_busy"
				}
				v.Prog.Report(fraction(p.Files, p.Total), T(key, M{"Done": p.Files, "Total": p.Total, "Bytes": Bytes(p.Bytes)}))
			}})
		return err
	}, func(err error) {
		v.Running = false
		v.runBt.Enable()
		v.Prog.Root.Hide()
		switch {
		case errors.Is(err, safekeeping.ErrCheckCancelled):
			v.Result.SetText(T("progress.check_cancelled", M{"Done": run.Files}))
			v.Result.Importance = widget.WarningImportance
		case errors.Is(err, safekeeping.ErrCheckRunning):
			v.Result.SetText(T("ic.already_running"))
		case err != nil:
			v.Result.SetText(ErrorText(err))
		case len(run.Problems) == 0:
			v.Result.SetText(T("ic.ok", M{"Files": run.Files, "Bytes": Bytes(run.Bytes), "At": When(run.EndedAt)}))
			v.Result.Importance = widget.SuccessImportance
		default:
			v.Result.SetText(T("ic.bad", M{"N": len(run.Problems), "Files": run.Files}))
			v.Result.Importance = widget.DangerImportance
		}
		v.Result.Refresh()
		v.Load()
	})
}

// ack is the custodian's acknowledgement of the selected problem.
func (v *integrityView) ack() {
	p, ok := v.List.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.note.Text)
	if note == "" {
		v.count.SetText(T("ic.ack_needs"))
		return
	}
	v.ui.confirm(T("q.confirm_title"), T("ic.confirm_ack", M{"Line": ProblemLine(p)}), func() {
		v.ui.background(func(ctx context.Context) error { return safekeeping.Acknowledge(ctx, v.ui.sessFor(ctx), p.ID, note) }, func(err error) {
			if err != nil {
				v.count.SetText(ErrorText(err))
				return
			}
			v.note.SetText("")
			v.Load()
		})
	})
}

// ProblemLine says an integrity problem for a non-expert.
func ProblemLine(p safekeeping.IntegrityProblem) string {
	return fmt.Sprintf("#%d  %s  %s", p.ID, When(p.FoundAt), T("verify.kind_"+p.Kind, M{"Ref": p.Ref, "What": p.What}))
}

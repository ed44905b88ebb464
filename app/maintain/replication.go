package maintain

import (
	"context"
	"errors"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

// replicaPanel is the part of 存储与备份 about the replica bucket: how far
// it is behind (the replication lag) and, for those who may, a run now.
// The scheduled runs come from the docking service's maintenance loop.
type replicaPanel struct {
	ui     *shell.Shell
	Lag    *widget.Label
	runBt  *shell.ReasonButton
	Status *widget.Label
	Prog   *shell.ProgressPanel
	Form   *replicaForm
}

func newReplicaPanel(ui *shell.Shell) (*replicaPanel, []fyne.CanvasObject) {
	p := &replicaPanel{ui: ui, Lag: shell.WrapLabel("…"), Status: shell.WrapLabel(""), Prog: shell.NewProgressPanel(ui, "replicate")}
	parts := []fyne.CanvasObject{widget.NewSeparator(), shell.BoldLabel(i18n.T("rp.title")), p.Lag}
	// Disabled, with the reason on hover, for those who may not replicate.
	p.runBt = ui.ActionButton(i18n.T("rp.run"), store.ActReplicate, p.Run)
	parts = append(parts, container.NewHBox(p.runBt), p.Prog.Root, p.Status)
	form, formUI := newReplicaForm(ui, p.Load)
	p.Form = form
	if ui.May(store.ActReplicateConfigure) {
		parts = append(parts, formUI)
	} else {
		parts = append(parts, container.NewHBox(form.save)) // disabled, with who may on hover
	}
	return p, parts
}

// Load reads the replication lag, and the bucket and schedule set now for
// those who may change them.
func (p *replicaPanel) Load() {
	if p.ui.May(store.ActReplicateConfigure) {
		p.Form.Load()
	}
	var lag safekeeping.ReplicationLag
	p.ui.Background(func(ctx context.Context) error {
		var err error
		lag, err = safekeeping.CurrentReplicationLag(ctx, p.ui.Store())
		return err
	}, func(err error) {
		if err != nil {
			p.Lag.SetText(i18n.ErrorText(err))
			return
		}
		p.Lag.SetText(LagText(lag))
		if lag.Target == "" {
			p.runBt.SetState(i18n.T("why.no_target"))
		}
	})
}

// LagText says how far the replica is behind.
func LagText(lag safekeeping.ReplicationLag) string {
	if lag.Target == "" {
		return i18n.T("rp.none")
	}
	var s string
	if lag.Last.IsZero() {
		s = i18n.T("rp.never", i18n.M{"Target": lag.Target, "Entries": lag.Entries})
	} else {
		ago := (time.Duration(lag.Behind) * time.Millisecond).Round(time.Minute)
		s = i18n.T("rp.lag", i18n.M{"Target": lag.Target, "Last": lag.Last.Local().Format(time.DateTime), "Ago": ago.String(), "Entries": lag.Entries})
	}
	if lag.LastFail != "" {
		s += "\n" + i18n.T("rp.failed", i18n.M{"Error": lag.LastFail})
	}
	return s
}

// Run replicates to the scheduled bucket now, with progress and 取消.
// Cancelling throws nothing away: what was sent stays in the bucket, the
// bucket keeps its last checkpoint, and the next run sends the rest.
func (p *replicaPanel) Run() {
	p.runBt.Disable()
	p.Status.SetText("")
	sess := p.ui.Session()
	var rep replicate.Report
	p.Prog.Start("", func(ctx context.Context) error {
		rt, err := safekeeping.CurrentReplicationTarget(ctx, p.ui.Store())
		if err != nil {
			return err
		}
		t, err := replicate.TargetOf(p.ui.Store(), rt, os.Getenv)
		if err != nil {
			return err
		}
		rep, err = replicate.Run(ctx, sess, t, replicate.Options{Limit: rt.Limit, Progress: func(pr replicate.Progress) {
			p.Prog.Report(shell.Fraction(pr.Bytes, pr.BytesTotal), i18n.T("rp.running", i18n.M{"Files": pr.Files, "FilesTotal": pr.FilesTotal,
				"Bytes": i18n.Bytes(pr.Bytes), "BytesTotal": i18n.Bytes(pr.BytesTotal), "Rate": i18n.Bytes(int64(pr.Rate))}))
		}})
		return err
	}, func(err error) {
		p.runBt.Enable()
		p.Prog.Root.Hide()
		switch {
		case errors.Is(err, replicate.ErrCancelled):
			p.Status.SetText(i18n.T("progress.replicate_cancelled", i18n.M{"Uploaded": rep.Uploaded}))
		case err != nil:
			p.Status.SetText(i18n.ErrorText(err))
		case len(rep.Problems) > 0:
			p.Status.SetText(i18n.T("rp.problems", i18n.M{"N": len(rep.Problems), "First": rep.Problems[0]}))
		default:
			p.Status.SetText(i18n.T("rp.done", i18n.M{"Uploaded": rep.Uploaded, "Bytes": i18n.Bytes(rep.Bytes), "Size": rep.Checkpoint}))
		}
		p.Load()
	})
}

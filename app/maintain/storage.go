package maintain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// StorageView is 存储与备份: the data folder's free space with the days it
// lasts at the current import rate, and a backup to a folder now, with
// progress and the last result.
type StorageView struct {
	ui      *shell.Shell
	Root    fyne.CanvasObject
	Space   *widget.Label
	Prog    *shell.ProgressPanel
	Dir     *widget.Entry
	runBt   *shell.ReasonButton
	Result  *widget.Label
	last    *widget.Label
	Replica *replicaPanel
	Running bool
}

func NewStorageView(ui *shell.Shell) *StorageView {
	v := &StorageView{ui: ui, Space: widget.NewLabel("…"), Prog: shell.NewProgressPanel(ui, "backup"), Dir: widget.NewEntry(),
		Result: shell.WrapLabel(""), last: shell.WrapLabel("")}
	v.Dir.SetPlaceHolder(i18n.T("bk.dir_hint"))
	refresh := widget.NewButton(i18n.T("kp.reload"), v.Load)
	parts := []fyne.CanvasObject{shell.BoldLabel(i18n.T("st.title")), v.Space, container.NewHBox(refresh), widget.NewSeparator()}
	v.runBt = ui.ActionButton(i18n.T("bk.run"), store.ActBackup, func() { v.Backup(strings.TrimSpace(v.Dir.Text)) })
	if !ui.May(store.ActBackup) {
		// Shown disabled, with who may back up on hover.
		parts = append(parts, shell.BoldLabel(i18n.T("bk.title")), container.NewHBox(v.runBt))
	} else {
		browse := widget.NewButton(i18n.T("bk.browse"), func() {
			d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					v.Dir.SetText(u.Path())
				}
			}, ui.Win)
			d.Show()
		})
		v.runBt.Importance = widget.HighImportance
		parts = append(parts, shell.BoldLabel(i18n.T("bk.title")), shell.WrapLabel(i18n.T("bk.intro")),
			container.NewBorder(nil, nil, widget.NewLabel(i18n.T("bk.dir")), browse, v.Dir),
			container.NewHBox(v.runBt), v.Prog.Root, v.Result, shell.BoldLabel(i18n.T("bk.last_title")), v.last)
	}
	var replica []fyne.CanvasObject
	v.Replica, replica = newReplicaPanel(ui)
	parts = append(parts, replica...)
	v.Root = container.NewVScroll(container.NewVBox(parts...))
	v.Load()
	return v
}

// Load reads the free space, the backup folder and the last backup.
func (v *StorageView) Load() {
	v.Replica.Load()
	var sp safekeeping.Space
	var target safekeeping.BackupTarget
	var last []ledger.Entry
	sess, readLast := v.ui.Session(), v.ui.May(store.ActLedgerRead) && v.ui.May(store.ActBackup)
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if sp, err = safekeeping.SpaceOf(ctx, sess); err != nil {
			return err
		}
		target, _ = safekeeping.CurrentBackupTarget(ctx, v.ui.Store())
		if readLast {
			es, err := records.Ledger(ctx, sess, ledger.Filter{ActionPrefix: "backup", Newest: true, Limit: 20})
			if err != nil {
				return err
			}
			for _, e := range es {
				if e.Action == "backup" {
					last = append(last, e)
					break
				}
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			v.Space.SetText(i18n.ErrorText(err))
			return
		}
		v.ShowSpace(sp)
		if v.Dir.Text == "" && target.Dir != "" {
			v.Dir.SetText(target.Dir)
		}
		v.last.SetText(lastBackupText(last, target))
	})
}

func (v *StorageView) ShowSpace(sp safekeeping.Space) {
	if sp.Total <= 0 {
		v.Space.SetText(i18n.T("set.space_unknown"))
		return
	}
	s := i18n.T("set.space", i18n.M{"Free": i18n.Bytes(sp.Free), "Total": i18n.Bytes(sp.Total)})
	// Days left only from a week of imports: after one small import the
	// rate would promise hundreds of thousands of days.
	if sp.RateKnown() && sp.DaysLeft >= 0 {
		s += "\n" + i18n.T("st.days_left", i18n.M{"Days": fmt.Sprintf("%.0f", sp.DaysLeft), "PerDay": i18n.Bytes(int64(sp.PerDay))})
	} else {
		s += "\n" + i18n.T("st.no_rate", i18n.M{"Days": safekeeping.SpaceRateDays})
	}
	switch sp.Level {
	case safekeeping.SpaceCritical:
		s += "\n⚠ " + i18n.T("st.critical")
		v.Space.Importance = widget.DangerImportance
	case safekeeping.SpaceLow:
		s += "\n⚠ " + i18n.T("st.low")
		v.Space.Importance = widget.WarningImportance
	default:
		v.Space.Importance = widget.MediumImportance
	}
	v.Space.SetText(s)
	v.Space.Refresh()
	if c, ok := v.Root.(*container.Scroll); ok {
		c.Content.Refresh()
	}
}

// lastBackupText says the last backup's result from its ledger entry.
func lastBackupText(es []ledger.Entry, target safekeeping.BackupTarget) string {
	var s string
	if len(es) == 0 {
		s = i18n.T("bk.never")
	} else {
		var d struct {
			OK       bool            `json:"ok"`
			Copied   int64           `json:"copied"`
			Bytes    int64           `json:"bytes"`
			Files    int64           `json:"files"`
			Problems []store.Problem `json:"problems"`
			Error    string          `json:"error"`
		}
		json.Unmarshal(es[0].Details, &d)
		key := "bk.last_ok"
		if !d.OK {
			key = "bk.last_bad"
		}
		s = i18n.T(key, i18n.M{"At": i18n.When(es[0].Time), "Dir": es[0].Subject, "Files": d.Files, "Copied": d.Copied, "Bytes": i18n.Bytes(d.Bytes),
			"N": len(d.Problems), "Err": i18n.OrDash(d.Error)})
	}
	if target.Dir != "" {
		s += "\n" + i18n.T("bk.schedule", i18n.M{"Dir": target.Dir, "Hours": fmt.Sprintf("%.0f", target.Every.Hours()), "Next": i18n.When(target.Next)})
	}
	return s
}

// Backup copies the data folder to dir now, with progress.
func (v *StorageView) Backup(dir string) {
	if dir == "" {
		v.Result.SetText(i18n.T("bk.need_dir"))
		return
	}
	if v.Running {
		return
	}
	v.Running = true
	v.runBt.Disable()
	v.Result.Importance = widget.MediumImportance
	v.Result.SetText(i18n.T("bk.running"))
	var rep safekeeping.BackupReport
	// Cancelling throws nothing away: the copy stays the last complete
	// backup, and the files copied so far are used by the next one.
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		rep, err = safekeeping.Backup(ctx, v.ui.SessFor(ctx), dir, safekeeping.BackupOptions{Progress: func(done, total int64) {
			v.Prog.Report(shell.Fraction(done, total), i18n.T("bk.progress", i18n.M{"Done": done, "Total": total}))
		}})
		return err
	}, func(err error) {
		v.Running = false
		v.runBt.Enable()
		v.Prog.Root.Hide()
		switch {
		case errors.Is(err, safekeeping.ErrBackupCancelled):
			v.Result.SetText(i18n.T("progress.backup_cancelled", i18n.M{"Dir": rep.Dir}))
			v.Result.Importance = widget.WarningImportance
		case err != nil:
			v.Result.SetText(i18n.ErrorText(err))
			v.Result.Importance = widget.DangerImportance
		case !rep.OK:
			v.Result.SetText(i18n.T("bk.problems", i18n.M{"N": len(rep.Problems)}))
			v.Result.Importance = widget.DangerImportance
		default:
			v.Result.SetText(i18n.T("bk.ok", i18n.M{"Dir": rep.Dir, "Files": rep.Files, "Copied": rep.Copied, "Bytes": i18n.Bytes(rep.Bytes)}))
			v.Result.Importance = widget.SuccessImportance
		}
		v.Result.Refresh()
		v.Load()
	})
}

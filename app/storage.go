package app

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

	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// storageView is 存储与备份: the data folder's free space with the days it
// lasts at the current import rate, and a backup to a folder now, with
// progress and the last result.
type storageView struct {
	ui      *Shell
	Root    fyne.CanvasObject
	Space   *widget.Label
	Prog    *progressPanel
	Dir     *widget.Entry
	runBt   *reasonButton
	Result  *widget.Label
	last    *widget.Label
	Replica *replicaPanel
	Running bool
}

func newStorageView(ui *Shell) *storageView {
	v := &storageView{ui: ui, Space: widget.NewLabel("…"), Prog: newProgressPanel(ui, "backup"), Dir: widget.NewEntry(),
		Result: wrapLabel(""), last: wrapLabel("")}
	v.Dir.SetPlaceHolder(T("bk.dir_hint"))
	refresh := widget.NewButton(T("kp.reload"), v.Load)
	parts := []fyne.CanvasObject{boldLabel(T("st.title")), v.Space, container.NewHBox(refresh), widget.NewSeparator()}
	v.runBt = ui.actionButton(T("bk.run"), store.ActBackup, func() { v.Backup(strings.TrimSpace(v.Dir.Text)) })
	if !ui.may(store.ActBackup) {
		// Shown disabled, with who may back up on hover.
		parts = append(parts, boldLabel(T("bk.title")), container.NewHBox(v.runBt))
	} else {
		browse := widget.NewButton(T("bk.browse"), func() {
			d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					v.Dir.SetText(u.Path())
				}
			}, ui.Win)
			d.Show()
		})
		v.runBt.Importance = widget.HighImportance
		parts = append(parts, boldLabel(T("bk.title")), wrapLabel(T("bk.intro")),
			container.NewBorder(nil, nil, widget.NewLabel(T("bk.dir")), browse, v.Dir),
			container.NewHBox(v.runBt), v.Prog.Root, v.Result, boldLabel(T("bk.last_title")), v.last)
	}
	var replica []fyne.CanvasObject
	v.Replica, replica = newReplicaPanel(ui)
	parts = append(parts, replica...)
	v.Root = container.NewVScroll(container.NewVBox(parts...))
	v.Load()
	return v
}

// Load reads the free space, the backup folder and the last backup.
func (v *storageView) Load() {
	v.Replica.Load()
	var sp safekeeping.Space
	var target safekeeping.BackupTarget
	var last []ledger.Entry
	sess, readLast := v.ui.Session(), v.ui.may(store.ActLedgerRead) && v.ui.may(store.ActBackup)
	v.ui.background(func(ctx context.Context) error {
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
			v.Space.SetText(ErrorText(err))
			return
		}
		v.ShowSpace(sp)
		if v.Dir.Text == "" && target.Dir != "" {
			v.Dir.SetText(target.Dir)
		}
		v.last.SetText(lastBackupText(last, target))
	})
}

func (v *storageView) ShowSpace(sp safekeeping.Space) {
	if sp.Total <= 0 {
		v.Space.SetText(T("set.space_unknown"))
		return
	}
	s := T("set.space", M{"Free": Bytes(sp.Free), "Total": Bytes(sp.Total)})
	// Days left only from a week of imports: after one small import the
	// rate would promise hundreds of thousands of days.
	if sp.RateKnown() && sp.DaysLeft >= 0 {
		s += "\n" + T("st.days_left", M{"Days": fmt.Sprintf("%.0f", sp.DaysLeft), "PerDay": Bytes(int64(sp.PerDay))})
	} else {
		s += "\n" + T("st.no_rate", M{"Days": safekeeping.SpaceRateDays})
	}
	switch sp.Level {
	case safekeeping.SpaceCritical:
		s += "\n⚠ " + T("st.critical")
		v.Space.Importance = widget.DangerImportance
	case safekeeping.SpaceLow:
		s += "\n⚠ " + T("st.low")
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
		s = T("bk.never")
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
		s = T(key, M{"At": When(es[0].Time), "Dir": es[0].Subject, "Files": d.Files, "Copied": d.Copied, "Bytes": Bytes(d.Bytes),
			"N": len(d.Problems), "Err": orDash(d.Error)})
	}
	if target.Dir != "" {
		s += "\n" + T("bk.schedule", M{"Dir": target.Dir, "Hours": fmt.Sprintf("%.0f", target.Every.Hours()), "Next": When(target.Next)})
	}
	return s
}

// Backup copies the data folder to dir now, with progress.
func (v *storageView) Backup(dir string) {
	if dir == "" {
		v.Result.SetText(T("bk.need_dir"))
		return
	}
	if v.Running {
		return
	}
	v.Running = true
	v.runBt.Disable()
	v.Result.Importance = widget.MediumImportance
	v.Result.SetText(T("bk.running"))
	var rep safekeeping.BackupReport
	// Cancelling throws nothing away: the copy stays the last complete
	// backup, and the files copied so far are used by the next one.
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		rep, err = safekeeping.Backup(ctx, v.ui.sessFor(ctx), dir, safekeeping.BackupOptions{Progress: func(done, total int64) {
			v.Prog.Report(fraction(done, total), T("bk.progress", M{"Done": done, "Total": total}))
		}})
		return err
	}, func(err error) {
		v.Running = false
		v.runBt.Enable()
		v.Prog.Root.Hide()
		switch {
		case errors.Is(err, safekeeping.ErrBackupCancelled):
			v.Result.SetText(T("progress.backup_cancelled", M{"Dir": rep.Dir}))
			v.Result.Importance = widget.WarningImportance
		case err != nil:
			v.Result.SetText(ErrorText(err))
			v.Result.Importance = widget.DangerImportance
		case !rep.OK:
			v.Result.SetText(T("bk.problems", M{"N": len(rep.Problems)}))
			v.Result.Importance = widget.DangerImportance
		default:
			v.Result.SetText(T("bk.ok", M{"Dir": rep.Dir, "Files": rep.Files, "Copied": rep.Copied, "Bytes": Bytes(rep.Bytes)}))
			v.Result.Importance = widget.SuccessImportance
		}
		v.Result.Refresh()
		v.Load()
	})
}

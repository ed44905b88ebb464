package maintain

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// LedgerView is the 台账 screen: entries newest first with filters, read a
// page at a time, and "verify now" with a result a non-expert understands.
type LedgerView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	action   *widget.Select
	actor    *widget.Entry
	subject  *widget.Entry
	list     *widget.List
	count    *widget.Label
	more     *widget.Button
	entries  []ledger.Entry
	details  *widget.Label
	Prog     *shell.ProgressPanel
	Result   *widget.Label
	verifyBt *shell.ReasonButton
	Running  bool
}

// LedgerActions are the action prefixes one can filter by.
var LedgerActions = []string{"import", "recording", "gap", "device", "officer", "login", "user", "request", "view", "verify", "refused", "settings"}

func NewLedgerView(ui *shell.Shell) *LedgerView {
	v := &LedgerView{ui: ui, actor: widget.NewEntry(), subject: widget.NewEntry(), count: widget.NewLabel(""),
		details: shell.WrapLabel(""), Result: shell.WrapLabel(i18n.T("verify.intro"))}
	v.Prog = shell.NewProgressPanel(ui, "verify")
	v.details.Selectable = true
	names := []string{i18n.T("filter.all")}
	for _, a := range LedgerActions {
		names = append(names, i18n.Lookup("group.", a))
	}
	v.action = shell.NewPicker(names, nil)
	v.action.SetSelected(i18n.T("filter.all"))
	v.actor.SetPlaceHolder(i18n.T("ledger.actor_hint"))
	v.subject.SetPlaceHolder(i18n.T("ledger.subject_hint"))
	v.subject.OnSubmitted = func(string) { v.Load(false) }
	show := widget.NewButton(i18n.T("filter.search"), func() { v.Load(false) })
	show.Importance = widget.HighImportance
	v.more = widget.NewButton(i18n.T("ledger.more"), func() { v.Load(true) })
	v.more.Hide()
	v.list = widget.NewList(func() int { return len(v.entries) }, func() fyne.CanvasObject {
		return widget.NewLabel("#000000  2025-01-01 00:00:00  user:xxxxxxxx  xxxxxxxxxxxxxxxx")
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(v.ui.EntryLine(v.entries[id]))
	})
	v.list.OnSelected = func(id widget.ListItemID) {
		e := v.entries[id]
		v.details.SetText(v.ui.EntryLine(e) + "\n" + string(e.Details))
	}
	filters := container.NewGridWithColumns(4, v.action, v.actor, v.subject, show)
	v.verifyBt = ui.ActionButton(i18n.T("verify.now"), store.ActVerify, v.Verify)
	v.verifyBt.Importance = widget.HighImportance
	verifyBox := container.NewVBox(shell.BoldLabel(i18n.T("verify.title")), v.verifyBt, v.Prog.Root, v.Result)
	left := container.NewBorder(container.NewVBox(filters, v.count), v.more, nil, nil, v.list)
	right := container.NewVScroll(container.NewVBox(verifyBox, widget.NewSeparator(), shell.BoldLabel(i18n.T("ledger.entry")), v.details))
	split := container.NewHSplit(left, right)
	split.Offset = 0.6
	v.Root = split
	v.Load(false)
	return v
}

// Load reads the newest entries matching the filters; with more, the page
// before those shown.
func (v *LedgerView) Load(more bool) {
	f := ledger.Filter{Newest: true, Limit: shell.PageSize, Actor: actorKey(v.actor.Text), Subject: strings.TrimSpace(v.subject.Text)}
	for _, a := range LedgerActions {
		if i18n.Lookup("group.", a) == v.action.Selected {
			f.ActionPrefix = a
		}
	}
	if more && len(v.entries) > 0 {
		f.BeforeSeq = v.entries[len(v.entries)-1].Seq
	}
	var got []ledger.Entry
	v.ui.Background(func(ctx context.Context) error {
		var err error
		got, err = records.Ledger(ctx, v.ui.SessFor(ctx), f)
		return err
	}, func(err error) {
		if err != nil {
			v.count.SetText(i18n.ErrorText(err))
			return
		}
		if more {
			v.entries = append(v.entries, got...)
		} else {
			v.entries = got
			v.list.UnselectAll()
		}
		v.more.Hidden = len(got) < shell.PageSize
		v.more.Refresh()
		v.count.SetText(i18n.T("ledger.count", i18n.M{"N": len(v.entries)}))
		v.list.Refresh()
	})
}

// Verify recomputes the ledger and every archived file's hashes, showing
// progress, then says in plain words whether all is intact.
func (v *LedgerView) Verify() {
	v.verifyBt.Disable()
	v.Running = true
	v.Result.SetText(i18n.T("verify.running"))
	v.Result.Importance = widget.MediumImportance
	v.Result.Refresh()
	var rep safekeeping.VerifyReport
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		rep, err = safekeeping.Verify(ctx, v.ui.SessFor(ctx), func(p safekeeping.VerifyProgress) {
			v.Prog.Report(shell.Fraction(p.Done, p.Total), i18n.T("verify.phase_"+p.Phase, i18n.M{"Done": p.Done, "Total": p.Total}))
		})
		return err
	}, func(err error) {
		v.Running = false
		v.verifyBt.Enable()
		v.Prog.Root.Hide()
		if errors.Is(err, safekeeping.ErrVerifyCancelled) {
			v.Result.SetText(i18n.T("progress.verify_cancelled"))
			v.Result.Importance = widget.WarningImportance
			v.Result.Refresh()
			v.Load(false)
			return
		}
		if err != nil {
			v.Result.SetText(i18n.ErrorText(err))
			return
		}
		v.Result.SetText(VerifyText(rep))
		v.Result.Importance = widget.SuccessImportance
		if !rep.OK {
			v.Result.Importance = widget.DangerImportance
		}
		v.Result.Refresh()
		v.Load(false)
	})
}

// VerifyText says a verification's result for a non-expert.
func VerifyText(rep safekeeping.VerifyReport) string {
	if rep.OK {
		return i18n.T("verify.ok", i18n.M{"Entries": rep.Entries, "Files": rep.Files})
	}
	var b strings.Builder
	b.WriteString(i18n.T("verify.bad", i18n.M{"N": len(rep.Problems), "Entries": rep.Entries, "Files": rep.Files}))
	for i, p := range rep.Problems {
		if i == 20 {
			b.WriteString("\n" + i18n.T("verify.more", i18n.M{"N": len(rep.Problems) - 20}))
			break
		}
		b.WriteString("\n• " + i18n.T("verify.kind_"+p.Kind, i18n.M{"Ref": p.Ref, "What": p.What}))
	}
	b.WriteString("\n" + i18n.T("verify.what_next"))
	return b.String()
}

// actorKey is the ledger's actor for what a person types: a login name
// becomes user:login; the workstation's own actors stay as they are.
func actorKey(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "", strings.Contains(s, ":"), s == "workstation", s == "dock", s == "setup":
		return s
	}
	return "user:" + s
}

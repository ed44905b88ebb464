package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// ledgerView is the 台账 screen: entries newest first with filters, read a
// page at a time, and "verify now" with a result a non-expert understands.
type ledgerView struct {
	ui       *Shell
	Root     fyne.CanvasObject
	action   *widget.Select
	actor    *widget.Entry
	subject  *widget.Entry
	list     *widget.List
	count    *widget.Label
	more     *widget.Button
	entries  []ledger.Entry
	details  *widget.Label
	Prog     *progressPanel
	Result   *widget.Label
	verifyBt *reasonButton
	Running  bool
}

// ledgerActions are the action prefixes one can filter by.
var ledgerActions = []string{"import", "recording", "gap", "device", "officer", "login", "user", "request", "view", "verify", "refused", "settings"}

func newLedgerView(ui *Shell) *ledgerView {
	v := &ledgerView{ui: ui, actor: widget.NewEntry(), subject: widget.NewEntry(), count: widget.NewLabel(""),
		details: wrapLabel(""), Result: wrapLabel(T("verify.intro"))}
	v.Prog = newProgressPanel(ui, "verify")
	v.details.Selectable = true
	names := []string{T("filter.all")}
	for _, a := range ledgerActions {
		names = append(names, lookup("group.", a))
	}
	v.action = newPicker(names, nil)
	v.action.SetSelected(T("filter.all"))
	v.actor.SetPlaceHolder(T("ledger.actor_hint"))
	v.subject.SetPlaceHolder(T("ledger.subject_hint"))
	v.subject.OnSubmitted = func(string) { v.Load(false) }
	show := widget.NewButton(T("filter.search"), func() { v.Load(false) })
	show.Importance = widget.HighImportance
	v.more = widget.NewButton(T("ledger.more"), func() { v.Load(true) })
	v.more.Hide()
	v.list = widget.NewList(func() int { return len(v.entries) }, func() fyne.CanvasObject {
		return widget.NewLabel("#000000  2025-01-01 00:00:00  user:xxxxxxxx  xxxxxxxxxxxxxxxx")
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(v.ui.entryLine(v.entries[id]))
	})
	v.list.OnSelected = func(id widget.ListItemID) {
		e := v.entries[id]
		v.details.SetText(v.ui.entryLine(e) + "\n" + string(e.Details))
	}
	filters := container.NewGridWithColumns(4, v.action, v.actor, v.subject, show)
	v.verifyBt = ui.actionButton(T("verify.now"), store.ActVerify, v.Verify)
	v.verifyBt.Importance = widget.HighImportance
	verifyBox := container.NewVBox(boldLabel(T("verify.title")), v.verifyBt, v.Prog.Root, v.Result)
	left := container.NewBorder(container.NewVBox(filters, v.count), v.more, nil, nil, v.list)
	right := container.NewVScroll(container.NewVBox(verifyBox, widget.NewSeparator(), boldLabel(T("ledger.entry")), v.details))
	split := container.NewHSplit(left, right)
	split.Offset = 0.6
	v.Root = split
	v.Load(false)
	return v
}

// Load reads the newest entries matching the filters; with more, the page
// before those shown.
func (v *ledgerView) Load(more bool) {
	f := ledger.Filter{Newest: true, Limit: PageSize, Actor: actorKey(v.actor.Text), Subject: strings.TrimSpace(v.subject.Text)}
	for _, a := range ledgerActions {
		if lookup("group.", a) == v.action.Selected {
			f.ActionPrefix = a
		}
	}
	if more && len(v.entries) > 0 {
		f.BeforeSeq = v.entries[len(v.entries)-1].Seq
	}
	var got []ledger.Entry
	v.ui.background(func(ctx context.Context) error {
		var err error
		got, err = records.Ledger(ctx, v.ui.sessFor(ctx), f)
		return err
	}, func(err error) {
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		if more {
			v.entries = append(v.entries, got...)
		} else {
			v.entries = got
			v.list.UnselectAll()
		}
		v.more.Hidden = len(got) < PageSize
		v.more.Refresh()
		v.count.SetText(T("ledger.count", M{"N": len(v.entries)}))
		v.list.Refresh()
	})
}

// Verify recomputes the ledger and every archived file's hashes, showing
// progress, then says in plain words whether all is intact.
func (v *ledgerView) Verify() {
	v.verifyBt.Disable()
	v.Running = true
	v.Result.SetText(T("verify.running"))
	v.Result.Importance = widget.MediumImportance
	v.Result.Refresh()
	var rep safekeeping.VerifyReport
	v.Prog.Start("", func(ctx context.Context) error {
		var err error
		rep, err = safekeeping.Verify(ctx, v.ui.sessFor(ctx), func(p safekeeping.VerifyProgress) {
			v.Prog.Report(fraction(p.Done, p.Total), T("verify.phase_"+p.Phase, M{"Done": p.Done, "Total": p.Total}))
		})
		return err
	}, func(err error) {
		v.Running = false
		v.verifyBt.Enable()
		v.Prog.Root.Hide()
		if errors.Is(err, safekeeping.ErrVerifyCancelled) {
			v.Result.SetText(T("progress.verify_cancelled"))
			v.Result.Importance = widget.WarningImportance
			v.Result.Refresh()
			v.Load(false)
			return
		}
		if err != nil {
			v.Result.SetText(ErrorText(err))
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
		return T("verify.ok", M{"Entries": rep.Entries, "Files": rep.Files})
	}
	var b strings.Builder
	b.WriteString(T("verify.bad", M{"N": len(rep.Problems), "Entries": rep.Entries, "Files": rep.Files}))
	for i, p := range rep.Problems {
		if i == 20 {
			b.WriteString("\n" + T("verify.more", M{"N": len(rep.Problems) - 20}))
			break
		}
		b.WriteString("\n• " + T("verify.kind_"+p.Kind, M{"Ref": p.Ref, "What": p.What}))
	}
	b.WriteString("\n" + T("verify.what_next"))
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

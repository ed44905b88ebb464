package app

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// showDetail shows a recording's hashes, identity, times, flags and, for
// those who may read the ledger, its ledger history.
func (v *libraryView) showDetail(r records.Recording) {
	field := func(label, value string) *widget.FormItem {
		l := widget.NewLabel(value)
		l.Selectable = true
		l.Wrapping = fyne.TextWrapBreak
		return widget.NewFormItem(label, l)
	}
	dur := "—"
	if r.DurationS > 0 {
		dur = i18n.Clock(i18n.Secs(r.DurationS))
	}
	late := i18n.T("detail.no")
	if r.Late {
		late = i18n.T("detail.yes")
		if r.LateReason != "" {
			late += i18n.T("detail.late_reason", i18n.M{"Reason": r.LateReason})
		}
	}
	form := widget.NewForm(
		field(i18n.T("detail.name"), r.OriginalName),
		field(i18n.T("detail.id"), r.ID),
		field(i18n.T("detail.sha256"), r.SHA256),
		field(i18n.T("detail.sm3"), r.SM3),
		field(i18n.T("detail.size"), i18n.Bytes(r.Size)),
		field(i18n.T("detail.device"), i18n.OrDash(r.DeviceID)),
		field(i18n.T("detail.officer"), v.ui.OfficerName(r.OfficerID)),
		field(i18n.T("detail.recorded"), i18n.WhenSec(r.RecordedAt)+"  ("+i18n.Lookup("source.", r.TimeSource)+")"),
		field(i18n.T("detail.time_check"), timeCheck(r)),
		field(i18n.T("detail.duration"), dur),
		field(i18n.T("detail.imported"), i18n.When(r.ImportedAt)),
		field(i18n.T("detail.category"), i18n.Category(r.Category)),
		field(i18n.T("detail.flags"), i18n.Flags(r.Flags)),
		field(i18n.T("detail.late"), late),
		field(i18n.T("detail.class"), i18n.Classification(r.Classification)),
		field(i18n.T("detail.source"), r.SourcePath),
	)
	history := container.NewVBox()
	v.detail.Objects = []fyne.CanvasObject{shell.BoldLabel(i18n.T("detail.title")), form, v.ui.recordingActions(r), // recordactions.go
		shell.BoldLabel(i18n.T("detail.history")), history}
	v.detail.Refresh()
	if !v.ui.May(store.ActLedgerRead) {
		history.Add(shell.WrapLabel(i18n.T("detail.no_ledger")))
		return
	}
	var entries []ledger.Entry
	v.ui.Background(func(ctx context.Context) error {
		var err error
		entries, err = records.Ledger(ctx, v.ui.SessFor(ctx), ledger.Filter{Subject: r.ID, Limit: 100})
		return err
	}, func(err error) {
		defer shell.Refreshed(history)
		if err != nil {
			history.Add(shell.WrapLabel(i18n.ErrorText(err)))
			return
		}
		for _, e := range entries {
			history.Add(shell.WrapLabel(v.ui.EntryLine(e)))
		}
		if len(entries) == 0 {
			history.Add(widget.NewLabel(i18n.T("ledger.none")))
		}
	})
}

// timeCheck says how the recording's time was checked: its name's time and
// its metadata's time, and whether they disagree.
func timeCheck(r records.Recording) string {
	switch {
	case slices.Contains(r.Flags, records.FlagTimeConflict):
		return i18n.TimeConflict(r.NameTime, r.MetadataTime)
	case !r.NameTime.IsZero() && !r.MetadataTime.IsZero():
		return i18n.T("detail.times_agree")
	}
	return i18n.T("detail.one_time")
}

package app

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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
		dur = Clock(secs(r.DurationS))
	}
	late := T("detail.no")
	if r.Late {
		late = T("detail.yes")
		if r.LateReason != "" {
			late += T("detail.late_reason", M{"Reason": r.LateReason})
		}
	}
	form := widget.NewForm(
		field(T("detail.name"), r.OriginalName),
		field(T("detail.id"), r.ID),
		field(T("detail.sha256"), r.SHA256),
		field(T("detail.sm3"), r.SM3),
		field(T("detail.size"), Bytes(r.Size)),
		field(T("detail.device"), orDash(r.DeviceID)),
		field(T("detail.officer"), v.ui.OfficerName(r.OfficerID)),
		field(T("detail.recorded"), WhenSec(r.RecordedAt)+"  ("+lookup("source.", r.TimeSource)+")"),
		field(T("detail.time_check"), timeCheck(r)),
		field(T("detail.duration"), dur),
		field(T("detail.imported"), When(r.ImportedAt)),
		field(T("detail.category"), Category(r.Category)),
		field(T("detail.flags"), Flags(r.Flags)),
		field(T("detail.late"), late),
		field(T("detail.class"), Classification(r.Classification)),
		field(T("detail.source"), r.SourcePath),
	)
	history := container.NewVBox()
	v.detail.Objects = []fyne.CanvasObject{boldLabel(T("detail.title")), form, v.ui.recordingActions(r), // recordactions.go
		boldLabel(T("detail.history")), history}
	v.detail.Refresh()
	if !v.ui.may(store.ActLedgerRead) {
		history.Add(wrapLabel(T("detail.no_ledger")))
		return
	}
	var entries []ledger.Entry
	v.ui.background(func(ctx context.Context) error {
		var err error
		entries, err = records.Ledger(ctx, v.ui.sessFor(ctx), ledger.Filter{Subject: r.ID, Limit: 100})
		return err
	}, func(err error) {
		defer refreshed(history)
		if err != nil {
			history.Add(wrapLabel(ErrorText(err)))
			return
		}
		for _, e := range entries {
			history.Add(wrapLabel(v.ui.entryLine(e)))
		}
		if len(entries) == 0 {
			history.Add(widget.NewLabel(T("ledger.none")))
		}
	})
}

// timeCheck says how the recording's time was checked: its name's time and
// its metadata's time, and whether they disagree.
func timeCheck(r records.Recording) string {
	switch {
	case slices.Contains(r.Flags, records.FlagTimeConflict):
		return TimeConflict(r.NameTime, r.MetadataTime)
	case !r.NameTime.IsZero() && !r.MetadataTime.IsZero():
		return T("detail.times_agree")
	}
	return T("detail.one_time")
}

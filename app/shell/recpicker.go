package shell

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/records"
)

// RecordingPicker is the dialog that picks recordings by pointing at them
// instead of typing their numbers: the recordings the user may see in a
// table with the library's search and filters; tapping a row ticks it.
type RecordingPicker struct {
	ui     *Shell
	Table  *DataTable[records.Recording]
	ticked map[string]bool
	order  []string // ticked, in the order they were ticked
	count  *widget.Label
	dialog *dialog.ConfirmDialog
}

// PickRecordings opens the picker titled title; done gets the ticked
// recordings' ids when the user confirms.
func (ui *Shell) PickRecordings(title string, done func(ids []string)) *RecordingPicker {
	p := &RecordingPicker{ui: ui, ticked: map[string]bool{}, count: widget.NewLabel(i18n.T("tables.ticked_n", i18n.M{"N": 0}))}
	cols := append([]Column[records.Recording]{
		Col("tables.col_ticked", 50, func(r records.Recording) string {
			if p.ticked[r.ID] {
				return "√"
			}
			return ""
		}),
	}, RecordingColumns(ui)...)
	cols = append(cols, Col("rec.col_category", 120, func(r records.Recording) string { return i18n.Category(r.Category) }))
	p.Table = NewDataTable(ui, cols, 1, true, Filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})
	p.Table.OnSelect = func(r records.Recording) {
		p.Toggle(r.ID)
		p.Table.Unselect()
	}
	content := container.NewBorder(container.NewVBox(WrapLabel(i18n.T("tables.pick_intro")), p.count), nil, nil, nil, p.Table.Root)
	p.dialog = dialog.NewCustomConfirm(title, i18n.T("tables.pick_ok"), i18n.T("confirm.no"), content, func(ok bool) {
		if ok && len(p.order) > 0 {
			done(p.Picked())
		}
	}, ui.Win)
	p.dialog.Resize(fyne.NewSize(900, 600))
	p.dialog.Show()
	var rows []records.Recording
	ui.Background(func(ctx context.Context) error {
		var err error
		rows, err = records.Recordings(ctx, ui.SessFor(ctx), records.RecordingFilter{Limit: LibraryLimit})
		return err
	}, func(err error) {
		if err != nil {
			p.count.SetText(i18n.ErrorText(err))
			return
		}
		p.Table.Set(rows)
	})
	return p
}

// Toggle ticks the recording id, or takes its tick away.
func (p *RecordingPicker) Toggle(id string) {
	if p.ticked[id] {
		delete(p.ticked, id)
		p.order = slices.DeleteFunc(p.order, func(x string) bool { return x == id })
	} else {
		p.ticked[id] = true
		p.order = append(p.order, id)
	}
	p.count.SetText(i18n.T("tables.ticked_n", i18n.M{"N": len(p.order)}))
	p.Table.Table.Refresh()
}

// Picked are the ticked recordings' ids, in the order they were ticked.
func (p *RecordingPicker) Picked() []string { return slices.Clone(p.order) }

// Confirm closes the picker as its confirm button does.
func (p *RecordingPicker) Confirm() { p.dialog.Confirm() }

package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/records"
)

// recordingPicker is the dialog that picks recordings by pointing at them
// instead of typing their numbers: the recordings the user may see in a
// table with the library's search and filters; tapping a row ticks it.
type recordingPicker struct {
	ui     *Shell
	Table  *dataTable[records.Recording]
	ticked map[string]bool
	order  []string // ticked, in the order they were ticked
	count  *widget.Label
	dialog *dialog.ConfirmDialog
}

// pickRecordings opens the picker titled title; done gets the ticked
// recordings' ids when the user confirms.
func (ui *Shell) pickRecordings(title string, done func(ids []string)) *recordingPicker {
	p := &recordingPicker{ui: ui, ticked: map[string]bool{}, count: widget.NewLabel(T("tables.ticked_n", M{"N": 0}))}
	cols := append([]column[records.Recording]{
		col("tables.col_ticked", 50, func(r records.Recording) string {
			if p.ticked[r.ID] {
				return "√"
			}
			return ""
		}),
	}, recordingColumns(ui)...)
	cols = append(cols, col("rec.col_category", 120, func(r records.Recording) string { return Category(r.Category) }))
	p.Table = newDataTable(ui, cols, 1, true, filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})
	p.Table.OnSelect = func(r records.Recording) {
		p.Toggle(r.ID)
		p.Table.Unselect()
	}
	content := container.NewBorder(container.NewVBox(wrapLabel(T("tables.pick_intro")), p.count), nil, nil, nil, p.Table.Root)
	p.dialog = dialog.NewCustomConfirm(title, T("tables.pick_ok"), T("confirm.no"), content, func(ok bool) {
		if ok && len(p.order) > 0 {
			done(p.Picked())
		}
	}, ui.Win)
	p.dialog.Resize(fyne.NewSize(900, 600))
	p.dialog.Show()
	var rows []records.Recording
	ui.background(func(ctx context.Context) error {
		var err error
		rows, err = records.Recordings(ctx, ui.sessFor(ctx), records.RecordingFilter{Limit: LibraryLimit})
		return err
	}, func(err error) {
		if err != nil {
			p.count.SetText(ErrorText(err))
			return
		}
		p.Table.Set(rows)
	})
	return p
}

// Toggle ticks the recording id, or takes its tick away.
func (p *recordingPicker) Toggle(id string) {
	if p.ticked[id] {
		delete(p.ticked, id)
		p.order = slices.DeleteFunc(p.order, func(x string) bool { return x == id })
	} else {
		p.ticked[id] = true
		p.order = append(p.order, id)
	}
	p.count.SetText(T("tables.ticked_n", M{"N": len(p.order)}))
	p.Table.Table.Refresh()
}

// Picked are the ticked recordings' ids, in the order they were ticked.
func (p *recordingPicker) Picked() []string { return slices.Clone(p.order) }

// Confirm closes the picker as its confirm button does.
func (p *recordingPicker) Confirm() { p.dialog.Confirm() }

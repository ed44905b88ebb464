package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/records"
)

// libraryView is 记录 → 检索: the recordings in a table (time, file,
// recorder, officer, activity type, flags), the selected one's details and
// what may be done with it.
type libraryView struct {
	ui       *UI
	Root     fyne.CanvasObject
	table    *dataTable[records.Recording]
	category *widget.Select
	flag     *widget.Select
	msg      *widget.Label
	detail   *fyne.Container
	total    int
	loadNo   int
}

func newLibraryView(ui *UI) *libraryView {
	v := &libraryView{ui: ui, msg: widget.NewLabel("")}
	v.table = newDataTable(ui.Shell, []column[records.Recording]{
		col[records.Recording]("rec.col_time", 150, func(r records.Recording) string { return When(r.RecordedAt) }).
			By(func(a, b records.Recording) int { return a.RecordedAt.Compare(b.RecordedAt) }),
		col[records.Recording]("rec.col_file", 230, func(r records.Recording) string { return r.OriginalName }),
		col[records.Recording]("rec.col_device", 90, func(r records.Recording) string { return orDash(r.DeviceID) }),
		col[records.Recording]("rec.col_officer", 130, func(r records.Recording) string { return ui.OfficerName(r.OfficerID) }),
		col[records.Recording]("rec.col_category", 140, func(r records.Recording) string { return Category(r.Category) }),
		col[records.Recording]("rec.col_flags", 200, func(r records.Recording) string {
			if len(r.Flags) == 0 {
				return ""
			}
			return "⚠ " + Flags(r.Flags)
		}),
		col[records.Recording]("rec.col_size", 80, func(r records.Recording) string { return Bytes(r.Size) }).
			By(func(a, b records.Recording) int { return int(a.Size - b.Size) }),
	}, 0, true, filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})
	v.category = ui.newSelect(append([]string{T("filter.all_categories"), T("category.none")}, categoryNames()...), func(string) { v.Search() })
	v.category.PlaceHolder = T("filter.all_categories")
	v.flag = ui.newSelect(append([]string{T("filter.all_flags")}, flagNames()...), func(string) { v.Search() })
	v.flag.PlaceHolder = T("filter.all_flags")
	v.detail = container.NewVBox(wrapLabel(T("detail.none")))
	v.table.OnSelect = v.showDetail
	v.table.OnUnselect = func() {
		v.detail.Objects = []fyne.CanvasObject{wrapLabel(T("detail.none"))}
		v.detail.Refresh()
	}
	reload := widget.NewButton(T("filter.search"), v.Search)
	top := container.NewBorder(nil, nil, nil, reload, container.NewGridWithColumns(2, narrow(v.category, 90), narrow(v.flag, 90)))
	left := container.NewBorder(container.NewVBox(top, v.msg), nil, nil, nil, v.table.Root)
	// Long English category names and a recording's details wrap or
	// truncate rather than widen the window past a 1024 px screen.
	v.Root = split(left, container.NewScroll(v.detail), 0.62)
	v.Search()
	return v
}

// Filter is the server-side part of the search: activity type and flag.
func (v *libraryView) Filter() records.RecordingFilter {
	f := records.RecordingFilter{Limit: LibraryLimit}
	switch s := v.category.Selected; s {
	case "", T("filter.all_categories"):
	case T("category.none"):
		f.Category = "none"
	default:
		f.Category = categoryKey(s)
	}
	for _, k := range searchFlags {
		if Flag(k) == v.flag.Selected {
			f.Flag = k
		}
	}
	return f
}

// Search reads the newest matching recordings (a ledger entry: a lookup).
func (v *libraryView) Search() {
	f := v.Filter()
	v.loadNo++
	no := v.loadNo
	v.msg.SetText(T("filter.searching"))
	var total int
	var rows []records.Recording
	v.ui.background(func(ctx context.Context) error {
		var err error
		if total, err = records.CountRecordings(ctx, v.ui.sessFor(ctx), f); err != nil {
			return err
		}
		rows, err = records.Recordings(ctx, v.ui.sessFor(ctx), f)
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.msg.SetText(ErrorText(err))
			return
		}
		v.total = total
		v.table.Set(rows)
		v.msg.SetText("")
		if total > len(rows) {
			v.msg.SetText(T("filter.more_than", M{"N": len(rows), "Total": total}))
		}
	})
}

// Total is how many recordings match the last search.
func (v *libraryView) Total() int { return v.total }

// searchFlags are the flags one can search by.
var searchFlags = []string{records.FlagLate, records.FlagUnexplainedGap, records.FlagClockOffset, records.FlagUnregisteredDevice,
	records.FlagOfficerMismatch, records.FlagOverlap, records.FlagBackwards, records.FlagMetadataUnreadable, records.FlagEmpty,
	records.FlagTimeConflict}

func flagNames() []string {
	out := make([]string, len(searchFlags))
	for i, f := range searchFlags {
		out[i] = Flag(f)
	}
	return out
}

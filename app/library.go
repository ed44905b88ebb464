package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/records"
)

// libraryView is 记录 → 检索: the recordings in a table (time, file,
// recorder, officer, activity type, flags), the selected one's details and
// what may be done with it.
type libraryView struct {
	ui       *UI
	Root     fyne.CanvasObject
	table    *shell.DataTable[records.Recording]
	category *widget.Select
	flag     *widget.Select
	msg      *widget.Label
	detail   *fyne.Container
	total    int
	loadNo   int
}

func newLibraryView(ui *UI) *libraryView {
	v := &libraryView{ui: ui, msg: widget.NewLabel("")}
	v.table = shell.NewDataTable(ui.Shell, []shell.Column[records.Recording]{
		shell.Col[records.Recording]("rec.col_time", 150, func(r records.Recording) string { return i18n.When(r.RecordedAt) }).
			By(func(a, b records.Recording) int { return a.RecordedAt.Compare(b.RecordedAt) }),
		shell.Col[records.Recording]("rec.col_file", 230, func(r records.Recording) string { return r.OriginalName }),
		shell.Col[records.Recording]("rec.col_device", 90, func(r records.Recording) string { return i18n.OrDash(r.DeviceID) }),
		shell.Col[records.Recording]("rec.col_officer", 130, func(r records.Recording) string { return ui.OfficerName(r.OfficerID) }),
		shell.Col[records.Recording]("rec.col_category", 140, func(r records.Recording) string { return i18n.Category(r.Category) }),
		shell.Col[records.Recording]("rec.col_flags", 200, func(r records.Recording) string {
			if len(r.Flags) == 0 {
				return ""
			}
			return "⚠ " + i18n.Flags(r.Flags)
		}),
		shell.Col[records.Recording]("rec.col_size", 80, func(r records.Recording) string { return i18n.Bytes(r.Size) }).
			By(func(a, b records.Recording) int { return int(a.Size - b.Size) }),
	}, 0, true, shell.Filters[records.Recording]{
		Day:     func(r records.Recording) time.Time { return r.RecordedAt },
		Officer: func(r records.Recording) string { return r.OfficerID },
		Device:  func(r records.Recording) string { return r.DeviceID },
	})
	v.category = ui.NewSelect(append([]string{i18n.T("filter.all_categories"), i18n.T("category.none")}, i18n.CategoryNames()...), func(string) { v.Search() })
	v.category.PlaceHolder = i18n.T("filter.all_categories")
	v.flag = ui.NewSelect(append([]string{i18n.T("filter.all_flags")}, flagNames()...), func(string) { v.Search() })
	v.flag.PlaceHolder = i18n.T("filter.all_flags")
	v.detail = container.NewVBox(shell.WrapLabel(i18n.T("detail.none")))
	v.table.OnSelect = v.showDetail
	v.table.OnUnselect = func() {
		v.detail.Objects = []fyne.CanvasObject{shell.WrapLabel(i18n.T("detail.none"))}
		v.detail.Refresh()
	}
	reload := widget.NewButton(i18n.T("filter.search"), v.Search)
	top := container.NewBorder(nil, nil, nil, reload, container.NewGridWithColumns(2, shell.Narrow(v.category, 90), shell.Narrow(v.flag, 90)))
	left := container.NewBorder(container.NewVBox(top, v.msg), nil, nil, nil, v.table.Root)
	// Long English category names and a recording's details wrap or
	// truncate rather than widen the window past a 1024 px screen.
	v.Root = shell.Split(left, container.NewScroll(v.detail), 0.62)
	v.Search()
	return v
}

// Filter is the server-side part of the search: activity type and flag.
func (v *libraryView) Filter() records.RecordingFilter {
	f := records.RecordingFilter{Limit: shell.LibraryLimit}
	switch s := v.category.Selected; s {
	case "", i18n.T("filter.all_categories"):
	case i18n.T("category.none"):
		f.Category = "none"
	default:
		f.Category = i18n.CategoryKey(s)
	}
	for _, k := range searchFlags {
		if i18n.Flag(k) == v.flag.Selected {
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
	v.msg.SetText(i18n.T("filter.searching"))
	var total int
	var rows []records.Recording
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if total, err = records.CountRecordings(ctx, v.ui.SessFor(ctx), f); err != nil {
			return err
		}
		rows, err = records.Recordings(ctx, v.ui.SessFor(ctx), f)
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
			return
		}
		v.total = total
		v.table.Set(rows)
		v.msg.SetText("")
		if total > len(rows) {
			v.msg.SetText(i18n.T("filter.more_than", i18n.M{"N": len(rows), "Total": total}))
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
		out[i] = i18n.Flag(f)
	}
	return out
}

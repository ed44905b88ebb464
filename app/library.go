package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// PageSize is how many recordings one query reads; the list asks for the
// pages it shows, so it stays fast with 100,000 recordings.
const PageSize = 200

// libraryView is the 记录库 search: filters, a virtualised list read page
// by page, and the selected recording's details.
type libraryView struct {
	ui       *UI
	root     fyne.CanvasObject
	officer  *widget.Select
	device   *widget.Select
	from, to *widget.Entry
	category *widget.Select
	flag     *widget.Select
	text     *widget.Entry
	count    *widget.Label
	list     *widget.List
	detail   *fyne.Container

	filter   store.RecordingFilter
	total    int
	pages    map[int][]store.Recording
	loading  map[int]bool
	searchNo int // drops pages of an older search
}

func newLibraryView(ui *UI) *libraryView {
	v := &libraryView{ui: ui, pages: map[int][]store.Recording{}, loading: map[int]bool{}}
	v.officer = widget.NewSelect([]string{T("filter.all")}, nil)
	v.device = widget.NewSelect([]string{T("filter.all")}, nil)
	v.officer.SetSelected(T("filter.all"))
	v.device.SetSelected(T("filter.all"))
	v.from, v.to = widget.NewEntry(), widget.NewEntry()
	v.from.SetPlaceHolder(T("filter.from_hint"))
	v.to.SetPlaceHolder(T("filter.to_hint"))
	v.category = widget.NewSelect(append([]string{T("filter.all"), T("category.none")}, categoryNames()...), nil)
	v.category.SetSelected(T("filter.all"))
	v.flag = widget.NewSelect(append([]string{T("filter.all")}, flagNames()...), nil)
	v.flag.SetSelected(T("filter.all"))
	v.text = widget.NewEntry()
	v.text.SetPlaceHolder(T("filter.text_hint"))
	v.text.OnSubmitted = func(string) { v.Search() }
	search := widget.NewButton(T("filter.search"), v.Search)
	search.Importance = widget.HighImportance
	v.count = widget.NewLabel("")
	filters := widget.NewForm(
		widget.NewFormItem(T("filter.officer"), v.officer), widget.NewFormItem(T("filter.device"), v.device),
		widget.NewFormItem(T("filter.from"), v.from), widget.NewFormItem(T("filter.to"), v.to),
		widget.NewFormItem(T("filter.category"), v.category), widget.NewFormItem(T("filter.flag"), v.flag),
		widget.NewFormItem(T("filter.text"), v.text))
	v.list = widget.NewList(func() int { return v.total }, func() fyne.CanvasObject {
		return widget.NewLabel("2025-01-01 00:00:00  XXXXXXXX_XXXXXX_20250101000000.mp4")
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(v.rowText(id))
	})
	v.list.OnSelected = func(id widget.ListItemID) {
		if r, ok := v.row(id); ok {
			v.showDetail(r)
		}
	}
	v.detail = container.NewVBox(widget.NewLabel(T("detail.none")))
	left := container.NewBorder(container.NewVBox(filters, container.NewHBox(search, v.count)), nil, nil, nil, v.list)
	split := container.NewHSplit(left, container.NewVScroll(v.detail))
	split.Offset = 0.5
	v.root = split
	v.loadChoices()
	return v
}

// loadChoices fills the officer and device lists.
func (v *libraryView) loadChoices() {
	var officers []store.Officer
	var devices []store.Device
	v.ui.background(func(ctx context.Context) error {
		var err error
		if officers, err = v.ui.sess.Officers(ctx); err != nil {
			return err
		}
		devices, err = v.ui.sess.Devices(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		os := []string{T("filter.all")}
		for _, o := range officers {
			os = append(os, o.Number+" "+o.Name)
		}
		ds := []string{T("filter.all")}
		for _, d := range devices {
			ds = append(ds, d.Serial)
		}
		v.officer.SetOptions(os)
		v.device.SetOptions(ds)
	})
}

// Filter is the filter the controls describe; ok is false with a message
// when a date cannot be read.
func (v *libraryView) Filter() (store.RecordingFilter, string) {
	var f store.RecordingFilter
	all := T("filter.all")
	if s := v.officer.Selected; s != "" && s != all {
		f.OfficerID = strings.Fields(s)[0]
	}
	if s := v.device.Selected; s != "" && s != all {
		f.DeviceID = s
	}
	var bad string
	if t, ok := parseDay(v.from.Text); ok {
		f.From = t
	} else {
		bad = T("filter.bad_date", M{"Text": v.from.Text})
	}
	if t, ok := parseDay(v.to.Text); ok {
		if !t.IsZero() {
			f.To = t.AddDate(0, 0, 1)
		}
	} else {
		bad = T("filter.bad_date", M{"Text": v.to.Text})
	}
	switch s := v.category.Selected; s {
	case "", all:
	case T("category.none"):
		f.Category = "none"
	default:
		f.Category = categoryKey(s)
	}
	if s := v.flag.Selected; s != "" && s != all {
		for _, k := range searchFlags {
			if Flag(k) == s {
				f.Flag = k
			}
		}
	}
	f.Text = strings.TrimSpace(v.text.Text)
	return f, bad
}

// Search counts the matches and reads the first page; it is a ledger entry
// (a lookup).
func (v *libraryView) Search() {
	f, bad := v.Filter()
	if bad != "" {
		v.count.SetText(bad)
		return
	}
	v.searchNo++
	no := v.searchNo
	v.count.SetText(T("filter.searching"))
	var total int
	var first []store.Recording
	v.ui.background(func(ctx context.Context) error {
		var err error
		if total, err = v.ui.sess.CountRecordings(ctx, f); err != nil {
			return err
		}
		p := f
		p.Limit = PageSize
		first, err = v.ui.sess.Recordings(ctx, p)
		return err
	}, func(err error) {
		if no != v.searchNo {
			return
		}
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		v.filter, v.total = f, total
		v.pages, v.loading = map[int][]store.Recording{0: first}, map[int]bool{}
		v.count.SetText(T("filter.count", M{"N": total}))
		v.list.UnselectAll()
		v.list.Refresh()
	})
}

// Total is how many recordings the last search found.
func (v *libraryView) Total() int { return v.total }

// row returns the id-th recording when its page is read; otherwise it asks
// for the page.
func (v *libraryView) row(id int) (store.Recording, bool) {
	page := id / PageSize
	rows, ok := v.pages[page]
	if !ok {
		v.loadPage(page)
		return store.Recording{}, false
	}
	if i := id % PageSize; i < len(rows) {
		return rows[i], true
	}
	return store.Recording{}, false
}

func (v *libraryView) rowText(id int) string {
	r, ok := v.row(id)
	if !ok {
		return "…"
	}
	s := When(r.RecordedAt) + "  " + r.OriginalName + "  " + r.DeviceID + "  " + Category(r.Category)
	if len(r.Flags) > 0 {
		s += "  ⚠ " + Flags(r.Flags)
	}
	return s
}

func (v *libraryView) loadPage(page int) {
	if v.loading[page] {
		return
	}
	v.loading[page] = true
	no := v.searchNo
	f := v.filter
	f.Limit, f.Offset = PageSize, page*PageSize
	var rows []store.Recording
	v.ui.background(func(ctx context.Context) error {
		var err error
		rows, err = v.ui.sess.Recordings(ctx, f)
		return err
	}, func(err error) {
		if no != v.searchNo {
			return
		}
		if err != nil {
			v.count.SetText(ErrorText(err))
			return
		}
		v.pages[page] = rows
		v.list.Refresh()
	})
}

// parseDay reads YYYY-MM-DD (local time); empty is zero and fine.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	return t, err == nil
}

// searchFlags are the flags one can search by.
var searchFlags = []string{store.FlagLate, store.FlagUnexplainedGap, store.FlagClockOffset, store.FlagUnregisteredDevice,
	store.FlagOfficerMismatch, store.FlagOverlap, store.FlagBackwards, store.FlagMetadataUnreadable, store.FlagEmpty}

func flagNames() []string {
	out := make([]string, len(searchFlags))
	for i, f := range searchFlags {
		out[i] = Flag(f)
	}
	return out
}

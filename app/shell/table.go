package shell

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"evidock/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Column is one column of a dataTable: its header, width and text; rows
// sort by less, or by the text (numbers by value) when less is nil.
type Column[R any] struct {
	title string
	width float32
	text  func(R) string
	less  func(a, b R) int
}

// Col makes a column titled by the translation key.
func Col[R any](key string, width float32, text func(R) string) Column[R] {
	return Column[R]{title: i18n.T(key), width: width, text: text}
}

// by gives a column its own order (times, sizes).
func (c Column[R]) By(less func(a, b R) int) Column[R] { c.less = less; return c }

// Filters are the optional filters over a table's rows: by date, officer
// and recorder; nil leaves the filter out.
type Filters[R any] struct {
	Day     func(R) time.Time
	Officer func(R) string // officer number
	Device  func(R) string // recorder serial
	Person  func(R) string // a user's login (requester, viewer), shown by name
}

// filterWidth is the width of the search box and of each filter.
const filterWidth = 120

// DataTable is every list of the window: a table with headers that sort
// when tapped, a search box over all columns, the filters its rows have,
// a count, and the selected row for the actions beside it.
type DataTable[R any] struct {
	ui      *Shell
	Cols    []Column[R]
	filter  Filters[R]
	All     []R
	rows    []R
	sortCol int
	desc    bool
	sel     int

	search          *widget.Entry
	Officer, Device *widget.Select
	Person          *widget.Select
	From, To        *widget.Entry
	count           *widget.Label
	Table           *widget.Table
	top             *fyne.Container
	Root            fyne.CanvasObject

	officers, devices map[string]string // choice → number or serial
	people            map[string]string // choice → login
	OnSelect          func(R)
	OnUnselect        func()
}

// NewDataTable makes a table of cols, sorted by column sortCol (desc for
// newest first), with the filters f.
func NewDataTable[R any](ui *Shell, cols []Column[R], sortCol int, desc bool, f Filters[R]) *DataTable[R] {
	d := &DataTable[R]{ui: ui, Cols: cols, filter: f, sortCol: sortCol, desc: desc, sel: -1, count: widget.NewLabel("")}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder(i18n.T("table.search"))
	d.search.OnChanged = func(string) { d.apply() }
	d.Table = widget.NewTableWithHeaders(func() (int, int) { return len(d.rows), len(d.Cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(d.rows) || id.Col >= len(d.Cols) {
				l.SetText("")
				return
			}
			l.TextStyle.Bold = id.Row == d.sel
			l.SetText(d.Cols[id.Col].text(d.rows[id.Row]))
		})
	d.Table.ShowHeaderColumn = false
	d.Table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	d.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 || id.Col >= len(d.Cols) {
			b.SetText("")
			return
		}
		t := d.Cols[id.Col].title
		if id.Col == d.sortCol {
			t += map[bool]string{false: " ▲", true: " ▼"}[d.desc]
		}
		c := id.Col
		b.OnTapped = func() { d.SortBy(c) }
		b.SetText(t)
	}
	for i, c := range cols {
		d.Table.SetColumnWidth(i, c.width)
	}
	d.Table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(d.rows) {
			return
		}
		d.sel = id.Row
		d.Table.Refresh() // the selected row is drawn in bold
		if d.OnSelect != nil {
			d.OnSelect(d.rows[id.Row])
		}
	}
	bar := []fyne.CanvasObject{}
	if f.Officer != nil {
		d.Officer = ui.NewSelect(nil, func(string) { d.apply() })
		d.Officer.PlaceHolder = i18n.T("table.all_officers")
		bar = append(bar, d.Officer)
	}
	if f.Device != nil {
		d.Device = ui.NewSelect(nil, func(string) { d.apply() })
		d.Device.PlaceHolder = i18n.T("table.all_devices")
		bar = append(bar, d.Device)
	}
	if f.Person != nil {
		d.Person = ui.NewSelect(nil, func(string) { d.apply() })
		d.Person.PlaceHolder = i18n.T("table.all_people")
		bar = append(bar, d.Person)
	}
	if f.Day != nil {
		d.From, d.To = widget.NewEntry(), widget.NewEntry()
		d.From.SetPlaceHolder(i18n.T("table.from"))
		d.To.SetPlaceHolder(i18n.T("table.to"))
		d.From.OnChanged = func(string) { d.apply() }
		d.To.OnChanged = func(string) { d.apply() }
		bar = append(bar, d.From, d.To)
	}
	// The search box and the filters wrap onto a second line in a narrow
	// pane rather than squeeze or widen it past the window.
	cell := fyne.NewSize(filterWidth, d.search.MinSize().Height)
	d.top = container.NewBorder(nil, nil, nil, d.count, container.NewGridWrap(cell, append([]fyne.CanvasObject{d.search}, bar...)...))
	d.Root = container.NewBorder(d.top, nil, nil, nil, d.Table)
	return d
}

// Set replaces the rows (keeping the filters, the order and, when it is
// still there, nothing selected: the actions follow the new rows).
func (d *DataTable[R]) Set(rows []R) {
	d.All = rows
	d.fillChoices()
	d.apply()
}

// fillChoices offers the officers and recorders the rows name.
func (d *DataTable[R]) fillChoices() {
	if d.Officer != nil {
		d.officers = map[string]string{}
		names := []string{i18n.T("table.all_officers")}
		seen := map[string]bool{}
		for _, r := range d.All {
			if n := d.filter.Officer(r); n != "" && !seen[n] {
				seen[n] = true
				name := d.ui.OfficerName(n)
				d.officers[name] = n
				names = append(names, name)
			}
		}
		slices.Sort(names[1:])
		d.Officer.SetOptions(names)
	}
	if d.Device != nil {
		d.devices = map[string]string{}
		names := []string{i18n.T("table.all_devices")}
		for _, r := range d.All {
			if s := d.filter.Device(r); s != "" && d.devices[s] == "" {
				d.devices[s] = s
				names = append(names, s)
			}
		}
		slices.Sort(names[1:])
		d.Device.SetOptions(names)
	}
	if d.Person != nil {
		d.people = map[string]string{}
		names := []string{i18n.T("table.all_people")}
		seen := map[string]bool{}
		for _, r := range d.All {
			if l := d.filter.Person(r); l != "" && !seen[l] {
				seen[l] = true
				name := d.ui.PersonName(l)
				d.people[name] = l
				names = append(names, name)
			}
		}
		slices.Sort(names[1:])
		d.Person.SetOptions(names)
	}
}

// apply filters, searches and sorts the rows, and clears the selection.
func (d *DataTable[R]) apply() {
	q := strings.ToLower(strings.TrimSpace(d.search.Text))
	var officer, device, person string
	if d.Person != nil {
		person = d.people[d.Person.Selected]
	}
	if d.Officer != nil {
		officer = d.officers[d.Officer.Selected]
	}
	if d.Device != nil {
		device = d.devices[d.Device.Selected]
	}
	var from, to time.Time
	if d.From != nil {
		from, _ = ParseDay(d.From.Text)
		if t, ok := ParseDay(d.To.Text); ok && !t.IsZero() {
			to = t.AddDate(0, 0, 1)
		}
	}
	d.rows = d.rows[:0:0]
	for _, r := range d.All {
		if officer != "" && d.filter.Officer(r) != officer || device != "" && d.filter.Device(r) != device ||
			person != "" && d.filter.Person(r) != person {
			continue
		}
		if !from.IsZero() || !to.IsZero() {
			t := d.filter.Day(r)
			if t.IsZero() || !from.IsZero() && t.Before(from) || !to.IsZero() && !t.Before(to) {
				continue
			}
		}
		if q != "" && !d.matches(r, q) {
			continue
		}
		d.rows = append(d.rows, r)
	}
	d.sort()
	d.sel = -1
	d.Table.UnselectAll()
	if d.OnUnselect != nil {
		d.OnUnselect()
	}
	if len(d.rows) == len(d.All) {
		d.count.SetText(i18n.T("table.count", i18n.M{"N": len(d.All)}))
	} else {
		d.count.SetText(i18n.T("table.count_of", i18n.M{"N": len(d.rows), "Of": len(d.All)}))
	}
	d.Table.Refresh()
}

func (d *DataTable[R]) matches(r R, q string) bool {
	for _, c := range d.Cols {
		if strings.Contains(strings.ToLower(c.text(r)), q) {
			return true
		}
	}
	return false
}

func (d *DataTable[R]) sort() {
	if d.sortCol < 0 || d.sortCol >= len(d.Cols) {
		return
	}
	c := d.Cols[d.sortCol]
	less := c.less
	if less == nil {
		less = func(a, b R) int { return CompareText(c.text(a), c.text(b)) }
	}
	slices.SortStableFunc(d.rows, func(a, b R) int {
		if d.desc {
			return less(b, a)
		}
		return less(a, b)
	})
}

// CompareText orders numbers by value, other text as text.
func CompareText(a, b string) int {
	x, errA := strconv.ParseFloat(strings.TrimSpace(a), 64)
	y, errB := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}

// SortBy sorts by column i; tapping the sorted column again reverses it.
func (d *DataTable[R]) SortBy(i int) {
	if i == d.sortCol {
		d.desc = !d.desc
	} else {
		d.sortCol, d.desc = i, false
	}
	d.apply()
}

// Rows are the rows shown, in order.
func (d *DataTable[R]) Rows() []R { return d.rows }

// Select selects the i-th row shown.
func (d *DataTable[R]) Select(i int) { d.Table.Select(widget.TableCellID{Row: i, Col: 0}) }

// Selected is the selected row.
func (d *DataTable[R]) Selected() (R, bool) {
	if d.sel < 0 || d.sel >= len(d.rows) {
		var zero R
		return zero, false
	}
	return d.rows[d.sel], true
}

// Search shows the rows any of whose columns contains s.
func (d *DataTable[R]) Search(s string) { d.search.SetText(s) }

// SelectWhere selects the first row shown that is, and says whether one was.
func (d *DataTable[R]) SelectWhere(is func(R) bool) bool {
	for i, r := range d.rows {
		if is(r) {
			d.Select(i)
			return true
		}
	}
	return false
}

// Unselect drops the selection, keeping the rows as they are.
func (d *DataTable[R]) Unselect() {
	d.sel = -1
	d.Table.UnselectAll()
	if d.OnUnselect != nil {
		d.OnUnselect()
	}
	d.Table.Refresh()
}

// Len is how many rows are shown.
func (d *DataTable[R]) Len() int { return len(d.rows) }

// Titles are the columns' headers.
func (d *DataTable[R]) Titles() []string {
	out := make([]string, len(d.Cols))
	for i, c := range d.Cols {
		out[i] = c.title
	}
	return out
}

// Cell is the text of row i, column c as shown.
func (d *DataTable[R]) Cell(i, c int) string { return d.Cols[c].text(d.rows[i]) }

// Redraw draws the rows again (their text changed, not the rows).
func (d *DataTable[R]) Redraw() { d.Table.Refresh() }

// Header is the header of column c as the table draws it.
func (d *DataTable[R]) Header(c int) *widget.Button {
	b := d.Table.CreateHeader().(*widget.Button)
	d.Table.UpdateHeader(widget.TableCellID{Row: -1, Col: c}, b)
	return b
}

// SortedBy says whether the rows are in column c's order.
func (d *DataTable[R]) SortedBy(c int, desc bool) bool {
	less := d.Cols[c].less
	if less == nil {
		less = func(a, b R) int { return CompareText(d.Cols[c].text(a), d.Cols[c].text(b)) }
	}
	for i := 1; i < len(d.rows); i++ {
		n := less(d.rows[i-1], d.rows[i])
		if desc && n < 0 || !desc && n > 0 {
			return false
		}
	}
	return true
}

// FilterBar is the table's filters, nil where it has none.
func (d *DataTable[R]) FilterBar() (officer, device, person *widget.Select, from *widget.Entry) {
	return d.Officer, d.Device, d.Person, d.From
}

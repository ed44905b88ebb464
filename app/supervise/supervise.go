package supervise

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/maintain"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/report"
)

// SuperviseView is the 督查 overview: open items at a glance, each
// officer's compliance in a period with drill-down, a daily chart, and the
// period report exported as XLSX, PDF or CSV.
type SuperviseView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	From, to *widget.Entry
	Msg      *widget.Label
	counts   map[string]*widget.Label
	Table    *widget.Table
	Chart    *shell.OfficerChart
	Items    []followups.OpenItem
	ItemList *shell.DataTable[followups.OpenItem]
	itemHead *widget.Label
	format   *widget.Select

	Dash followups.Dashboard
}

// OfficerColumns are the per-officer table's columns.
var OfficerColumns = []string{"sv.col_officer", "sv.col_name", "sv.col_recordings", "sv.col_on_time",
	"sv.col_explained", "sv.col_categorised", "sv.col_overdue", "sv.col_not_recorded"}

func NewSuperviseView(ui *shell.Shell) *SuperviseView {
	v := &SuperviseView{ui: ui, From: widget.NewEntry(), to: widget.NewEntry(), Msg: shell.WrapLabel(""),
		counts: map[string]*widget.Label{}, itemHead: shell.BoldLabel(i18n.T("sv.items_pick"))}
	now := time.Now()
	v.From.SetText(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local).Format(time.DateOnly))
	v.to.SetText(now.Format(time.DateOnly))
	v.From.SetPlaceHolder(i18n.T("filter.from_hint"))
	v.to.SetPlaceHolder(i18n.T("filter.to_hint"))
	show := widget.NewButton(i18n.T("sv.show"), v.Load)
	show.Importance = widget.HighImportance
	v.format = shell.NewPicker([]string{"XLSX", "PDF", "CSV"}, nil)
	v.format.SetSelected("XLSX")
	export := widget.NewButton(i18n.T("sv.export"), v.exportDialog)
	period := container.NewHBox(widget.NewLabel(i18n.T("sv.period")), sized(v.From, 130), widget.NewLabel("—"), sized(v.to, 130),
		show, shell.Spacer(), widget.NewLabel(i18n.T("sv.format")), v.format, export)

	// Open items at a glance: a count and a "show" button per kind.
	glance := container.NewGridWithColumns(5)
	for _, k := range followups.ItemKinds {
		kind := k
		n := widget.NewLabelWithStyle("…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.counts[kind] = n
		bt := widget.NewButton(i18n.T("sv.show_items"), func() { v.Drill(followups.OpenItemFilter{Kind: kind}, ItemKind(kind)) })
		name := widget.NewLabel(ItemKind(kind))
		name.Truncation = fyne.TextTruncateEllipsis // one line each: the overview fits 768 px
		glance.Add(container.NewBorder(nil, nil, n, bt, name))
	}

	v.Table = widget.NewTableWithHeaders(func() (int, int) { return len(v.Dash.Officers), len(OfficerColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("00000000") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.Cell(id)) })
	v.Table.ShowHeaderColumn = false
	v.Table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(i18n.T(OfficerColumns[id.Col]))
		}
	}
	for i, w := range []float32{90, 90, 80, 110, 110, 110, 90, 90} {
		v.Table.SetColumnWidth(i, w)
	}
	v.Table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.Dash.Officers) {
			o := v.Dash.Officers[id.Row]
			v.Drill(followups.OpenItemFilter{Officer: o.Officer, From: v.Dash.Period.From, To: v.Dash.Period.To},
				i18n.T("sv.items_of", i18n.M{"Officer": i18n.OrDash(o.Officer + " " + o.Name)}))
		}
	}

	v.ItemList = shell.NewDataTable(ui, []shell.Column[followups.OpenItem]{
		shell.DayCol("tables.col_day", 120, itemDay),
		shell.Col("tables.col_kind", 110, func(it followups.OpenItem) string { return ItemKind(it.Kind) }),
		shell.Col("tables.col_officer", 110, func(it followups.OpenItem) string { return ui.OfficerName(it.Officer) }),
		shell.Col("tables.col_device", 80, func(it followups.OpenItem) string { return i18n.OrDash(it.Device) }),
		shell.Col("tables.col_detail", 200, func(it followups.OpenItem) string { return it.Detail }),
	}, 0, true, shell.Filters[followups.OpenItem]{Day: itemDay,
		Officer: func(it followups.OpenItem) string { return it.Officer },
		Device:  func(it followups.OpenItem) string { return it.Device },
	})

	v.Chart = shell.NewOfficerChart(ui)
	left := container.NewBorder(shell.BoldLabel(i18n.T("sv.officers")), nil, nil, nil, v.Table)
	right := container.NewBorder(v.itemHead, nil, nil, nil, v.ItemList.Root)
	mid := container.NewHSplit(left, right)
	mid.Offset = 0.6
	chartBox := container.NewBorder(shell.BoldLabel(i18n.T("chart.officers_title")), nil, nil, nil, v.Chart.Root)
	// The table, the list and the chart give way (they scroll or scale) so
	// that the overview fits a 768 px screen.
	body := container.NewVSplit(mid, chartBox)
	body.Offset = 0.7
	top := container.NewVBox(period, v.Msg, shell.BoldLabel(i18n.T("sv.open_title")), glance, widget.NewSeparator())
	v.Root = container.NewBorder(top, nil, nil, nil, shell.Low(body, 220))
	v.Load()
	return v
}

// sized gives an entry a fixed width in an HBox.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// period is the period the entries say, or a message.
func (v *SuperviseView) period() (followups.Period, string) {
	p := followups.Period{From: strings.TrimSpace(v.From.Text), To: strings.TrimSpace(v.to.Text)}
	for _, s := range []string{p.From, p.To} {
		if t, ok := shell.ParseDay(s); !ok || t.IsZero() {
			return p, i18n.T("filter.bad_date", i18n.M{"Text": s})
		}
	}
	if p.To < p.From {
		return p, i18n.T("sv.bad_period")
	}
	return p, ""
}

// Load reads the dashboard for the period (a ledger entry).
func (v *SuperviseView) Load() {
	p, bad := v.period()
	if bad != "" {
		v.Msg.SetText(bad)
		return
	}
	v.Msg.SetText(i18n.T("sv.loading"))
	var d followups.Dashboard
	v.ui.Background(func(ctx context.Context) error {
		var err error
		d, err = followups.DashboardFor(ctx, v.ui.SessFor(ctx), p)
		return err
	}, func(err error) {
		if err != nil {
			v.Msg.SetText(i18n.ErrorText(err))
			return
		}
		v.Dash = d
		total := 0
		for _, k := range followups.ItemKinds {
			n := d.Open[k]
			total += n
			v.counts[k].SetText(fmt.Sprint(n))
			v.counts[k].Importance = widget.SuccessImportance
			if n > 0 {
				v.counts[k].Importance = widget.DangerImportance
			}
			v.counts[k].Refresh()
		}
		t := d.Totals
		summary := i18n.T("sv.summary", i18n.M{"At": i18n.When(d.At), "Open": total, "Recordings": t.Recordings, "OnTime": t.OnTime.String(),
			"Lost": d.Lost})
		if d.Hidden > 0 { // beyond this user's clearance (Art. 19): counted, never shown
			summary += " " + i18n.T("sv.hidden", i18n.M{"N": d.Hidden})
		}
		if d.Replication != nil { // the off-site copy's lag, as the core says it
			summary += "\n" + maintain.LagText(*d.Replication)
		}
		v.Msg.SetText(summary)
		v.Table.Refresh()
		v.Chart.Set(d.Officers)
	})
}

// Count is the number shown for an open item kind (tests).
func (v *SuperviseView) Count(kind string) string { return v.counts[kind].Text }

func (v *SuperviseView) Cell(id widget.TableCellID) string {
	if id.Row >= len(v.Dash.Officers) {
		return ""
	}
	o := v.Dash.Officers[id.Row]
	switch id.Col {
	case 0:
		return i18n.OrDash(o.Officer)
	case 1:
		return i18n.OrDash(o.Name)
	case 2:
		return fmt.Sprint(o.Recordings)
	case 3:
		return ratio(o.OnTime)
	case 4:
		return ratio(o.Explained)
	case 5:
		return ratio(o.Categorised)
	case 6:
		return fmt.Sprintf("%d / %d", o.Overdue, o.Checkouts)
	case 7:
		return fmt.Sprint(o.NotRecorded)
	}
	return ""
}

// ratio says "12/15 80.0%".
func ratio(r followups.Ratio) string {
	if r.Of == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d %s", r.N, r.Of, r.String())
}

// drill lists the open items f selects under the heading title.
func (v *SuperviseView) Drill(f followups.OpenItemFilter, title string) {
	f.Limit = 1000
	v.itemHead.SetText(title + " …")
	var items []followups.OpenItem
	v.ui.Background(func(ctx context.Context) error {
		var err error
		items, err = followups.OpenItems(ctx, v.ui.SessFor(ctx), f)
		return err
	}, func(err error) {
		if err != nil {
			v.itemHead.SetText(title + ": " + i18n.ErrorText(err))
			return
		}
		v.Items = items
		v.itemHead.SetText(i18n.T("sv.items_count", i18n.M{"Title": title, "N": len(items)}))
		v.ItemList.Set(items)
	})
}

// ItemKind names a kind of open item in plain words.
func ItemKind(kind string) string { return i18n.Lookup("item.", kind) }

// itemDay is the day of an open item.
func itemDay(it followups.OpenItem) time.Time {
	if !it.Time.IsZero() {
		return it.Time
	}
	return shell.DayOf(it.Day)
}

// exportDialog asks where to save the period's report.
func (v *SuperviseView) exportDialog() {
	p, bad := v.period()
	if bad != "" {
		v.Msg.SetText(bad)
		return
	}
	f := report.Format(strings.ToLower(v.format.Selected))
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.ui.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		v.Export(w, p, f)
	}, v.ui.Win)
	d.SetFileName(fmt.Sprintf("%s_%s_%s.%s", i18n.T("sv.file_name"), p.From, p.To, f))
	d.Show()
}

// Export writes the period's report in format f to w and closes it (the
// report is a ledger entry).
func (v *SuperviseView) Export(w io.WriteCloser, p followups.Period, f report.Format) {
	v.Msg.SetText(i18n.T("sv.exporting"))
	v.ui.Background(func(ctx context.Context) error {
		r, err := followups.MonthlyReport(ctx, v.ui.SessFor(ctx), p)
		if err == nil {
			err = report.Write(w, f, r)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}, func(err error) {
		if err != nil {
			v.Msg.SetText(i18n.ErrorText(err))
			return
		}
		v.Msg.SetText(i18n.T("sv.exported", i18n.M{"From": p.From, "To": p.To, "Format": strings.ToUpper(string(f))}))
	})
}

package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"evidock/followups"
)

// WriteXLSX writes the report as a workbook with one sheet per table; the
// first sheet also carries the heading. Numbers are stored as numbers.
func WriteXLSX(w io.Writer, r followups.Monthly) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8E8E8"}}})
	if err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	for i, t := range Tables(r) {
		sheet := t.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("report: xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("report: xlsx: %w", err)
		}
		var lines []string
		if i == 0 {
			lines = heading(r)
		}
		lines = append(lines, t.Title)
		row := 1
		for _, l := range lines {
			f.SetCellValue(sheet, cellName(1, row), l)
			f.SetCellStyle(sheet, cellName(1, row), cellName(1, row), bold)
			row++
		}
		row++
		if err := f.SetSheetRow(sheet, cellName(1, row), &t.Header); err != nil {
			return fmt.Errorf("report: xlsx: %w", err)
		}
		f.SetCellStyle(sheet, cellName(1, row), cellName(len(t.Header), row), head)
		for _, cells := range t.Rows {
			row++
			vals := make([]any, len(cells))
			for j, c := range cells {
				vals[j] = c
				if n, err := strconv.Atoi(c); err == nil && j > 0 {
					vals[j] = n
				}
			}
			if err := f.SetSheetRow(sheet, cellName(1, row), &vals); err != nil {
				return fmt.Errorf("report: xlsx: %w", err)
			}
		}
		for j, wd := range t.Widths {
			col, _ := excelize.ColumnNumberToName(j + 1)
			f.SetColWidth(sheet, col, col, 10*wd)
		}
		if t.Name == SheetDaily && len(t.Rows) > 0 {
			if err := addChart(f, sheet, row-len(t.Rows)+1, row); err != nil {
				return err
			}
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	return nil
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// addChart puts the bar chart of the daily sheet beside its table: the
// recordings of each day, stacked as imported on time (column D) and late
// (column E), on the days of column A, rows first to last.
func addChart(f *excelize.File, sheet string, first, last int) error {
	header := first - 1
	series := func(col string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", sheet, col, header),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", sheet, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, first, col, last),
		}
	}
	err := f.AddChart(sheet, "H3", &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    []excelize.ChartSeries{series("D"), series("E")},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ChartTitle}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	})
	if err != nil {
		return fmt.Errorf("report: xlsx chart: %w", err)
	}
	return nil
}

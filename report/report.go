// Package report writes the supervisor's monthly report (督查报表) as XLSX,
// CSV or PDF, in Chinese, in the regulation's words (package regulation).
//
// Each format shows the same tables, built once by [Tables] from a
// [store.Monthly]: the open items at a glance, each officer's compliance,
// recordings by activity type, the daily series with its bar chart, and the
// lists behind the numbers — late imports, interruptions with and without
// explanation, work records of activities not recorded, custody, recorders
// by state, failed pre-use checks and the violation register.
package report

import (
	"fmt"
	"io"
	"time"

	"evidock/custody"
	"evidock/followups"
)

// Title is the report's title.
const Title = "执法音像记录督查报表"

// Format is an output format.
type Format string

// The formats Write knows.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
	PDF  Format = "pdf"
)

// Write writes r in format f.
func Write(w io.Writer, f Format, r followups.Monthly) error {
	switch f {
	case XLSX:
		return WriteXLSX(w, r)
	case CSV:
		return WriteCSV(w, r)
	case PDF:
		return WritePDF(w, r)
	}
	return fmt.Errorf("report: unknown format %q (xlsx, csv or pdf)", f)
}

// ItemTitles name the kinds of open item.
var ItemTitles = map[string]string{
	followups.ItemGap:           "中断录制未说明原因（第十一条）",
	followups.ItemUncategorised: "未标注执法类别（第六条）",
	followups.ItemLate:          "逾期导出未说明原因（第十三条）",
	followups.ItemNotRecorded:   "工作记录未经主管领导确认（第七条）",
	followups.ItemImport:        "导出保存失败或中断",
	followups.ItemIntegrity:     "音像资料损毁、丢失或被修改（完整性检查）",
	followups.ItemOverdue:       "执法记录仪逾期未归还（第十三条）",
	custody.ItemClock:           "记录仪时钟偏差超过 5 分钟未校正（第五条）",
	custody.ItemPreUse:          "使用前检查未通过（第五条）",
}

// Table is one table of the report.
type Table struct {
	Name   string    // short, for a sheet tab
	Title  string    // a heading
	Header []string  // column titles
	Widths []float64 // relative column widths
	Rows   [][]string
}

func totals(t followups.OfficerRow) followups.OfficerRow {
	t.Officer, t.Name = "合计", ""
	return t
}

func period(p followups.Period) string { return p.From + " 至 " + p.To }

// local formats t in local time, or "" for the zero time.
func local(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// heading is the report's first lines.
func heading(r followups.Monthly) []string {
	return []string{Title, "统计期间：" + period(r.Period), "生成时间：" + local(r.At)}
}

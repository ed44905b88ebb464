// Package report writes the supervisor's period report (督查报表) as XLSX,
// CSV or PDF, in Chinese, in the regulation's words.
//
// Each format shows the same tables, built once by [Tables] from a
// [store.Report]: the open items at a glance, each officer's compliance,
// the daily series, and the lists behind the numbers.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"evidock/store"
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
func Write(w io.Writer, f Format, r store.Report) error {
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
	store.ItemGap:           "中断录制未说明原因（第十一条）",
	store.ItemUncategorised: "未标注执法类别（第六条）",
	store.ItemLate:          "逾期导出未说明原因（第十三条）",
	store.ItemNotRecorded:   "工作记录未经主管领导确认（第七条）",
	store.ItemImport:        "导出保存失败或中断",
	store.ItemIntegrity:     "音像资料损毁、丢失或被修改（完整性检查）",
	store.ItemOverdue:       "执法记录仪逾期未归还（第十三条）",
	store.ItemClock:         "记录仪时钟偏差超过 5 分钟未校正（第五条）",
	store.ItemPreUse:        "使用前检查未通过（第五条）",
}

// CategoryTitles are the activities of Art. 6.
var CategoryTitles = map[string]string{
	"inspection":    "日常执法检查",
	"complaint":     "处置各类投诉、举报案件",
	"investigation": "调查取证、先行登记保存",
	"service":       "证据、执法文书送达",
	"enforcement":   "实施行政强制措施",
	"other":         "其他现场执法办案活动",
}

// ReasonTitles are the cases of Art. 7.
var ReasonTitles = map[string]string{
	"secret_privacy": "涉及国家秘密、商业秘密或者个人隐私",
	"emergency":      "情况紧急，不能进行执法记录",
	"objective":      "因客观原因无法进行执法记录",
}

// Table is one table of the report.
type Table struct {
	Name   string    // short, for a sheet tab
	Title  string    // a heading
	Header []string  // column titles
	Widths []float64 // relative column widths
	Rows   [][]string
}

// Tables builds the report's tables.
func Tables(r store.Report) []Table {
	names := map[string]string{}
	for _, o := range r.Officers {
		names[o.Officer] = o.Name
	}
	who := func(n string) string {
		if n == "" {
			return "（未知）"
		}
		if names[n] != "" {
			return names[n] + "（" + n + "）"
		}
		return n
	}
	summary := Table{Name: "概况", Title: "待处理事项（截至 " + local(r.At) + "）", Header: []string{"事项", "数量"}, Widths: []float64{5, 1}}
	for _, k := range store.ItemKinds {
		summary.Rows = append(summary.Rows, []string{ItemTitles[k], strconv.Itoa(r.Open[k])})
	}
	summary.Rows = append(summary.Rows, []string{"统计期间报告遗失、被盗的执法记录仪（第二十条第七项）", strconv.Itoa(r.Lost)})

	officers := Table{Name: "执法人员", Title: "执法人员情况（" + period(r.Period) + "）",
		Header: []string{"警号", "姓名", "录音录像", "按时导出率", "逾期导出", "逾期未说明", "中断已说明", "执法类别已标注", "领用记录仪", "逾期归还", "工作记录"},
		Widths: []float64{1.2, 1.4, 1, 1.1, 1, 1, 1.1, 1.2, 1, 1, 1}}
	for _, o := range append(r.Officers, totals(r.Totals)) {
		officers.Rows = append(officers.Rows, []string{o.Officer, o.Name, strconv.Itoa(o.Recordings), o.OnTime.String(),
			strconv.Itoa(o.Late), strconv.Itoa(o.LateUnexplained), o.Explained.String(), o.Categorised.String(),
			strconv.Itoa(o.Checkouts), strconv.Itoa(o.Overdue), strconv.Itoa(o.NotRecorded)})
	}

	daily := Table{Name: "每日导出", Title: "每日导出情况", Header: []string{"日期", "导出次数", "录音录像", "按时导出率"}, Widths: []float64{1, 1, 1, 1}}
	for _, d := range r.Daily {
		daily.Rows = append(daily.Rows, []string{d.Day, strconv.Itoa(d.Imports), strconv.Itoa(d.Recordings), d.OnTime.String()})
	}

	late := Table{Name: "逾期导出", Title: "逾期导出的音像记录（第十三条）",
		Header: []string{"执法人员", "记录仪", "文件名", "录制时间", "导出时间", "逾期原因"}, Widths: []float64{1.6, 1.1, 1.6, 1.4, 1.4, 2}}
	for _, l := range r.Late {
		reason := l.Reason
		if reason == "" {
			reason = "未说明"
		}
		late.Rows = append(late.Rows, []string{who(l.Officer), l.Device, l.Name, local(l.RecordedAt), local(l.ImportedAt), reason})
	}

	custody := Table{Name: "记录仪保管", Title: "执法记录仪领用与归还（逾期、遗失、他人使用）",
		Header: []string{"记录仪", "领用人", "领用时间", "应归还", "归还时间", "情况"}, Widths: []float64{1.1, 1.6, 1.4, 1.4, 1.6, 2.2}}
	for _, c := range r.Custody {
		back := "未归还"
		if !c.Returned.IsZero() {
			back = local(c.Returned)
			if c.ReturnedBy == "dock" {
				back += "（导出）"
			}
		}
		var what []string
		if c.Overdue {
			what = append(what, "逾期")
		}
		if !c.Lost.IsZero() {
			what = append(what, "报告遗失 "+local(c.Lost))
		}
		for _, o := range c.OtherOfficers {
			what = append(what, "他人使用："+who(o))
		}
		custody.Rows = append(custody.Rows, []string{c.Device, who(c.Officer), local(c.Out), local(c.Due), back, strings.Join(what, "；")})
	}
	for _, l := range r.LostReports {
		custody.Rows = append(custody.Rows, []string{l.Device, who(l.Officer), "", "", "", "遗失报告 " + local(l.At) + "：" + l.Text})
	}

	notRec := Table{Name: "工作记录", Title: "未进行现场执法记录的工作记录（第七条）",
		Header: []string{"编号", "执法人员", "日期", "地点", "执法类别", "原因", "依据", "说明", "主管领导确认"},
		Widths: []float64{0.6, 1.4, 1.1, 1.2, 1.3, 1.6, 1.2, 1.8, 1.4}}
	for _, n := range r.NotRecorded {
		ack := "待确认"
		if n.Acknowledged() {
			ack = local(n.AckAt) + " " + strings.TrimPrefix(n.AckBy, "user:")
		}
		notRec.Rows = append(notRec.Rows, []string{strconv.FormatInt(n.ID, 10), who(n.Officer), n.Day, n.Place,
			CategoryTitles[n.Category], ReasonTitles[n.Reason], n.Basis, n.Text, ack})
	}

	gaps := Table{Name: "中断未说明", Title: "中断录制未说明原因（第十一条）",
		Header: []string{"记录仪", "日期", "中断开始", "执法人员", "中断后的文件"}, Widths: []float64{1.2, 1.1, 1.4, 1.6, 2}}
	for _, g := range r.Gaps {
		gaps.Rows = append(gaps.Rows, []string{g.Device, g.Day, local(g.Time), who(g.Officer), g.Detail})
	}
	return []Table{summary, officers, daily, late, custody, notRec, gaps}
}

func totals(t store.OfficerRow) store.OfficerRow {
	t.Officer, t.Name = "合计", ""
	return t
}

func period(p store.Period) string { return p.From + " 至 " + p.To }

// local formats t in local time, or "" for the zero time.
func local(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// heading is the report's first lines.
func heading(r store.Report) []string {
	return []string{Title, "统计期间：" + period(r.Period), "生成时间：" + local(r.At)}
}

package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/pdfcheck"
	"evidock/store"
)

// sample is a month of a small bureau: two officers, a month of daily
// figures, and one of everything the report lists.
func sample() followups.Monthly {
	at := time.Date(2025, 4, 1, 9, 30, 0, 0, time.Local)
	r := followups.Report{Dashboard: followups.Dashboard{
		Period: followups.Period{From: "2025-03-01", To: "2025-03-31"}, At: at,
		Open: map[string]int{followups.ItemGap: 3, followups.ItemLate: 2, followups.ItemOverdue: 1, custody.ItemClock: 1, custody.ItemPreUse: 1},
		Lost: 1,
		Officers: []followups.OfficerRow{
			{Officer: "J001", Name: "张三", Recordings: 40, OnTime: followups.Ratio{N: 38, Of: 40}, Late: 2, LateUnexplained: 1,
				Explained: followups.Ratio{N: 1, Of: 2}, Categorised: followups.Ratio{N: 40, Of: 40}, Checkouts: 10, Overdue: 1, NotRecorded: 1},
			{Officer: "J002", Name: "李四"},
		},
	}}
	for d := 1; d <= 31; d++ {
		n := (d * 7) % 9
		late := 0
		if d%6 == 0 {
			late = 2
		}
		r.Daily = append(r.Daily, followups.DayPoint{Day: fmt.Sprintf("2025-03-%02d", d), Imports: n / 3, Recordings: n + late,
			OnTime: followups.Ratio{N: n, Of: n + late}})
	}
	r.Totals = r.Officers[0]
	r.Late = []followups.LateImport{
		{Officer: "J001", Device: "DSJ-1", Name: "20250303_0900.MP4", RecordedAt: at.AddDate(0, 0, -29), ImportedAt: at.AddDate(0, 0, -27), Reason: "车辆故障，次日返回"},
		{Officer: "J001", Device: "DSJ-1", Name: "20250304_0900.MP4", RecordedAt: at.AddDate(0, 0, -28), ImportedAt: at.AddDate(0, 0, -26)},
	}
	r.Custody = []custody.CustodyRecord{{Device: "DSJ-1", Officer: "J001", Out: at.AddDate(0, 0, -20), Due: at.AddDate(0, 0, -19), Overdue: true, OtherOfficers: []string{"J002"}}}
	r.LostReports = []followups.LostReport{{Device: "DSJ-9", Officer: "J002", At: at.AddDate(0, 0, -3), Text: "巡查途中遗失"}}
	r.NotRecorded = []followups.NotRecorded{{ID: 1, Officer: "J001", Day: "2025-03-05", Place: "某宾馆 302 室", Category: "inspection",
		Reason: "secret_privacy", Basis: "第七条第一项", Text: "客房内涉及个人隐私，未摄录 𠮷"}}
	m := followups.Monthly{Report: r}
	m.Categories = []followups.CategoryCount{{Officer: "J001", Category: "inspection", N: 30}, {Officer: "J001", Category: "complaint", N: 9},
		{Officer: "J001", Category: "", N: 1}, {Officer: "J002", Category: "enforcement", N: 2}}
	from := at.AddDate(0, 0, -29)
	m.Interruptions = []followups.Interruption{
		{Gap: followups.Gap{ID: 4, DeviceID: "DSJ-1", Day: "2025-03-03", From: from, To: from.Add(5 * time.Minute), Seconds: 300,
			Explained: true, Reason: "battery", Text: "更换电池", Stated: true}, Officer: "J001"},
		{Gap: followups.Gap{ID: 5, DeviceID: "DSJ-1", Day: "2025-03-03", From: from.Add(time.Hour), To: from.Add(time.Hour + 90*time.Second), Seconds: 90}, Officer: "J001"},
	}
	m.Devices = []custody.DeviceStatus{
		{Device: store.Device{Serial: "DSJ-1", Officer: "J001"}, StateChange: custody.StateChange{State: custody.StateInUse}, Free: 20e9, Total: 32e9},
		{Device: store.Device{Serial: "DSJ-2"}, StateChange: custody.StateChange{State: custody.StateRepair, At: at.AddDate(0, 0, -10), By: "user:keeper", Note: "屏幕损坏"},
			Free: -1, Total: -1, ClockOff: 7 * time.Minute, ClockOffS: 420},
		{Device: store.Device{Serial: "DSJ-9", Officer: "J002"}, StateChange: custody.StateChange{State: custody.StateLost, At: at.AddDate(0, 0, -3)}, Free: -1},
	}
	m.PreUseFailed = []custody.PreUseRecord{{ID: 2, Device: "DSJ-1", Officer: "J001", At: at.AddDate(0, 0, -12), Problems: []string{"battery", "dock_clock"}}}
	m.Violations = []custody.Violation{
		{ID: 1, Sign: custody.SignClipGap, Item: "deleted", Device: "DSJ-1", Officer: "J001", Detail: "记录仪 DSJ-1 的文件 FILE0002.MP4 与 FILE0004.MP4 之间缺少编号 0003（1 个）",
			Status: custody.ViolationDecided, RaisedAt: at.AddDate(0, 0, -5), Measures: []string{"self_criticism"}},
		{ID: 2, Sign: custody.SignLostDevice, Item: "lost", Device: "DSJ-9", Officer: "J002", Detail: "记录仪 DSJ-9 报告遗失", Status: custody.ViolationRaised, RaisedAt: at.AddDate(0, 0, -3)},
	}
	return m
}

var sheets = []string{SheetSummary, SheetOfficers, SheetCategories, SheetDaily, SheetLate, SheetGaps, SheetNotRec, SheetCustody,
	SheetDevices, SheetPreUse, SheetViolations}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(sheets, ",") {
		t.Errorf("sheets %v, want %v", got, sheets)
	}
	rows, err := f.GetRows(SheetOfficers)
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][0] != "警号" || rows[3][1] != "张三" || rows[3][3] != "95.0%" || rows[4][3] != "—" || rows[3][11] != "1" || rows[3][12] != "1" {
		t.Errorf("officer sheet %q", rows)
	}
	if v, _ := f.GetCellValue(SheetLate, "F5"); v != "未说明" {
		t.Errorf("late without reason shows %q, want 未说明", v)
	}
	cats, _ := f.GetRows(SheetCategories)
	if cats[2][1] != "日常执法检查" || cats[3][0] != "张三（J001）" || cats[3][1] != "30" || cats[3][7] != "1" || cats[5][0] != "合计" || cats[5][8] != "42" {
		t.Errorf("category sheet %q", cats)
	}
	gaps, _ := f.GetRows(SheetGaps)
	if !strings.Contains(gaps[0][0], "已说明 1 处，未说明 1 处") || gaps[3][5] != "电量不足：更换电池" || gaps[4][5] != "未说明" {
		t.Errorf("interruption sheet %q", gaps)
	}
	devs, _ := f.GetRows(SheetDevices)
	if devs[3][3] != "在用" || devs[4][3] != "维修" || devs[4][9] != "偏差 +420 秒未校正" || devs[5][3] != "遗失" {
		t.Errorf("device sheet %q", devs)
	}
	viol, _ := f.GetRows(SheetViolations)
	if viol[3][4] != "第二十条第（一）项 故意删除有效证据信息" || viol[3][7] != "书面检查" || viol[4][6] != "待核查" {
		t.Errorf("violation sheet %q", viol)
	}
	// The daily sheet carries a stacked bar chart of its on-time and late columns.
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var chart string
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			chart = html.UnescapeString(string(b))
		}
	}
	if !strings.Contains(chart, "<barChart>") || !strings.Contains(chart, `<grouping val="stacked">`) || !strings.Contains(chart, "每日导出'!$D$4:$D$34") || !strings.Contains(chart, "每日导出'!$E$4:$E$34") {
		t.Errorf("no bar chart of the daily columns: %.600s", chart)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Error("no UTF-8 byte order mark: Excel on Windows would read the Chinese as ANSI")
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("no CRLF line ends")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != Title {
		t.Errorf("first line %q", recs[0])
	}
	for _, want := range []string{"他人使用：李四（J002）", "涉及国家秘密、商业秘密或者个人隐私", "日常执法检查", "电量不足：更换电池", "维修", "书面检查",
		"使用前检查未通过（第五条）", "电池容量、记录仪时钟偏差未校正"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the CSV lacks %q", want)
		}
	}
}

// The PDF report is A4 landscape with every table, the bar chart and the
// signature lines; poppler reads its text back and renders every page.
func TestPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePDF(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	doc := pdfcheck.Check(t, "report.pdf", buf.Bytes())
	doc.Contains(t, Title, "2025-03-01 至 2025-03-31", ChartTitle, "按时导出", "逾期导出（共 10 条）", "张三", "车辆故障，次日返回",
		"督查人员签名：", "主管领导签名：", fmt.Sprintf("第 %d 页，共 %d 页", doc.Pages, doc.Pages), "工作站只提示，不作认定")
	for _, tbl := range Tables(sample()) {
		doc.Contains(t, tbl.Title)
	}
}

func TestEmptyReport(t *testing.T) {
	for _, f := range []Format{XLSX, CSV, PDF} {
		var buf bytes.Buffer
		if err := Write(&buf, f, followups.Monthly{Report: followups.Report{Dashboard: followups.Dashboard{Period: followups.Period{From: "2025-03-01", To: "2025-03-01"}}}}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if err := Write(&bytes.Buffer{}, "doc", followups.Monthly{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestNiceStep(t *testing.T) {
	for max, want := range map[int]int{1: 1, 5: 1, 6: 2, 12: 5, 40: 10, 99: 20, 1234: 500} {
		if got := niceStep(max); got != want {
			t.Errorf("niceStep(%d) = %d, want %d", max, got, want)
		}
	}
}

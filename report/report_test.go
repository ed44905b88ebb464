package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"evidock/internal/pdfcheck"
	"evidock/store"
)

func sample() store.Report {
	at := time.Date(2025, 4, 1, 9, 30, 0, 0, time.Local)
	r := store.Report{Dashboard: store.Dashboard{
		Period: store.Period{From: "2025-03-01", To: "2025-03-31"}, At: at,
		Open: map[string]int{store.ItemGap: 3, store.ItemLate: 2, store.ItemOverdue: 1},
		Lost: 1,
		Officers: []store.OfficerRow{
			{Officer: "J001", Name: "张三", Recordings: 40, OnTime: store.Ratio{N: 38, Of: 40}, Late: 2, LateUnexplained: 1,
				Explained: store.Ratio{N: 1, Of: 2}, Categorised: store.Ratio{N: 40, Of: 40}, Checkouts: 10, Overdue: 1, NotRecorded: 1},
			{Officer: "J002", Name: "李四"},
		},
		Daily: []store.DayPoint{{Day: "2025-03-01", Imports: 2, Recordings: 5, OnTime: store.Ratio{N: 5, Of: 5}}},
	}}
	r.Totals = r.Officers[0]
	r.Late = []store.LateImport{
		{Officer: "J001", Device: "DSJ-1", Name: "20250303_0900.MP4", RecordedAt: at.AddDate(0, 0, -29), ImportedAt: at.AddDate(0, 0, -27), Reason: "车辆故障，次日返回"},
		{Officer: "J001", Device: "DSJ-1", Name: "20250304_0900.MP4", RecordedAt: at.AddDate(0, 0, -28), ImportedAt: at.AddDate(0, 0, -26)},
	}
	r.Custody = []store.CustodyRecord{{Device: "DSJ-1", Officer: "J001", Out: at.AddDate(0, 0, -20), Due: at.AddDate(0, 0, -19), Overdue: true, OtherOfficers: []string{"J002"}}}
	r.LostReports = []store.LostReport{{Device: "DSJ-9", Officer: "J002", At: at.AddDate(0, 0, -3), Text: "巡查途中遗失"}}
	r.NotRecorded = []store.NotRecorded{{ID: 1, Officer: "J001", Day: "2025-03-05", Place: "某宾馆 302 室", Category: "inspection",
		Reason: "secret_privacy", Basis: "第七条第一项", Text: "客房内涉及个人隐私，未摄录 𠮷"}}
	r.Gaps = []store.OpenItem{{Kind: store.ItemGap, Device: "DSJ-1", Day: "2025-03-03", Time: at.AddDate(0, 0, -29), Officer: "J001", Detail: "20250303_0910.MP4"}}
	return r
}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 7 || got[0] != "概况" {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows("执法人员")
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][0] != "警号" || rows[3][1] != "张三" || rows[3][3] != "95.0%" || rows[4][3] != "—" {
		t.Errorf("officer sheet %q", rows)
	}
	if v, _ := f.GetCellValue("逾期导出", "F5"); v != "未说明" {
		t.Errorf("late without reason shows %q, want 未说明", v)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Error("no byte order mark")
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
	if !strings.Contains(buf.String(), "他人使用：李四（J002）") || !strings.Contains(buf.String(), ReasonTitles["secret_privacy"]) {
		t.Errorf("custody or work record missing:\n%s", buf.String())
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
	doc.Contains(t, Title, "2025-03-01 至 2025-03-31", ChartTitle, "按时导出", "张三", "车辆故障，次日返回",
		"督查人员签名：", "主管领导签名：", fmt.Sprintf("第 %d 页，共 %d 页", doc.Pages, doc.Pages))
	for _, tbl := range Tables(sample()) {
		doc.Contains(t, tbl.Title)
	}
}

func TestEmptyReport(t *testing.T) {
	for _, f := range []Format{XLSX, CSV, PDF} {
		var buf bytes.Buffer
		if err := Write(&buf, f, store.Report{Dashboard: store.Dashboard{Period: store.Period{From: "2025-03-01", To: "2025-03-01"}}}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if err := Write(&bytes.Buffer{}, "doc", store.Report{}); err == nil {
		t.Error("unknown format accepted")
	}
}

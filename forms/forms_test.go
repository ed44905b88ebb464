package forms

import (
	"fmt"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/followups"
	"evidock/internal/pdfcheck"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

var (
	cst      = time.FixedZone("CST", 8*3600)
	printed  = time.Date(2025, 3, 6, 10, 0, 0, 0, cst)
	officers = []store.Officer{{Number: "1001", Name: "张三"}, {Number: "1002", Name: "李四"}}
)

// The card (Art. 8): the announcement with both names on eight cut-out
// cards, then in large print on a landscape page.
func TestCard(t *testing.T) {
	b, err := Card(officers, printed)
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfcheck.Check(t, "card.pdf", b)
	if doc.Pages != 2 {
		t.Fatalf("%d pages, want the cards and the large print", doc.Pages)
	}
	sentence := regulation.Announcement("张三", "李四")
	if n := strings.Count(pdfcheck.Flat(doc.Text), pdfcheck.Flat(sentence)); n != 9 {
		t.Errorf("the announcement with the names is printed %d times, want 8 cards and the large print", n)
	}
	doc.Contains(t, "执法人员：张三 1001", "李四 1002", "第八条", "沿虚线剪下")
	if strings.Contains(doc.Text, "×××") {
		t.Error("the names are not filled in")
	}
	// The second page is landscape and its text large: fewer characters
	// fit a line than on the cards.
	f, err := os.Open(doc.PNGs[1])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() <= b.Dy() {
		t.Errorf("the large-print page is %dx%d, not landscape", b.Dx(), b.Dy())
	}
	if _, err := Card(nil, printed); err == nil {
		t.Error("a card without officers")
	}
}

// The work record (Art. 7), before and after the leader's acknowledgement.
func TestNotRecordedForm(t *testing.T) {
	n := followups.NotRecorded{ID: 3, Officer: "1001", FiledBy: "user:zhangsan", FiledAt: printed.Add(-24 * time.Hour), Day: "2025-03-05",
		Place: "某宾馆 302 室", Category: "inspection", Reason: "secret_privacy", Basis: "客房内有住客，涉及个人隐私",
		Text: "检查客房时住客在内，未进行录像，仅拍摄走廊。"}
	for _, acked := range []bool{false, true} {
		if acked {
			n.AckBy, n.AckAt, n.AckNote = "user:boss", printed.Add(-time.Hour), "同意，下次注意提前告知"
		}
		b, err := NotRecorded(n, officers, printed)
		if err != nil {
			t.Fatal(err)
		}
		doc := pdfcheck.Check(t, fmt.Sprintf("not-recorded-%v.pdf", acked), b)
		doc.Contains(t, "未进行现场执法记录工作记录", "GZJL-3", "张三（1001）", "2025-03-05", "某宾馆302室", "日常执法检查",
			"涉及国家秘密、商业秘密或者个人隐私", "第七条第（一）项", n.Basis, n.Text, "报局主管领导",
			"执法人员签名：", "主管领导签名：", "第七条 下列情形可以不进行现场执法记录", "共 1 页")
		if acked {
			doc.Contains(t, "boss 于 "+when(n.AckAt)+" 确认：同意，下次注意提前告知")
		} else {
			doc.Contains(t, "待主管领导确认")
		}
	}
}

// The written statement of an interruption (Art. 11) with the day's
// timeline.
func TestInterruptionStatement(t *testing.T) {
	day := time.Date(2025, 3, 5, 9, 0, 0, 0, cst)
	clips := []followups.Clip{
		{RecordingID: "a", Name: "FILE0001.MP4", Start: day, Duration: 10 * time.Minute},
		{RecordingID: "b", Name: "FILE0002.MP4", Start: day.Add(25 * time.Minute), Duration: 5 * time.Minute, Flags: []string{records.FlagLate}},
	}
	g := followups.Gap{ID: 7, DeviceID: "CAM-1", Day: "2025-03-05", From: day.Add(10 * time.Minute), To: day.Add(25 * time.Minute),
		Explained: true, Reason: "battery", Text: "更换电池", Stated: true, Before: "a", After: "b"}
	tl := followups.Timeline{DeviceID: "CAM-1", Day: "2025-03-05", Clips: clips, Gaps: []followups.Gap{g}, Start: day, End: day.Add(30 * time.Minute),
		Recorded: 15 * time.Minute}
	b, err := InterruptionStatement(Interruption{Gap: g, Timeline: tl, Officer: "1001", Officers: officers}, printed)
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfcheck.Check(t, "interruption.pdf", b)
	doc.Contains(t, "执法记录中断情况书面说明", "ZD-7", "张三（1001）", "CAM-1", whenSec(g.From)+" 至 "+g.To.Local().Format("15:04:05")+"，共 15:00",
		"FILE0001.MP4", "FILE0002.MP4（逾期导出）", "电量不足：更换电池", "是（重新开始记录时已语音说明）",
		"共 2 段录像", "录制合计 15:00", "【本次说明的中断】（已说明：电量不足）", "部门负责人签名：", "执法人员签名：",
		"第十一条 非因技术原因不得中止录制")
}

// The approval and register form (Art. 16–17) of an extraction approved
// by the leader, with two register rows.
func TestViewingForm(t *testing.T) {
	r := access.Request{ID: 12, Requester: "zhangsan", Purpose: access.PurposeExtraction, Reason: "移送人民法院",
		Recordings: []string{"r1", "r2", "r3"}, Status: access.Approved, CreatedAt: printed.Add(-48 * time.Hour),
		DecidedBy: "boss", DecidedAs: store.RoleLeader, DecidedAt: printed.Add(-47 * time.Hour), Note: "同意调取",
		ExpiresAt: printed.Add(5 * 24 * time.Hour)}
	recs := []records.Recording{
		{ID: "r1", OriginalName: "FILE0001.MP4", OfficerID: "1001", DeviceID: "CAM-1", RecordedAt: printed.Add(-72 * time.Hour), Classification: store.Normal},
		{ID: "r2", OriginalName: "FILE0002.MP4", OfficerID: "1002", DeviceID: "CAM-2", RecordedAt: printed.Add(-71 * time.Hour), Classification: store.Commercial},
	}
	reg := []access.Viewing{
		{Time: printed.Add(-24 * time.Hour), Viewer: "王法官", Reason: "核对证据", Kind: "registered", RegisteredBy: "user:keeper"},
		{Time: printed.Add(-23 * time.Hour), Viewer: "zhangsan", Reason: "移送人民法院", Kind: "play", RegisteredBy: "user:zhangsan"},
	}
	b, err := ViewingForm(Viewing{Request: r, Recordings: recs, Register: reg, Officers: officers}, printed)
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfcheck.Check(t, "viewing.pdf", b)
	doc.Contains(t, "执法音像资料调取审批登记表", "DY-12", "zhangsan", "证据提取：移送人民法院", "已批准", "FILE0001.MP4", "李四（1002）",
		"商业秘密", "另有 1 个录像", "同意（boss 于 "+when(r.DecidedAt)+" 在工作站中决定）。同意调取", "有效期至 "+when(r.ExpiresAt),
		"王法官", "核对证据", "保管人登记", "工作站内播放", "法制办公室签名：", "主管领导签名：", "申请人签名：", "保管人签名：",
		"第十六条", "第十七条")
}

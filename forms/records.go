package forms

import (
	"fmt"
	"strings"
	"time"

	"evidock/followups"
	"evidock/internal/human"
	"evidock/internal/typeset"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

// NotRecorded prints the work record of Art. 7 (工作记录) for an activity
// that was not recorded: who, when, where, which activity, the case of
// Art. 7 and the basis relied on, what happened, its report to the leader
// and the leader's acknowledgement, with the officer's and the leader's
// signature lines.
func NotRecorded(n followups.NotRecorded, officers []store.Officer, printed time.Time) ([]byte, error) {
	names := byNumber(officers)
	ground, _ := regulation.NotRecordedGrounds.Term(n.Reason)
	ack := "待主管领导确认"
	if n.Acknowledged() {
		ack = fmt.Sprintf("%s 于 %s 确认", actor(n.AckBy), when(n.AckAt))
		if n.AckNote != "" {
			ack += "：" + n.AckNote
		}
	}
	b, err := typeset.Render(func(total int) *typeset.Doc {
		d := begin("未进行现场执法记录工作记录", fmt.Sprintf("GZJL-%d", n.ID), 7, printed, total)
		fields(d, [][2]string{
			{"执法人员", person(n.Officer, names)},
			{"执法日期", n.Day},
			{"执法地点", n.Place},
			{"执法类别", regulation.Categories.Word(n.Category, regulation.ZH) + "（第六条）"},
			{"不能记录的情形", ground.Zh + "（" + ground.Cite() + "）"},
			{"原因和依据", n.Basis},
			{"情况说明", n.Text},
			{"填报", fmt.Sprintf("%s 于 %s 填报，报局主管领导", actor(n.FiledBy), when(n.FiledAt))},
			{"主管领导确认", ack},
		})
		d.Ln(4)
		d.Signatures([]string{"执法人员签名：", "日期："}, 2)
		opinion(d, "主管领导意见", n.AckNote, "主管领导签名：　　　　　　　　　　日期：")
		quote(d, 7)
		return d
	})
	if err != nil {
		return nil, fmt.Errorf("forms: work record %d: %w", n.ID, err)
	}
	return b, nil
}

// Interruption is what the statement of an interruption shows: the
// interruption, the day's timeline of its recorder, and whose recordings
// they are.
type Interruption struct {
	Gap      followups.Gap
	Timeline followups.Timeline // the recorder's day the gap belongs to
	Officer  string             // the officer of the clip after the gap
	Officers []store.Officer
}

// InterruptionStatement prints the written statement of Art. 11 (中断情况
// 书面说明) for an interruption: when the recording stopped and resumed,
// the clips either side, the reason given in the regulation's words and
// whether it was stated on the recording, and the recorder's timeline of
// that day as the workstation reconstructed it; signed by the officer and
// by the head of their department, to whom Art. 11 has it reported.
func InterruptionStatement(in Interruption, printed time.Time) ([]byte, error) {
	g, tl := in.Gap, in.Timeline
	names := map[string]string{}
	for _, c := range tl.Clips {
		names[c.RecordingID] = c.Name
	}
	reason, stated := "尚未说明", "—"
	if g.Explained {
		reason = regulation.Interruptions.Word(g.Reason, regulation.ZH)
		if g.Text != "" {
			reason += "：" + g.Text
		}
		stated = "否"
		if g.Stated {
			stated = "是（重新开始记录时已语音说明）"
		}
	}
	b, err := typeset.Render(func(total int) *typeset.Doc {
		d := begin("执法记录中断情况书面说明", fmt.Sprintf("ZD-%d", g.ID), 11, printed, total)
		fields(d, [][2]string{
			{"执法人员", person(in.Officer, byNumber(in.Officers))},
			{"执法记录仪", g.DeviceID},
			{"日期", g.Day},
			{"中断时间", fmt.Sprintf("%s 至 %s，共 %s", whenSec(g.From), g.To.Local().Format("15:04:05"), human.Clock(g.To.Sub(g.From)))},
			{"中断前的录像", names[g.Before]},
			{"中断后的录像", names[g.After]},
			{"中断原因", reason},
			{"恢复时语音说明", stated},
		})
		d.Ln(3)
		timelineTable(d, tl, g.ID)
		d.Ln(2)
		opinion(d, "情况说明", "", "执法人员签名：　　　　　　　　　　日期：")
		opinion(d, "所属部门负责人意见", "", "部门负责人签名：　　　　　　　　　日期：")
		quote(d, 11)
		return d
	})
	if err != nil {
		return nil, fmt.Errorf("forms: interruption %d: %w", g.ID, err)
	}
	return b, nil
}

// timelineTable lists the day's clips and interruptions in time order,
// marking the interruption the statement is about.
func timelineTable(d *typeset.Doc, tl followups.Timeline, mark int64) {
	type line struct {
		at   time.Time
		cols []string
	}
	var lines []line
	for _, c := range tl.Clips {
		lines = append(lines, line{c.Start, []string{c.Start.Local().Format("15:04:05"), c.End().Local().Format("15:04:05"),
			human.Clock(c.Duration), "录像 " + c.Name + flagText(c.Flags)}})
	}
	for _, g := range tl.Gaps {
		what := "中断"
		if g.ID == mark {
			what = "【本次说明的中断】"
		}
		if g.Explained {
			what += "（已说明：" + regulation.Interruptions.Word(g.Reason, regulation.ZH) + "）"
		} else {
			what += "（未说明）"
		}
		lines = append(lines, line{g.From, []string{g.From.Local().Format("15:04:05"), g.To.Local().Format("15:04:05"), human.Clock(g.To.Sub(g.From)), what}})
	}
	for i := 1; i < len(lines); i++ {
		for j := i; j > 0 && lines[j].at.Before(lines[j-1].at); j-- {
			lines[j], lines[j-1] = lines[j-1], lines[j]
		}
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = l.cols
	}
	title := fmt.Sprintf("当日时间线：记录仪 %s 共 %d 段录像，%s 至 %s，录制合计 %s，中断 %d 处", tl.DeviceID, len(tl.Clips),
		whenSec(tl.Start), tl.End.Local().Format("15:04:05"), human.Clock(tl.Recorded), len(tl.Gaps))
	d.Table(typeset.Table{Title: title, Header: []string{"开始", "结束", "时长", "内容"},
		Widths: []float64{1, 1, 0.9, 4}, Rows: rows}, 9)
}

// flagText says what the workstation flagged on a clip, in brackets.
func flagText(flags []string) string {
	words := map[string]string{records.FlagOverlap: "与前段重叠", records.FlagBackwards: "时间倒序", records.FlagLate: "逾期导出",
		records.FlagClockOffset: "时钟偏差", records.FlagOfficerMismatch: "非本人记录仪"}
	var out []string
	for _, f := range flags {
		if w, ok := words[f]; ok {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "（" + strings.Join(out, "，") + "）"
}

package forms

import (
	"fmt"
	"time"

	"evidock/access"
	"evidock/internal/typeset"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

// Viewing is what the approval and register form of a request shows.
type Viewing struct {
	Request    access.Request
	Recordings []records.Recording // those of the request the printer may see
	Register   []access.Viewing    // the custodian's register rows under the request
	Officers   []store.Officer
}

// ViewingForm prints the approval and register form of Art. 16–17 (查阅/
// 调取审批登记表) for a request: the requester, the purpose (事由) and the
// reason, the recordings concerned, the approval of the legal office or
// the leader as decided in the workstation, and the custodian's register
// of every viewing under it (viewer, reason, time), with a signature line
// for requester, legal office, leader and custodian.
func ViewingForm(v Viewing, printed time.Time) ([]byte, error) {
	r := v.Request
	names := byNumber(v.Officers)
	title := "执法音像资料查阅审批登记表"
	if r.Purpose == access.PurposeExtraction {
		title = "执法音像资料调取审批登记表"
	}
	decided := func(as store.Role) string {
		if r.DecidedAs != as || r.DecidedAt.IsZero() {
			return ""
		}
		verdict := "同意"
		if r.Status == access.Refused {
			verdict = "不同意"
		}
		s := fmt.Sprintf("%s（%s 于 %s 在工作站中决定）", verdict, r.DecidedBy, when(r.DecidedAt))
		if r.Note != "" {
			s += "。" + r.Note
		}
		if !r.ExpiresAt.IsZero() && r.Status != access.Refused {
			s += "。有效期至 " + when(r.ExpiresAt)
		}
		return s
	}
	status := map[access.RequestStatus]string{access.Pending: "待审批", access.Approved: "已批准", access.Refused: "未批准", access.Expired: "批准已过期"}[r.Status]
	b, err := typeset.Render(func(total int) *typeset.Doc {
		d := begin(title, fmt.Sprintf("DY-%d", r.ID), 16, printed, total)
		fields(d, [][2]string{
			{"申请人", r.Requester},
			{"申请时间", when(r.CreatedAt)},
			{"事由", regulation.Purposes.Word(string(r.Purpose), regulation.ZH) + "：" + r.Reason},
			{"审批状态", status},
		})
		var rows [][]string
		for i, rec := range v.Recordings {
			rows = append(rows, []string{fmt.Sprint(i + 1), rec.OriginalName, person(rec.OfficerID, names), rec.DeviceID,
				whenSec(rec.RecordedAt), regulation.Classifications.Word(string(rec.Classification), regulation.ZH)})
		}
		if hidden := len(r.Recordings) - len(v.Recordings); hidden > 0 {
			rows = append(rows, []string{"", fmt.Sprintf("另有 %d 个录像（打印人无权查看其详情）", hidden), "", "", "", ""})
		}
		d.Table(typeset.Table{Title: fmt.Sprintf("所涉音像资料（%d 个）", len(r.Recordings)),
			Header: []string{"序号", "原始文件名", "执法人员", "记录仪", "录制时间", "密级"},
			Widths: []float64{0.5, 2.2, 1.6, 1.1, 1.7, 0.9}, Rows: rows}, 9)
		d.Ln(3)
		opinion(d, "法制办公室意见", decided(store.RoleLegal), "法制办公室签名：　　　　　　　　　日期：")
		opinion(d, "主管领导意见", decided(store.RoleLeader), "主管领导签名：　　　　　　　　　　日期：")
		var reg [][]string
		for _, w := range v.Register {
			kind := "工作站内播放"
			if w.Kind == "registered" {
				kind = "保管人登记"
			}
			reg = append(reg, []string{whenSec(w.Time), w.Viewer, w.Reason, kind, actor(w.RegisteredBy)})
		}
		d.Table(typeset.Table{Title: "保管人登记（查阅人、查阅事由、查阅时间）", Header: []string{"查阅时间", "查阅人", "查阅事由", "方式", "登记人"},
			Widths: []float64{1.6, 1.2, 2.4, 1.2, 1.1}, Rows: reg}, 9)
		d.Ln(2)
		d.Signatures([]string{"申请人签名：", "保管人签名：", "日期：", "日期："}, 2)
		quote(d, 16)
		quote(d, 17)
		return d
	})
	if err != nil {
		return nil, fmt.Errorf("forms: request %d: %w", r.ID, err)
	}
	return b, nil
}

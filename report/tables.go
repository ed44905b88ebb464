package report

import (
	"fmt"
	"strconv"
	"strings"

	"evidock/custody"
	"evidock/followups"
	"evidock/regulation"
)

// Names of the report's tables (sheet tabs).
const (
	SheetSummary    = "概况"
	SheetOfficers   = "执法人员"
	SheetCategories = "执法类别"
	SheetDaily      = "每日导出"
	SheetLate       = "逾期导出"
	SheetGaps       = "中断录制"
	SheetNotRec     = "工作记录"
	SheetCustody    = "记录仪保管"
	SheetDevices    = "设备状态"
	SheetPreUse     = "使用前检查"
	SheetViolations = "违规情形"
)

// word is key in the regulation's words.
func word(l regulation.List, key string) string { return l.Word(key, regulation.ZH) }

// Tables builds the report's tables, in the order every format shows them.
func Tables(r followups.Monthly) []Table {
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
	return []Table{summary(r), officers(r), categories(r, who), daily(r), late(r, who), interruptions(r, who),
		notRecorded(r, who), custodyTable(r, who), devices(r, who), preUse(r, who), violations(r, who)}
}

func summary(r followups.Monthly) Table {
	t := Table{Name: SheetSummary, Title: "待处理事项（截至 " + local(r.At) + "）", Header: []string{"事项", "数量"}, Widths: []float64{5, 1}}
	for _, k := range followups.ItemKinds {
		t.Rows = append(t.Rows, []string{ItemTitles[k], strconv.Itoa(r.Open[k])})
	}
	t.Rows = append(t.Rows, []string{"统计期间报告遗失、被盗的执法记录仪（第二十条第（七）项）", strconv.Itoa(r.Lost)})
	open := 0
	for _, v := range r.Violations {
		if v.Status != custody.ViolationClosed {
			open++
		}
	}
	t.Rows = append(t.Rows, []string{"违规情形登记中未结案的（第二十条、第二十一条）", strconv.Itoa(open)})
	for _, s := range regulation.DeviceStates.Terms {
		n := 0
		for _, d := range r.Devices {
			if d.State == s.Key {
				n++
			}
		}
		t.Rows = append(t.Rows, []string{"执法记录仪：" + s.Zh, strconv.Itoa(n)})
	}
	return t
}

func officers(r followups.Monthly) Table {
	t := Table{Name: SheetOfficers, Title: "执法人员情况（" + period(r.Period) + "）",
		Header: []string{"警号", "姓名", "录音录像", "按时导出率", "逾期导出", "逾期未说明", "中断已说明", "执法类别已标注", "领用记录仪", "逾期归还", "工作记录", "使用前检查未通过", "违规情形"},
		Widths: []float64{1.2, 1.4, 1, 1.1, 1, 1, 1.1, 1.2, 1, 1, 1, 1.2, 1}}
	failed, raised := map[string]int{}, map[string]int{}
	for _, p := range r.PreUseFailed {
		failed[p.Officer]++
		failed["合计"]++
	}
	for _, v := range r.Violations {
		raised[v.Officer]++
		raised["合计"]++
	}
	for _, o := range append(r.Officers, totals(r.Totals)) {
		t.Rows = append(t.Rows, []string{o.Officer, o.Name, strconv.Itoa(o.Recordings), o.OnTime.String(),
			strconv.Itoa(o.Late), strconv.Itoa(o.LateUnexplained), o.Explained.String(), o.Categorised.String(),
			strconv.Itoa(o.Checkouts), strconv.Itoa(o.Overdue), strconv.Itoa(o.NotRecorded),
			strconv.Itoa(failed[o.Officer]), strconv.Itoa(raised[o.Officer])})
	}
	return t
}

// categories is a row per officer and a column per activity type of Art. 6
// (and one for recordings without one), with a total row.
func categories(r followups.Monthly, who func(string) string) Table {
	keys := append(regulation.Categories.Keys(), "")
	t := Table{Name: SheetCategories, Title: "按执法类别统计的录音录像（第六条）", Header: []string{"执法人员"}, Widths: []float64{1.6}}
	for _, k := range keys {
		if k == "" {
			t.Header = append(t.Header, "未标注")
		} else {
			t.Header = append(t.Header, word(regulation.Categories, k))
		}
		t.Widths = append(t.Widths, 1.2)
	}
	t.Header, t.Widths = append(t.Header, "合计"), append(t.Widths, 0.8)
	var order []string
	count := map[string]map[string]int{}
	for _, c := range r.Categories {
		if count[c.Officer] == nil {
			count[c.Officer] = map[string]int{}
			order = append(order, c.Officer)
		}
		count[c.Officer][c.Category] += c.N
	}
	total := map[string]int{}
	for _, o := range order {
		row, sum := []string{who(o)}, 0
		for _, k := range keys {
			row = append(row, strconv.Itoa(count[o][k]))
			sum += count[o][k]
			total[k] += count[o][k]
		}
		t.Rows = append(t.Rows, append(row, strconv.Itoa(sum)))
	}
	row, sum := []string{"合计"}, 0
	for _, k := range keys {
		row = append(row, strconv.Itoa(total[k]))
		sum += total[k]
	}
	t.Rows = append(t.Rows, append(row, strconv.Itoa(sum)))
	return t
}

func daily(r followups.Monthly) Table {
	t := Table{Name: SheetDaily, Title: "每日导出情况", Header: []string{"日期", "导出次数", "录音录像", "按时导出", "逾期导出", "按时导出率"},
		Widths: []float64{1, 1, 1, 1, 1, 1}}
	for _, d := range r.Daily {
		t.Rows = append(t.Rows, []string{d.Day, strconv.Itoa(d.Imports), strconv.Itoa(d.Recordings), strconv.Itoa(d.OnTime.N),
			strconv.Itoa(d.Recordings - d.OnTime.N), d.OnTime.String()})
	}
	return t
}

func late(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetLate, Title: "逾期导出的音像记录（第十三条）",
		Header: []string{"执法人员", "记录仪", "文件名", "录制时间", "导出时间", "逾期原因"}, Widths: []float64{1.6, 1.1, 1.6, 1.4, 1.4, 2}}
	for _, l := range r.Late {
		reason := l.Reason
		if reason == "" {
			reason = "未说明"
		}
		t.Rows = append(t.Rows, []string{who(l.Officer), l.Device, l.Name, local(l.RecordedAt), local(l.ImportedAt), reason})
	}
	return t
}

// interruptions lists every interruption of the period, explained or not.
func interruptions(r followups.Monthly, who func(string) string) Table {
	explained := 0
	for _, g := range r.Interruptions {
		if g.Explained {
			explained++
		}
	}
	t := Table{Name: SheetGaps, Title: fmt.Sprintf("中断录制（第十一条）：共 %d 处，已说明 %d 处，未说明 %d 处", len(r.Interruptions), explained, len(r.Interruptions)-explained),
		Header: []string{"编号", "记录仪", "执法人员", "中断开始", "时长（秒）", "中断原因", "恢复时语音说明"},
		Widths: []float64{0.6, 1.1, 1.5, 1.4, 0.9, 2.4, 1.1}}
	for _, g := range r.Interruptions {
		reason, stated := "未说明", ""
		if g.Explained {
			reason = word(regulation.Interruptions, g.Reason)
			if g.Text != "" {
				reason += "：" + g.Text
			}
			stated = "否"
			if g.Stated {
				stated = "是"
			}
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(g.ID, 10), g.DeviceID, who(g.Officer), local(g.From),
			strconv.Itoa(int(g.Seconds + 0.5)), reason, stated})
	}
	return t
}

func notRecorded(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetNotRec, Title: "未进行现场执法记录的工作记录（第七条）",
		Header: []string{"编号", "执法人员", "日期", "地点", "执法类别", "情形", "依据", "说明", "主管领导确认"},
		Widths: []float64{0.6, 1.4, 1.1, 1.2, 1.3, 1.6, 1.2, 1.8, 1.4}}
	for _, n := range r.NotRecorded {
		ack := "待确认"
		if n.Acknowledged() {
			ack = local(n.AckAt) + " " + strings.TrimPrefix(n.AckBy, "user:")
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(n.ID, 10), who(n.Officer), n.Day, n.Place,
			word(regulation.Categories, n.Category), word(regulation.NotRecordedGrounds, n.Reason), n.Basis, n.Text, ack})
	}
	return t
}

func custodyTable(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetCustody, Title: "执法记录仪领用与归还（逾期、遗失、他人使用）",
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
		t.Rows = append(t.Rows, []string{c.Device, who(c.Officer), local(c.Out), local(c.Due), back, strings.Join(what, "；")})
	}
	for _, l := range r.LostReports {
		t.Rows = append(t.Rows, []string{l.Device, who(l.Officer), "", "", "", "遗失报告 " + local(l.At) + "：" + l.Text})
	}
	return t
}

// devices lists the recorders by state (在用, 维修, 报废, 遗失).
func devices(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetDevices, Title: "执法记录仪状态（第五条、第二十条）",
		Header: []string{"记录仪", "型号", "配发给", "状态", "自", "变更人", "说明", "上次导出", "剩余空间", "时钟"},
		Widths: []float64{1.1, 1, 1.4, 0.7, 1.3, 0.9, 1.6, 1.3, 1, 1.3}}
	for _, s := range regulation.DeviceStates.Keys() {
		for _, d := range r.Devices {
			if d.State != s {
				continue
			}
			officer := ""
			if d.Officer != "" {
				officer = who(d.Officer)
			}
			free := ""
			if d.Free >= 0 {
				free = fmt.Sprintf("%.1f GB", float64(d.Free)/1e9)
			}
			clock := ""
			if d.ClockOff != 0 {
				clock = fmt.Sprintf("偏差 %+.0f 秒未校正", d.ClockOffS)
			}
			t.Rows = append(t.Rows, []string{d.Serial, d.Model, officer, word(regulation.DeviceStates, d.State), local(d.At),
				strings.TrimPrefix(d.By, "user:"), d.Note, local(d.LastDock), free, clock})
		}
	}
	return t
}

func preUse(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetPreUse, Title: "使用前检查未通过（第五条）",
		Header: []string{"编号", "检查时间", "记录仪", "执法人员", "未通过的项目", "处理"}, Widths: []float64{0.6, 1.3, 1.1, 1.5, 3, 2}}
	for _, p := range r.PreUseFailed {
		var items []string
		for _, k := range p.Problems {
			items = append(items, word(regulation.PreUseChecks, k))
		}
		ack := "待处理"
		if !p.AckAt.IsZero() {
			ack = local(p.AckAt) + " " + strings.TrimPrefix(p.AckBy, "user:") + "：" + p.AckNote
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(p.ID, 10), local(p.At), p.Device, who(p.Officer), strings.Join(items, "、"), ack})
	}
	return t
}

// violations is the register: the signs raised for review and the cases,
// never a finding of the software.
func violations(r followups.Monthly, who func(string) string) Table {
	t := Table{Name: SheetViolations, Title: "违规情形登记（第二十条、第二十一条；工作站只提示，不作认定）",
		Header: []string{"编号", "提示时间", "记录仪", "执法人员", "第二十条", "提示内容", "状态", "追究方式（第二十一条）"},
		Widths: []float64{0.6, 1.3, 1, 1.4, 1.8, 3, 0.8, 1.8}}
	status := map[string]string{custody.ViolationRaised: "待核查", custody.ViolationOpen: "核查中", custody.ViolationDecided: "已决定", custody.ViolationClosed: "已结案"}
	for _, v := range r.Violations {
		term, _ := regulation.Violations.Term(v.Item)
		var ms []string
		for _, k := range v.Measures {
			ms = append(ms, word(regulation.Measures, k))
		}
		officer := ""
		if v.Officer != "" {
			officer = who(v.Officer)
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(v.ID, 10), local(v.RaisedAt), v.Device, officer,
			term.Cite() + " " + term.Zh, v.Detail, status[v.Status], strings.Join(ms, "、")})
	}
	return t
}

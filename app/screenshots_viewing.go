package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"evidock/store"
)

// shotPeople are the demo's requester, approvers and custodian, made once
// by the first screenshot run of the viewing screens.
var shotPeople struct {
	officer, legal, leader, keeper *store.Session
	caseReq, extractReq            store.Request
}

// viewingScreenshots saves the viewing and export screens (requests,
// approvals, register, export) in the current language: it makes demo users
// of each role and their requests through the logged-in administrator on
// the first run.
func (ui *UI) viewingScreenshots(shoot func(string), on func(func()), pause func(time.Duration)) {
	if ui.sess == nil {
		return
	}
	if shotPeople.officer == nil {
		if err := ui.shotData(ui.ctx); err != nil {
			fyne.LogError("screenshots: viewing demo data", err)
			return
		}
	}
	p := &shotPeople
	selectTab := func(title string) {
		for i, it := range ui.tabs.Items {
			if it.Text == title {
				ui.tabs.SelectIndex(i)
			}
		}
	}
	on(func() { ui.SetSession(p.officer); selectTab(T("tab.viewing")) })
	on(func() {
		if ui.viewing != nil && ui.viewing.requests != nil {
			ui.viewing.requests.ids.SetText(p.caseReq.Recordings[0])
		}
	})
	shoot("requests")
	on(func() { ui.SetSession(p.leader); selectTab(T("tab.viewing")) })
	on(func() {
		if ui.viewing != nil {
			ui.viewing.tabs.SelectIndex(1)
		}
	})
	shoot("approvals")
	on(func() { ui.SetSession(p.keeper); selectTab(T("tab.viewing")) })
	on(func() {
		if ui.viewing != nil {
			ui.viewing.tabs.SelectIndex(len(ui.viewing.tabs.Items) - 1)
		}
	})
	shoot("register")
	on(func() {
		ui.tabs.SelectIndex(TabLibrary)
		if ui.lib != nil {
			ui.lib.Search()
		}
	})
	pause(time.Second)
	on(func() {
		if ui.lib != nil && ui.lib.Total() > 0 {
			ui.lib.list.Select(0)
		}
	})
	shoot("library-custodian")
	on(func() { selectTab(T("tab.export")) })
	pause(time.Second)
	on(func() {
		w := ui.exportW
		if w == nil || len(w.request.Options) == 0 {
			return
		}
		w.request.SetSelected(w.request.Options[0])
		w.caseNo.SetText("文执罚〔2025〕17号")
		w.caseNm.SetText("某网吧接纳未成年人案")
		w.extractor.SetText("李娜")
		w.content.SetText("现场检查全过程录像")
		w.medium.SetSelected(T("exp.medium_cd"))
		w.folder.SetText(filepath.Join(filepath.Dir(ui.st.Dir()), "exports"))
		w.Start()
	})
	pause(6 * time.Second)
	shoot("export")
}

// shotData makes the demo's users of each role, a case request (pending),
// an approved case request with a registered viewing, and an approved
// evidence-extraction request.
func (ui *UI) shotData(ctx context.Context) error {
	admin := ui.sess
	var b [9]byte
	rand.Read(b[:])
	pw := hex.EncodeToString(b[:])
	p := &shotPeople
	for _, u := range []struct {
		name, display, officer string
		role                   store.Role
		sess                   **store.Session
	}{{"zhangwei", "张伟", "J10023", store.RoleOfficer, &p.officer}, {"fazhi", "法制办 刘洋", "", store.RoleLegal, &p.legal},
		{"lingdao", "主管领导 陈刚", "", store.RoleLeader, &p.leader}, {"baoguan", "保管人 赵敏", "", store.RoleCustodian, &p.keeper}} {
		if err := admin.AddUser(ctx, store.NewUser{Name: u.name, Display: u.display, OfficerID: u.officer,
			Roles: []store.Role{u.role}, Password: pw}); err != nil {
			return err
		}
		s, err := ui.st.Login(ctx, u.name, pw)
		if err != nil {
			return err
		}
		*u.sess = s
	}
	recs, err := p.officer.Recordings(ctx, store.RecordingFilter{Limit: 4})
	if err != nil || len(recs) < 3 {
		return err
	}
	ids := func(rs []store.Recording) (out []string) {
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	approved, err := p.officer.RequestView(ctx, store.ViewRequest{Recordings: ids(recs[:1]), Purpose: store.PurposeCase,
		Reason: "文执罚〔2025〕12号 核实当事人陈述"})
	if err == nil {
		_, err = p.legal.Decide(ctx, approved.ID, store.Decision{Approve: true, Note: "同意，限本案使用"})
	}
	if err == nil {
		_, err = p.keeper.RegisterViewing(ctx, store.ViewingEntry{RequestID: approved.ID, RecordingID: recs[0].ID, Viewer: "当事人代理律师 孙某"})
	}
	if err == nil {
		p.extractReq, err = p.officer.RequestView(ctx, store.ViewRequest{Recordings: ids(recs[1:3]), Purpose: store.PurposeExtraction,
			Reason: "移送法院，作为证据提交"})
	}
	if err == nil {
		_, err = p.leader.Decide(ctx, p.extractReq.ID, store.Decision{Approve: true, ValidFor: 3 * 24 * time.Hour})
	}
	if err == nil {
		p.caseReq, err = p.officer.RequestView(ctx, store.ViewRequest{Recordings: ids(recs[2:3]), Purpose: store.PurposeReview,
			Reason: "复核 2025-03 现场检查是否全程记录"})
	}
	return err
}

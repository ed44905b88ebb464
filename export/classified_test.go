package export

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// A classified recording (Art. 19) leaves the archive only under a
// leader's approval: an approval by the legal office that a later
// classification overtook is refused at export, and the refusal is in the
// ledger. Under a leader's approval the disc marks the level in the file
// name, the volume label and 说明.pdf.
func TestRunClassifiedNeedsLeader(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	root, err := st.InitAdmin(ctx, "root", "管理员", pw)
	if err != nil {
		t.Fatal(err)
	}
	login := func(name, officer string, role store.Role) *store.Session {
		t.Helper()
		if err := root.AddUser(ctx, store.NewUser{Name: name, OfficerID: officer, Roles: []store.Role{role}, Password: pw}); err != nil {
			t.Fatal(err)
		}
		s, err := st.Login(ctx, name, pw)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	keeper, officer := login("keeper", "", store.RoleCustodian), login("zhangsan", "1001", store.RoleOfficer)
	legal, boss := login("fazhi", "", store.RoleLegal), login("boss", "", store.RoleLeader)
	if err := root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 50_000)
	rand.Read(b)
	rec, err := importClip(st, "1001", "DEV001", "FILE0001.MP4", b, time.Date(2026, 11, 29, 8, 15, 2, 0, cst))
	if err != nil {
		t.Fatal(err)
	}
	request := func(approver *store.Session) access.Request {
		t.Helper()
		r, err := access.RequestView(ctx, officer, access.ViewRequest{Recordings: []string{rec.ID}, Purpose: access.PurposeExtraction, Reason: "移送法院"})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = access.Decide(ctx, approver, r.ID, access.Decision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	spec := func(req access.Request) Spec {
		return Spec{Request: req.ID, Medium: CD, OutDir: filepath.Join(t.TempDir(), "out"),
			Description: Description{CaseNumber: "JYWL-2026-0012", Maker: "李四", Extractor: "王法官",
				ExtractedAt: time.Date(2026, 11, 30, 14, 30, 0, 0, cst)}, Options: Options{Location: cst}}
	}

	byLegal := request(legal)
	if err := keeper.Classify(ctx, rec.ID, store.Commercial, "涉及企业经营信息"); err != nil {
		t.Fatal(err)
	}
	s := spec(byLegal)
	if _, err := Run(ctx, keeper, s); !errors.Is(err, store.ErrRefused) || !strings.Contains(err.Error(), "classified") {
		t.Fatalf("export under the legal office's approval: %v, want refused as classified", err)
	}
	if _, err := os.Stat(s.OutDir); !os.IsNotExist(err) {
		t.Errorf("the refused export wrote %s", s.OutDir)
	}
	refusals, err := records.Ledger(ctx, boss, ledger.Filter{ActionPrefix: "refused", Subject: access.RequestSubject(byLegal.ID)})
	if err != nil || len(refusals) == 0 {
		t.Fatalf("no refusal in the ledger: %v %v", err, refusals)
	}

	byBoss := request(boss)
	res, err := Run(ctx, keeper, spec(byBoss))
	if err != nil {
		t.Fatal(err)
	}
	name := res.Files[0].Name
	if !strings.HasPrefix(name, "【商业秘密】张三_20261129_081502_DEV001") {
		t.Errorf("file name %q does not begin with the level", name)
	}
	if d := res.Discs[0]; !strings.HasPrefix(d.VolumeID, "商业秘密_JYWL_2026_0012") {
		t.Errorf("volume label %q", d.VolumeID)
	}
	items := itemsFor([]access.ExportRecording{{Recording: rec, OfficerName: "张三", Path: st.Archive().Path(rec.SHA256)}}, cst)
	items[0].Classification = string(store.Commercial)
	desc := spec(byBoss).Description
	desc.Request, desc.Approver, desc.ApprovedAt, desc.Purpose = byBoss.ID, "boss（主管领导）", byBoss.DecidedAt.In(cst), "移送法院"
	checkDescription(t, filepath.Join(res.Discs[0].Bag.Dir, DescriptionFile), desc, items, 1, 1)
	verifyOK(t, res.Discs[0].ISO)
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"evidock/digest"
)

func init() {
	// Cheap hashes: the tests hash hundreds of passwords.
	SetPasswordCost(64, 1, 1)
}

const testPassword = "correct horse"

// fakeClock is a settable st.Now.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// fixture is a set-up data folder: an administrator "root", a leader
// "boss", a legal officer "lawyer", a custodian "keeper", officer "o2"
// (number 1002), one user per role ("r_<role>", the officer with number
// 1001), and one normal recording of officer 1001.
type fixture struct {
	st    *Store
	clock *fakeClock
	root  *Session
	boss  *Session
	law   *Session
	keep  *Session
	o2    *Session
	as    map[Role]*Session // one single-role session per role, and the workstation
	rec   Recording
}

var allRoles = append(append([]Role{}, UserRoles...), RoleWorkstation)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := openTest(t)
	// 09:00 on the workstation's own clock (China time on the office PCs,
	// TZ=Asia/Shanghai in CI; UTC elsewhere): days and deadlines are local.
	c := &fakeClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.Local)}
	st.Now = c.now
	root, err := st.InitAdmin(ctx, "root", "管理员", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{st: st, clock: c, root: root, as: map[Role]*Session{RoleWorkstation: st.Workstation()}}
	fx.boss = fx.addUser(t, "boss", "", RoleLeader)
	fx.law = fx.addUser(t, "lawyer", "", RoleLegal)
	fx.keep = fx.addUser(t, "keeper", "", RoleCustodian)
	fx.o2 = fx.addUser(t, "o2", "1002", RoleOfficer)
	for _, r := range UserRoles {
		officer := ""
		if r == RoleOfficer {
			officer = "1001"
		}
		fx.as[r] = fx.addUser(t, "r_"+string(r), officer, r)
	}
	fx.rec = importAs(t, st, "recording of 1001", "A.MP4", "1001")
	return fx
}

// addUser creates a user through root and logs them in.
func (fx *fixture) addUser(t *testing.T, name, officer string, roles ...Role) *Session {
	t.Helper()
	ctx := context.Background()
	if err := fx.root.AddUser(ctx, NewUser{Name: name, OfficerID: officer, Roles: roles, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(roles, RoleService) {
		sess, err := fx.st.DockingSession(ctx)
		if err != nil || sess.Actor().Name != name {
			t.Fatalf("service session: %v %v", sess, err)
		}
		return sess
	}
	sess, err := fx.st.Login(ctx, name, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// approved is a request by sess for recs, approved by approver.
func (fx *fixture) approved(t *testing.T, sess, approver *Session, p Purpose, recs ...string) Request {
	t.Helper()
	ctx := context.Background()
	r, err := sess.RequestView(ctx, ViewRequest{Recordings: recs, Purpose: p, Reason: "case 2025-17"})
	if err != nil {
		t.Fatal(err)
	}
	r, err = approver.Decide(ctx, r.ID, Decision{Approve: true, Note: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// registered has the custodian register the viewing of rec under r (Art.
// 16-17), which playing needs.
func (fx *fixture) registered(t *testing.T, r Request, rec string) {
	t.Helper()
	if _, err := fx.keep.RegisterViewing(context.Background(), ViewingEntry{RequestID: r.ID, RecordingID: rec, Viewer: r.Requester}); err != nil {
		t.Fatal(err)
	}
}

// importAs archives content as a recording of officer.
func importAs(t *testing.T, st *Store, content, name, officer string) Recording {
	t.Helper()
	ctx := context.Background()
	run, err := st.Workstation().BeginImport(ctx, ImportSpec{Source: "test", DeviceID: "DEV1", OfficerID: officer})
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		t.Fatal(err)
	}
	sum, n, err := digest.Copy(tmp, strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	got, err := run.Archive(ctx, tmp, Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: st.Now(), Kind: "video", Sum: sum, Size: n})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, Summary{Status: StatusComplete, Files: 1, New: 1}); err != nil {
		t.Fatal(err)
	}
	recs, err := st.recordings(ctx, RecordingFilter{IDs: []string{got.RecordingID}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("recording %s: %v %v", got.RecordingID, recs, err)
	}
	return recs[0]
}

// entriesSince returns the ledger entries from seq on.
func entriesSince(t *testing.T, st *Store, seq int64) []Entry {
	t.Helper()
	all, err := st.queryLedger(context.Background(), LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return all[seq:]
}

func ledgerSize(t *testing.T, st *Store) int64 {
	t.Helper()
	h, err := st.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Size
}

// refusal finds the refusal entry of attempted by actor among entries.
func refusal(entries []Entry, actor string, attempted Action) (map[string]any, bool) {
	for _, e := range entries {
		if e.Action != "refused" || e.Actor != actor {
			continue
		}
		var d map[string]any
		if json.Unmarshal(e.Details, &d) == nil && d["attempted"] == string(attempted) {
			return d, true
		}
	}
	return nil, false
}

func hasEntry(entries []Entry, actor, action string) bool {
	for _, e := range entries {
		if e.Actor == actor && e.Action == action {
			return true
		}
	}
	return false
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustUser(t *testing.T, st *Store, root *Session, name, officer string, roles ...Role) *Session {
	t.Helper()
	ctx := context.Background()
	must(t, root.AddUser(ctx, NewUser{Name: name, OfficerID: officer, Roles: roles, Password: testPassword}))
	sess, err := st.Login(ctx, name, testPassword)
	must(t, err)
	return sess
}

// dock imports clips (name → recorded at) from device as officer, with
// what docking measured, and returns the import's id.
func dock(t *testing.T, st *Store, spec ImportSpec, clips map[string]time.Time, facts ...Facts) string {
	t.Helper()
	ctx := context.Background()
	if spec.Source == "" {
		spec.Source = "dock"
	}
	run, err := st.Workstation().BeginImport(ctx, spec)
	must(t, err)
	names := make([]string, 0, len(clips))
	for n := range clips {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		tmp, err := run.CreateTemp()
		must(t, err)
		sum, size, err := digest.Copy(tmp, strings.NewReader(spec.DeviceID+"/"+n+"/"+clips[n].String()))
		must(t, err)
		f := Facts{RecordedAt: clips[n].UTC(), Duration: time.Minute}
		if i < len(facts) {
			f.Officer, f.Flags = facts[i].Officer, facts[i].Flags
		}
		_, err = run.Archive(ctx, tmp, Incoming{Name: n, SourcePath: "DCIM/" + n, FileTime: clips[n], Kind: "video", Sum: sum, Size: size, Facts: f})
		must(t, err)
	}
	must(t, run.Finish(ctx, Summary{Status: StatusComplete, Files: len(clips), New: len(clips)}))
	if _, err := st.UpdateImportTimelines(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	return run.ID
}

// exportSpec is a complete spec for request id.
func exportSpec(t *testing.T, id int64) ExportSpec {
	return ExportSpec{RequestID: id, Medium: "dvd", OutDir: filepath.Join(t.TempDir(), "out"),
		Description: ExportDescription{CaseNumber: "江文旅罚〔2025〕17号", CaseName: "某网吧案", Maker: "李四", Extractor: "王法官"}}
}

// expiredRecording imports content two years before the fixture's clock.
func expiredRecording(t *testing.T, fx *fixture, content string) Recording {
	t.Helper()
	now := fx.clock.t
	fx.clock.t = now.AddDate(-2, 0, 0)
	rec := importAs(t, fx.st, content, "OLD.MP4", "1001")
	fx.clock.t = now
	return rec
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

func openTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// rawDB opens the ledger file directly, as someone with the file would.
func rawDB(t *testing.T, st *Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), DBName)+"?_pragma=busy_timeout(5000)&_pragma=recursive_triggers(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// importOne archives content through the real path and returns its recording.
func importOne(t *testing.T, st *Store, content, name string) Recording {
	t.Helper()
	return importAs(t, st, content, name, "001")
}

func verifyProblems(t *testing.T, st *Store) []Problem {
	t.Helper()
	rep, err := st.Workstation().Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != (len(rep.Problems) == 0) {
		t.Fatalf("report OK=%v with %d problems", rep.OK, len(rep.Problems))
	}
	return rep.Problems
}

// completedExport makes a completed evidence export of recs and returns its
// id.
func completedExport(t *testing.T, fx *fixture, recs ...string) int64 {
	t.Helper()
	ctx := context.Background()
	r := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, recs...)
	run, err := fx.keep.BeginExport(ctx, exportSpec(t, r.ID))
	must(t, err)
	var files []ExportFile
	for _, id := range recs {
		got, err := fx.st.recordings(ctx, RecordingFilter{IDs: []string{id}})
		must(t, err)
		files = append(files, ExportFile{Disc: 1, Name: id + ".mp4", Recording: id, SHA256: got[0].SHA256, SM3: got[0].SM3})
	}
	must(t, run.Complete(ctx, ExportOutcome{Discs: []ExportDisc{{Disc: 1, Of: 1, SHA256: "aa", SM3: "bb", Size: 2048}}, Files: files}))
	return run.Export.ID
}

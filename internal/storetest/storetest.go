package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/digest"
	"evidock/followups"
	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	// Cheap hashes: the tests hash hundreds of passwords.
	store.SetPasswordCost(64, 1, 1)
}

const Password = "correct horse"

// Clock is a settable st.Now.
type Clock struct{ T time.Time }

func (c *Clock) Now() time.Time { return c.T }

func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

// Fixture is a set-up data folder: an administrator "root", a leader
// "boss", a legal officer "lawyer", a custodian "keeper", officer "o2"
// (number 1002), one user per role ("r_<role>", the officer with number
// 1001), and one normal recording of officer 1001.
type Fixture struct {
	St    *store.Store
	Clock *Clock
	Root  *store.Session
	Boss  *store.Session
	Law   *store.Session
	Keep  *store.Session
	O2    *store.Session
	As    map[store.Role]*store.Session // one single-role session per role, and the workstation
	Rec   records.Recording
}

var AllRoles = append(append([]store.Role{}, store.UserRoles...), store.RoleWorkstation)

func New(t *testing.T) *Fixture {
	t.Helper()
	ctx := context.Background()
	st := Open(t)
	// 09:00 on the workstation's own clock (China time on the office PCs,
	// TZ=Asia/Shanghai in CI; UTC elsewhere): days and deadlines are local.
	c := &Clock{T: time.Date(2025, 3, 1, 9, 0, 0, 0, time.Local)}
	st.Now = c.Now
	root, err := st.InitAdmin(ctx, "root", "管理员", Password)
	if err != nil {
		t.Fatal(err)
	}
	fx := &Fixture{St: st, Clock: c, Root: root, As: map[store.Role]*store.Session{store.RoleWorkstation: st.Workstation()}}
	fx.Boss = fx.AddUser(t, "boss", "", store.RoleLeader)
	fx.Law = fx.AddUser(t, "lawyer", "", store.RoleLegal)
	fx.Keep = fx.AddUser(t, "keeper", "", store.RoleCustodian)
	fx.O2 = fx.AddUser(t, "o2", "1002", store.RoleOfficer)
	for _, r := range store.UserRoles {
		officer := ""
		if r == store.RoleOfficer {
			officer = "1001"
		}
		fx.As[r] = fx.AddUser(t, "r_"+string(r), officer, r)
	}
	fx.Rec = ImportAs(t, st, "recording of 1001", "A.MP4", "1001")
	return fx
}

// AddUser creates a user through root and logs them in.
func (fx *Fixture) AddUser(t *testing.T, name, officer string, roles ...store.Role) *store.Session {
	t.Helper()
	ctx := context.Background()
	if err := fx.Root.AddUser(ctx, store.NewUser{Name: name, OfficerID: officer, Roles: roles, Password: Password}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(roles, store.RoleService) {
		sess, err := fx.St.DockingSession(ctx)
		if err != nil || sess.Actor().Name != name {
			t.Fatalf("service session: %v %v", sess, err)
		}
		return sess
	}
	sess, err := fx.St.Login(ctx, name, Password)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// Approved is a request by sess for recs, approved by approver.
func (fx *Fixture) Approved(t *testing.T, sess, approver *store.Session, p access.Purpose, recs ...string) access.Request {
	t.Helper()
	ctx := context.Background()
	r, err := access.RequestView(ctx, sess, access.ViewRequest{Recordings: recs, Purpose: p, Reason: "case 2025-17"})
	if err != nil {
		t.Fatal(err)
	}
	r, err = access.Decide(ctx, approver, r.ID, access.Decision{Approve: true, Note: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Registered has the custodian register the viewing of rec under r (Art.
// 16-17), which playing needs.
func (fx *Fixture) Registered(t *testing.T, r access.Request, rec string) {
	t.Helper()
	if _, err := access.RegisterViewing(context.Background(), fx.Keep, access.ViewingEntry{RequestID: r.ID, RecordingID: rec, Viewer: r.Requester}); err != nil {
		t.Fatal(err)
	}
}

// ImportAs archives content as a recording of officer.
func ImportAs(t *testing.T, st *store.Store, content, name, officer string) records.Recording {
	t.Helper()
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "DEV1", OfficerID: officer})
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
	got, err := run.Archive(ctx, tmp, records.Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: st.Now(), Kind: "video", Sum: sum, Size: n})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 1, New: 1}); err != nil {
		t.Fatal(err)
	}
	recs, err := records.QueryRecordings(ctx, st, records.RecordingFilter{IDs: []string{got.RecordingID}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("recording %s: %v %v", got.RecordingID, recs, err)
	}
	return recs[0]
}

// EntriesSince returns the ledger entries from seq on.
func EntriesSince(t *testing.T, st *store.Store, seq int64) []ledger.Entry {
	t.Helper()
	all, err := st.QueryLedger(context.Background(), ledger.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return all[seq:]
}

func LedgerSize(t *testing.T, st *store.Store) int64 {
	t.Helper()
	h, err := st.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Size
}

// Refusal finds the refusal entry of attempted by actor among entries.
func Refusal(entries []ledger.Entry, actor string, attempted store.Action) (map[string]any, bool) {
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

func HasEntry(entries []ledger.Entry, actor, action string) bool {
	for _, e := range entries {
		if e.Actor == actor && e.Action == action {
			return true
		}
	}
	return false
}

func Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func MustUser(t *testing.T, st *store.Store, root *store.Session, name, officer string, roles ...store.Role) *store.Session {
	t.Helper()
	ctx := context.Background()
	Must(t, root.AddUser(ctx, store.NewUser{Name: name, OfficerID: officer, Roles: roles, Password: Password}))
	sess, err := st.Login(ctx, name, Password)
	Must(t, err)
	return sess
}

// Dock imports clips (name → recorded at) from device as officer, with
// what docking measured, and returns the import's id.
func Dock(t *testing.T, st *store.Store, spec records.ImportSpec, clips map[string]time.Time, facts ...records.Facts) string {
	t.Helper()
	ctx := context.Background()
	if spec.Source == "" {
		spec.Source = "dock"
	}
	run, err := records.BeginImport(ctx, st.Workstation(), spec)
	Must(t, err)
	names := make([]string, 0, len(clips))
	for n := range clips {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		tmp, err := run.CreateTemp()
		Must(t, err)
		sum, size, err := digest.Copy(tmp, strings.NewReader(spec.DeviceID+"/"+n+"/"+clips[n].String()))
		Must(t, err)
		f := records.Facts{RecordedAt: clips[n].UTC(), Duration: time.Minute}
		if i < len(facts) {
			f.Officer, f.Flags = facts[i].Officer, facts[i].Flags
		}
		_, err = run.Archive(ctx, tmp, records.Incoming{Name: n, SourcePath: "DCIM/" + n, FileTime: clips[n], Kind: "video", Sum: sum, Size: size, Facts: f})
		Must(t, err)
	}
	Must(t, run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: len(clips), New: len(clips)}))
	if _, err := followups.UpdateImportTimelines(ctx, st, run.ID); err != nil {
		t.Fatal(err)
	}
	return run.ID
}

// ExportSpecFor is a complete spec for request id.
func ExportSpecFor(t *testing.T, id int64) access.ExportSpec {
	return access.ExportSpec{RequestID: id, Medium: "dvd", OutDir: filepath.Join(t.TempDir(), "out"),
		Description: access.ExportDescription{CaseNumber: "江文旅罚〔2025〕17号", CaseName: "某网吧案", Maker: "李四", Extractor: "王法官"}}
}

// ExpiredRecording imports content two years before the fixture's clock.
func ExpiredRecording(t *testing.T, fx *Fixture, content string) records.Recording {
	t.Helper()
	now := fx.Clock.T
	fx.Clock.T = now.AddDate(-2, 0, 0)
	rec := ImportAs(t, fx.St, content, "OLD.MP4", "1001")
	fx.Clock.T = now
	return rec
}

func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

func Open(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// RawDB opens the ledger file directly, as someone with the file would.
func RawDB(t *testing.T, st *store.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), store.DBName)+"?_pragma=busy_timeout(5000)&_pragma=recursive_triggers(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ImportOne archives content through the real path and returns its recording.
func ImportOne(t *testing.T, st *store.Store, content, name string) records.Recording {
	t.Helper()
	return ImportAs(t, st, content, name, "001")
}

func VerifyProblems(t *testing.T, st *store.Store) []store.Problem {
	t.Helper()
	rep, err := safekeeping.Verify(context.Background(), st.Workstation(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != (len(rep.Problems) == 0) {
		t.Fatalf("report OK=%v with %d problems", rep.OK, len(rep.Problems))
	}
	return rep.Problems
}

// CompletedExport makes a completed evidence export of recs and returns its
// id.
func CompletedExport(t *testing.T, fx *Fixture, recs ...string) int64 {
	t.Helper()
	ctx := context.Background()
	r := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, recs...)
	run, err := access.BeginExport(ctx, fx.Keep, ExportSpecFor(t, r.ID))
	Must(t, err)
	var files []access.ExportFile
	for _, id := range recs {
		got, err := records.QueryRecordings(ctx, fx.St, records.RecordingFilter{IDs: []string{id}})
		Must(t, err)
		files = append(files, access.ExportFile{Disc: 1, Name: id + ".mp4", Recording: id, SHA256: got[0].SHA256, SM3: got[0].SM3})
	}
	Must(t, run.Complete(ctx, access.ExportOutcome{Discs: []access.ExportDisc{{Disc: 1, Of: 1, SHA256: "aa", SM3: "bb", Size: 2048}}, Files: files}))
	return run.Export.ID
}

// CopyFolder copies a folder (a data folder, its database and write-ahead
// log with it, or a recorder's card) as someone copying it to another disk
// would; the copies are writable by their owner, so the test's temporary
// folders can be removed.
func CopyFolder(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o750)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, fi.Mode().Perm()|0o200)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", from, err)
	}
}

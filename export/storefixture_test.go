package export

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"evidock/access"
	"evidock/digest"
	"evidock/records"
	"evidock/store"
)

const pw = "correct horse battery"

var cst = time.FixedZone("CST", 8*3600)

// storeFixture is a real data folder: users per role, two registered
// officers and six recordings imported from their recorders. It is built
// once (password hashing is slow on purpose) and shared by the tests, which
// each ask for their own approved request.
type storeFixture struct {
	st                          *store.Store
	keeper, officer, supervisor *store.Session
	boss                        *store.Session
	recs                        []records.Recording
	content                     map[string][]byte // by recording ID
}

var (
	sharedOnce    sync.Once
	shared        *storeFixture
	sharedErr     error
	sharedCleanup func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedCleanup != nil {
		sharedCleanup()
	}
	os.Exit(code)
}

// newStoreFixture returns the shared fixture and an approved
// evidence-extraction request for its first n recordings.
func newStoreFixture(t *testing.T, n int) (*storeFixture, access.Request) {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = buildStoreFixture() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	f := shared
	var ids []string
	for _, r := range f.recs[:n] {
		ids = append(ids, r.ID)
	}
	ctx := context.Background()
	r, err := access.RequestView(ctx, f.officer, access.ViewRequest{Recordings: ids, Purpose: access.PurposeExtraction, Reason: "移送法院"})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = access.Decide(ctx, f.boss, r.ID, access.Decision{Approve: true}); err != nil {
		t.Fatal(err)
	}
	return f, r
}

func buildStoreFixture() (_ *storeFixture, err error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "evidock-export-test-")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	sharedCleanup = func() { st.Close(); os.RemoveAll(dir) }
	root, err := st.InitAdmin(ctx, "root", "管理员", pw)
	if err != nil {
		return nil, err
	}
	login := func(name, officer string, role store.Role) *store.Session {
		if err == nil {
			err = root.AddUser(ctx, store.NewUser{Name: name, OfficerID: officer, Roles: []store.Role{role}, Password: pw})
		}
		var s *store.Session
		if err == nil {
			s, err = st.Login(ctx, name, pw)
		}
		return s
	}
	f := &storeFixture{st: st, content: map[string][]byte{}}
	f.keeper = login("keeper", "", store.RoleCustodian)
	f.officer = login("zhangsan", "1001", store.RoleOfficer)
	f.supervisor = login("checker", "", store.RoleSupervisor)
	f.boss = login("boss", "", store.RoleLeader)
	if err != nil {
		return nil, err
	}
	for _, o := range []store.Officer{{Number: "1001", Name: "张三"}, {Number: "1002", Name: "王五"}} {
		if err := root.AddOfficer(ctx, o); err != nil {
			return nil, err
		}
	}
	for i := range 6 {
		officer, device := "1001", "DEV001"
		if i%2 == 1 {
			officer, device = "1002", "DEV002"
		}
		b := make([]byte, 200_000+i)
		rand.Read(b)
		at := time.Date(2026, 11, 29, 8, 15, 2, 0, cst).Add(time.Duration(i) * 10 * time.Minute)
		rec, err := importClip(st, officer, device, fmt.Sprintf("CLIP%04d.MP4", i), b, at)
		if err != nil {
			return nil, err
		}
		f.recs = append(f.recs, rec)
		f.content[rec.ID] = b
	}
	return f, nil
}

func importClip(st *store.Store, officer, device, name string, b []byte, at time.Time) (records.Recording, error) {
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "test", DeviceID: device, OfficerID: officer})
	if err != nil {
		return records.Recording{}, err
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		return records.Recording{}, err
	}
	sum, size, err := digest.Copy(tmp, bytes.NewReader(b))
	if err != nil {
		return records.Recording{}, err
	}
	got, err := run.Archive(ctx, tmp, records.Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: at, Kind: "video",
		Sum: sum, Size: size, Facts: records.Facts{RecordedAt: at.UTC(), Duration: 95 * time.Second}})
	if err != nil {
		return records.Recording{}, err
	}
	if err := run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 1, New: 1}); err != nil {
		return records.Recording{}, err
	}
	recs, err := records.Recordings(ctx, st.Workstation(), records.RecordingFilter{IDs: []string{got.RecordingID}})
	if err != nil || len(recs) != 1 {
		return records.Recording{}, fmt.Errorf("recording %s: %v", got.RecordingID, err)
	}
	return recs[0], nil
}

func (f *storeFixture) spec(t *testing.T, req access.Request) Spec {
	return Spec{Request: req.ID, Medium: DVD, OutDir: filepath.Join(t.TempDir(), "out"),
		Description: Description{CaseNumber: "江文旅罚〔2026〕12号", CaseName: "某歌舞娱乐场所未经许可经营案",
			Maker: "李四", Extractor: "王法官", Content: "现场检查的执法记录。", Organization: "江源区文化广播电视和旅游局"},
		Options: Options{Location: cst}}
}

func mustRecordings(t *testing.T, f *storeFixture) []access.ExportRecording {
	t.Helper()
	names := map[string]string{"1001": "张三", "1002": "王五"}
	out := make([]access.ExportRecording, len(f.recs))
	for i, r := range f.recs {
		out[i] = access.ExportRecording{Recording: r, OfficerName: names[r.OfficerID], Path: f.st.Archive().Path(r.SHA256)}
	}
	return out
}

// flipByte changes one bit of the first occurrence of marker in the file.
func flipByte(t *testing.T, path string, marker []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, marker)
	if i < 0 {
		t.Fatalf("%s does not contain the marker", path)
	}
	b[i+len(marker)/2] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

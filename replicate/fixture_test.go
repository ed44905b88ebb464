package replicate

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"evidock/digest"
	"evidock/internal/s3test"
	"evidock/records"
	"evidock/retention"
	"evidock/store"
)

const pw = "correct horse battery"

// fixture is a real data folder with recordings, a custodian, and a real
// S3 server with Object Lock.
type fixture struct {
	st      *store.Store
	keeper  *store.Session
	recs    []string // recording IDs
	content map[string][]byte
	srv     *s3test.Server
	c       *minio.Client // a client of our own, to look at the bucket
	target  Target
}

func newFixture(t *testing.T, clips int) *fixture {
	t.Helper()
	srv := s3test.Start(t)
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	root, err := st.InitAdmin(ctx, "root", "管理员", pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := root.AddUser(ctx, store.NewUser{Name: "keeper", Roles: []store.Role{store.RoleCustodian}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	keeper, err := st.Login(ctx, "keeper", pw)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, keeper: keeper, content: map[string][]byte{}, srv: srv}
	for i := range clips {
		size := 100_000 + i
		if i == 0 {
			size = 20<<20 + 7 // more than one part: a multipart upload
		}
		if i == 1 {
			size = 1 // the smallest recording (an empty file is no recording: see store.ImportRun.Archive)
		}
		f.importClip(t, fmt.Sprintf("CLIP%04d.MP4", i), size)
	}
	u, _ := url.Parse(srv.Endpoint)
	f.c, err = minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4(s3test.AccessKey, s3test.SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	f.target = Target{Endpoint: srv.Endpoint, Bucket: "evidence", AccessKey: s3test.AccessKey, SecretKey: s3test.SecretKey}
	return f
}

func (f *fixture) importClip(t *testing.T, name string, size int) string {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, size)
	rand.Read(b)
	run, err := records.BeginImport(ctx, f.st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "DEV001", OfficerID: "1001"})
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		t.Fatal(err)
	}
	sum, n, err := digest.Copy(tmp, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 29, 8, 15, 2, 0, time.UTC)
	got, err := run.Archive(ctx, tmp, records.Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: at, Kind: "video",
		Sum: sum, Size: n, Facts: records.Facts{RecordedAt: at, Duration: 95 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 1, New: 1}); err != nil {
		t.Fatal(err)
	}
	f.recs = append(f.recs, got.RecordingID)
	f.content[got.RecordingID] = b
	return got.RecordingID
}

// sha returns a recording's SHA-256.
func (f *fixture) sha(t *testing.T, id string) string {
	t.Helper()
	recs, err := records.Recordings(context.Background(), f.st.Workstation(), records.RecordingFilter{IDs: []string{id}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("recording %s: %v", id, err)
	}
	return recs[0].SHA256
}

func (f *fixture) run(t *testing.T) Report {
	t.Helper()
	rep, err := Run(context.Background(), f.st.Workstation(), f.target, Options{})
	if err != nil || !rep.OK {
		t.Fatalf("replicate: %+v %v", rep, err)
	}
	return rep
}

func (f *fixture) lock(t *testing.T, key string) (lockState, minio.ObjectInfo) {
	t.Helper()
	oi, err := f.c.StatObject(context.Background(), f.target.Bucket, key, minio.StatObjectOptions{})
	if err != nil {
		t.Fatalf("stat %s: %v", key, err)
	}
	return lockOf(oi), oi
}

func (f *fixture) versions(t *testing.T, prefix string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for o := range f.c.ListObjects(context.Background(), f.target.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true, WithVersions: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out[o.Key]++
	}
	return out
}

// retention is the recording's retention as `retention --json` shows it.
func (f *fixture) retention(t *testing.T, id string) retention.RetentionItem {
	t.Helper()
	items, err := retention.List(context.Background(), f.keeper, retention.RetentionFilter{IDs: []string{id}})
	if err != nil || len(items) != 1 {
		t.Fatalf("retention of %s: %v %v", id, items, err)
	}
	return items[0]
}

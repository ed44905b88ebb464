package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"evidock/digest"
)

// importRecordedAt archives content as a recording whose recorder said it
// was made at recorded.
func importRecordedAt(t *testing.T, st *Store, content string, recorded time.Time) Recording {
	t.Helper()
	ctx := context.Background()
	run, err := st.Workstation().BeginImport(ctx, ImportSpec{Source: "test", DeviceID: "DEV1", OfficerID: "1001"})
	must(t, err)
	tmp, err := run.CreateTemp()
	must(t, err)
	sum, n, err := digest.Copy(tmp, strings.NewReader(content))
	must(t, err)
	got, err := run.Archive(ctx, tmp, Incoming{Name: "OLD.MP4", SourcePath: "DCIM/OLD.MP4", FileTime: recorded, Kind: "video",
		Sum: sum, Size: n, Facts: Facts{RecordedAt: recorded, TimeSource: TimeFromMetadata}})
	must(t, err)
	must(t, run.Finish(ctx, Summary{Status: StatusComplete, Files: 1, New: 1}))
	recs, err := st.recordings(ctx, RecordingFilter{IDs: []string{got.RecordingID}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("recording %s: %v %v", got.RecordingID, recs, err)
	}
	return recs[0]
}

// A recorder whose clock says 2016 cannot make a recording imported today
// expire: retention counts from the later of recording and import.
func TestRetentionCountsFromTheLaterTime(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	imported := fx.clock.t
	rec := importRecordedAt(t, fx.st, "a clip whose recorder thinks it is 2016", time.Date(2016, 5, 1, 9, 0, 0, 0, time.UTC))
	items, err := fx.keep.Retention(ctx, RetentionFilter{IDs: []string{rec.ID}})
	must(t, err)
	it := items[0]
	if !it.RecordedAt.Equal(time.Date(2016, 5, 1, 9, 0, 0, 0, time.UTC)) || !it.ImportedAt.Equal(imported) ||
		!it.CountsFrom.Equal(imported) || !it.Until.Equal(imported.AddDate(1, 0, 0)) || it.Expired {
		t.Fatalf("retention %+v, want it to count from the import %v", it, imported)
	}
	for _, d := range []time.Duration{time.Hour, 364 * 24 * time.Hour} {
		fx.clock.t = imported.Add(d)
		expired, err := fx.keep.Retention(ctx, RetentionFilter{Expired: true})
		must(t, err)
		for _, e := range expired {
			if e.RecordingID == rec.ID {
				t.Fatalf("%v after its import it is listed as expired", d)
			}
		}
		if _, err := fx.keep.RequestPurge(ctx, []string{rec.ID}, "2016 is long past"); !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrRefused) {
			t.Fatalf("%v after its import a purge request was accepted: %v", d, err)
		}
	}
	fx.clock.t = imported.AddDate(1, 0, 1)
	expired, err := fx.keep.Retention(ctx, RetentionFilter{Expired: true})
	must(t, err)
	if len(expired) == 0 || expired[0].RecordingID != rec.ID && expired[len(expired)-1].RecordingID != rec.ID {
		t.Fatalf("a year and a day after the import it is not expired: %+v", expired)
	}
}

// A completed export holds its recordings as a case would, until it is
// released; then they expire by their own date.
func TestExportHoldsUntilReleased(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	id := completedExport(t, fx, fx.rec.ID)
	fx.clock.t = fx.clock.t.AddDate(3, 0, 0)
	items, err := fx.keep.Retention(ctx, RetentionFilter{IDs: []string{fx.rec.ID}})
	must(t, err)
	if it := items[0]; !it.Forever || it.Expired || len(it.Holds) != 1 || it.Holds[0].Export != id {
		t.Fatalf("three years on, the exported recording: %+v", it)
	}
	if _, err := fx.keep.RequestPurge(ctx, []string{fx.rec.ID}, "old"); err == nil || !strings.Contains(err.Error(), "evidence export") {
		t.Fatalf("purge of an exported recording: %v", err)
	}
	if err := fx.keep.ReleaseExport(ctx, id, " "); !errors.Is(err, ErrInvalid) {
		t.Fatalf("release without a reason: %v", err)
	}
	must(t, fx.keep.ReleaseExport(ctx, id, "案卷已结，光盘已归档"))
	if err := fx.keep.ReleaseExport(ctx, id, "again"); !errors.Is(err, ErrUnchanged) {
		t.Fatalf("a second release: %v", err)
	}
	items, err = fx.keep.Retention(ctx, RetentionFilter{IDs: []string{fx.rec.ID}})
	must(t, err)
	if it := items[0]; it.Forever || !it.Expired || len(it.Holds) != 0 {
		t.Fatalf("after the release: %+v", it)
	}
	if _, err := fx.keep.RequestPurge(ctx, []string{fx.rec.ID}, "old and released"); err != nil {
		t.Fatalf("purge after the release: %v", err)
	}
}

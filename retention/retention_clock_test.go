package retention_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/digest"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/retention"
	"evidock/store"
)

// importRecordedAt archives content as a recording whose recorder said it
// was made at recorded.
func importRecordedAt(t *testing.T, st *store.Store, content string, recorded time.Time) records.Recording {
	t.Helper()
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "DEV1", OfficerID: "1001"})
	storetest.Must(t, err)
	tmp, err := run.CreateTemp()
	storetest.Must(t, err)
	sum, n, err := digest.Copy(tmp, strings.NewReader(content))
	storetest.Must(t, err)
	got, err := run.Archive(ctx, tmp, records.Incoming{Name: "OLD.MP4", SourcePath: "DCIM/OLD.MP4", FileTime: recorded, Kind: "video",
		Sum: sum, Size: n, Facts: records.Facts{RecordedAt: recorded, TimeSource: records.TimeFromMetadata}})
	storetest.Must(t, err)
	storetest.Must(t, run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 1, New: 1}))
	recs, err := records.QueryRecordings(ctx, st, records.RecordingFilter{IDs: []string{got.RecordingID}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("recording %s: %v %v", got.RecordingID, recs, err)
	}
	return recs[0]
}

// A recorder whose clock says 2016 cannot make a recording imported today
// expire: retention counts from the later of recording and import.
func TestRetentionCountsFromTheLaterTime(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	imported := fx.Clock.T
	rec := importRecordedAt(t, fx.St, "a clip whose recorder thinks it is 2016", time.Date(2016, 5, 1, 9, 0, 0, 0, time.UTC))
	items, err := retention.List(ctx, fx.Keep, retention.RetentionFilter{IDs: []string{rec.ID}})
	storetest.Must(t, err)
	it := items[0]
	if !it.RecordedAt.Equal(time.Date(2016, 5, 1, 9, 0, 0, 0, time.UTC)) || !it.ImportedAt.Equal(imported) ||
		!it.CountsFrom.Equal(imported) || !it.Until.Equal(imported.AddDate(1, 0, 0)) || it.Expired {
		t.Fatalf("retention %+v, want it to count from the import %v", it, imported)
	}
	for _, d := range []time.Duration{time.Hour, 364 * 24 * time.Hour} {
		fx.Clock.T = imported.Add(d)
		expired, err := retention.List(ctx, fx.Keep, retention.RetentionFilter{Expired: true})
		storetest.Must(t, err)
		for _, e := range expired {
			if e.RecordingID == rec.ID {
				t.Fatalf("%v after its import it is listed as expired", d)
			}
		}
		if _, err := retention.RequestPurge(ctx, fx.Keep, []string{rec.ID}, "2016 is long past"); !errors.Is(err, store.ErrInvalid) && !errors.Is(err, store.ErrRefused) {
			t.Fatalf("%v after its import a purge request was accepted: %v", d, err)
		}
	}
	fx.Clock.T = imported.AddDate(1, 0, 1)
	expired, err := retention.List(ctx, fx.Keep, retention.RetentionFilter{Expired: true})
	storetest.Must(t, err)
	if len(expired) == 0 || expired[0].RecordingID != rec.ID && expired[len(expired)-1].RecordingID != rec.ID {
		t.Fatalf("a year and a day after the import it is not expired: %+v", expired)
	}
}

// A completed export holds its recordings as a case would, until it is
// released; then they expire by their own date.
func TestExportHoldsUntilReleased(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	id := storetest.CompletedExport(t, fx, fx.Rec.ID)
	fx.Clock.T = fx.Clock.T.AddDate(3, 0, 0)
	items, err := retention.List(ctx, fx.Keep, retention.RetentionFilter{IDs: []string{fx.Rec.ID}})
	storetest.Must(t, err)
	if it := items[0]; !it.Forever || it.Expired || len(it.Holds) != 1 || it.Holds[0].Export != id {
		t.Fatalf("three years on, the exported recording: %+v", it)
	}
	if _, err := retention.RequestPurge(ctx, fx.Keep, []string{fx.Rec.ID}, "old"); err == nil || !strings.Contains(err.Error(), "evidence export") {
		t.Fatalf("purge of an exported recording: %v", err)
	}
	if err := access.ReleaseExport(ctx, fx.Keep, id, " "); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("release without a reason: %v", err)
	}
	storetest.Must(t, access.ReleaseExport(ctx, fx.Keep, id, "案卷已结，光盘已归档"))
	if err := access.ReleaseExport(ctx, fx.Keep, id, "again"); !errors.Is(err, store.ErrUnchanged) {
		t.Fatalf("a second release: %v", err)
	}
	items, err = retention.List(ctx, fx.Keep, retention.RetentionFilter{IDs: []string{fx.Rec.ID}})
	storetest.Must(t, err)
	if it := items[0]; it.Forever || !it.Expired || len(it.Holds) != 0 {
		t.Fatalf("after the release: %+v", it)
	}
	if _, err := retention.RequestPurge(ctx, fx.Keep, []string{fx.Rec.ID}, "old and released"); err != nil {
		t.Fatalf("purge after the release: %v", err)
	}
}

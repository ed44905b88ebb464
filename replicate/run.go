package replicate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minio/minio-go/v7"
	"golang.org/x/mod/sumdb/tlog"

	"evidock/ledger/checkpoint"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// Options tune Run.
type Options struct {
	// Limit is the most bytes a second the run sends; 0 is no limit.
	Limit int64
	// Progress, when not nil, is called about five times a second while
	// files are sent, after each file and after each phase; one call at a
	// time, not always from the caller's goroutine.
	Progress func(Progress)
}

// Progress is how far a run is.
type Progress struct {
	Phase      string  `json:"phase"`       // "archive", "ledger", "done"
	Files      int     `json:"files"`       // archive objects sent
	FilesTotal int     `json:"files_total"` // of those to send
	Bytes      int64   `json:"bytes"`       // bytes sent
	BytesTotal int64   `json:"bytes_total"` // of those to send
	Rate       float64 `json:"rate"`        // bytes a second since the run began
}

// Report says what a run did.
type Report struct {
	Target     string   `json:"target"`
	Objects    int      `json:"objects"`    // archive objects the bucket must hold
	Uploaded   int      `json:"uploaded"`   // of them sent in this run
	Bytes      int64    `json:"bytes"`      // bytes sent for them
	Present    int      `json:"present"`    // already in the bucket
	Extended   int      `json:"extended"`   // retention extended
	HoldOn     int      `json:"hold_on"`    // legal holds set
	HoldOff    int      `json:"hold_off"`   // legal holds released
	Tiles      int      `json:"tiles"`      // ledger tiles and entry bundles sent
	Checkpoint int64    `json:"checkpoint"` // the size of the checkpoint the bucket now holds
	Created    bool     `json:"created"`    // the bucket was made by this run
	Problems   []string `json:"problems"`   // objects that could not be brought in line
	Seconds    float64  `json:"seconds"`    // how long the run took
	OK         bool     `json:"ok"`
}

// ErrCancelled marks a run whose context was cancelled. It stopped between
// objects or within one (an object appears in the bucket only when its
// upload completes), before the database snapshot and checkpoint or after
// both, so the bucket's checkpoint still proves what it proved; the next
// run sends what is missing. Its "replicate" entry says ok false and
// cancelled. An error wrapping it also wraps the context's error.
var ErrCancelled = errors.New("replication cancelled")

// minLock is the shortest retention any archive object gets, and renewAt
// how close to its end a lock is renewed (so that hourly runs do not
// extend every expired-but-unpurged recording each time).
const (
	minLock = 24 * time.Hour
	renewAt = 12 * time.Hour
)

// Run replicates the workstation to t: every archived recording not yet in
// the bucket, the retention and legal hold of those that are, the ledger's
// new tiles and bundles, a snapshot of the database, and last the signed
// checkpoint. It refuses a bucket whose checkpoint is not this
// workstation's, or that its ledger no longer contains (a rollback or fork
// here). The run, whatever its outcome, is a "replicate" ledger entry.
func Run(ctx context.Context, sess *store.Session, t Target, opts Options) (Report, error) {
	start := time.Now()
	rep := Report{Target: t.String(), Problems: []string{}}
	r := &run{sess: sess, st: sess.Store(), t: t, opts: opts, rep: &rep, start: start,
		lim: &limiter{rate: float64(opts.Limit)}}
	err := r.run(ctx)
	if errors.Is(err, store.ErrRefused) {
		return rep, err // the refusal is the ledger entry
	}
	cancelled := err != nil && ctx.Err() != nil
	if cancelled {
		err = fmt.Errorf("replicate: %w: %w", ErrCancelled, err)
	}
	rep.Seconds = time.Since(start).Seconds()
	rep.OK = err == nil && len(rep.Problems) == 0
	msg := ""
	if err != nil {
		msg = err.Error()
	} else if !rep.OK {
		msg = fmt.Sprintf("%d problems", len(rep.Problems))
	}
	logged := rep.Problems
	if len(logged) > 100 {
		logged = logged[:100]
	}
	rerr := safekeeping.RecordReplication(ctx, sess, safekeeping.Replication{Endpoint: t.Endpoint, Bucket: t.Bucket, Prefix: strings.Trim(t.Prefix, "/"),
		Started: start, Ended: time.Now(), OK: rep.OK, HeadSize: rep.Checkpoint, Uploaded: int64(rep.Uploaded), Bytes: rep.Bytes,
		Message: msg}, map[string]any{"ok": rep.OK, "objects": rep.Objects, "uploaded": rep.Uploaded, "bytes": rep.Bytes,
		"present": rep.Present, "extended": rep.Extended, "hold_on": rep.HoldOn, "hold_off": rep.HoldOff, "tiles": rep.Tiles,
		"checkpoint": rep.Checkpoint, "created_bucket": rep.Created, "problems": logged, "error": msg, "cancelled": cancelled})
	if err != nil {
		return rep, errors.Join(err, rerr)
	}
	return rep, rerr
}

type run struct {
	sess  *store.Session
	st    *store.Store
	t     Target
	opts  Options
	rep   *Report
	start time.Time
	lim   *limiter
	c     *minio.Client

	progressMu sync.Mutex   // one Progress call at a time
	sent       atomic.Int64 // bytes of archive files read for sending
	files      atomic.Int64
	filesTotal int
	bytesTotal int64
}

func (r *run) progress(phase string) {
	if r.opts.Progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	b := r.sent.Load()
	r.opts.Progress(Progress{Phase: phase, Files: int(r.files.Load()), FilesTotal: r.filesTotal,
		Bytes: b, BytesTotal: r.bytesTotal, Rate: float64(b) / max(time.Since(r.start).Seconds(), 1e-3)})
}

func (r *run) run(ctx context.Context) error {
	items, err := safekeeping.ReplicationPlan(ctx, r.sess)
	if err != nil {
		return err
	}
	release, err := safekeeping.LockReplication(r.st)
	if err != nil {
		return err
	}
	defer release()
	if r.c, err = r.t.client(); err != nil {
		return err
	}
	if r.rep.Created, err = checkBucket(ctx, r.c, r.t); err != nil {
		return err
	}
	remote, err := r.remoteCheckpoint(ctx)
	if err != nil {
		return err
	}
	if err := r.archive(ctx, items); err != nil {
		return err
	}
	return r.ledger(ctx, remote)
}

// remoteCheckpoint reads the bucket's checkpoint: it must be this
// workstation's and contained in its ledger. A bucket without one is size 0.
func (r *run) remoteCheckpoint(ctx context.Context) (checkpoint.Checkpoint, error) {
	keys := r.st.Keys()
	msg, err := r.get(ctx, CheckpointKey, 1<<16)
	if notFound(err) {
		return checkpoint.Checkpoint{Origin: keys.Origin}, nil
	}
	if err != nil {
		return checkpoint.Checkpoint{}, fmt.Errorf("replicate: read the bucket's checkpoint: %w", err)
	}
	sc, err := keys.Open(msg)
	if err != nil {
		return checkpoint.Checkpoint{}, fmt.Errorf("replicate: %s holds a checkpoint this workstation did not sign (another workstation's? give it another --prefix): %v: %w",
			r.t, err, ErrTarget)
	}
	h, err := r.st.Head(ctx)
	if err != nil {
		return checkpoint.Checkpoint{}, err
	}
	if err := checkpoint.Check(sc.Checkpoint, h.Size, r.st.HashReader(ctx)); err != nil {
		return checkpoint.Checkpoint{}, fmt.Errorf("replicate: the bucket's checkpoint against this ledger: %w", err)
	}
	return sc.Checkpoint, nil
}

// get reads a small object whole (at most limit bytes).
func (r *run) get(ctx context.Context, key string, limit int64) ([]byte, error) {
	return getObject(ctx, r.c, r.t, key, limit)
}

func getObject(ctx context.Context, c *minio.Client, t Target, key string, limit int64) ([]byte, error) {
	o, err := c.GetObject(ctx, t.Bucket, t.key(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	defer o.Close()
	b, err := io.ReadAll(io.LimitReader(o, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("replicate: %s is larger than %d bytes", key, limit)
	}
	return b, nil
}

// wantLock is the lock an archive object must have: COMPLIANCE until the
// later of the recording's retention date (its base date when a case holds
// it for good) and now + 1 day, and legal hold while any case holds it.
func wantLock(ret retention.RetentionItem, now time.Time) (until, date time.Time, hold bool) {
	date = ret.Until
	if ret.Forever {
		date = ret.Base
	}
	date = ceilSecond(date)
	until = later(date, ceilSecond(now.Add(minLock)))
	return until, date, len(ret.Holds) > 0
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func ceilSecond(t time.Time) time.Time {
	c := t.Truncate(time.Second)
	if c.Before(t) {
		c = c.Add(time.Second)
	}
	return c.UTC()
}

// archive sends the recordings the bucket lacks and brings the lock of
// the others in line.
func (r *run) archive(ctx context.Context, items []safekeeping.ReplicaItem) error {
	have := map[string]int64{}
	for o := range r.c.ListObjects(ctx, r.t.Bucket, minio.ListObjectsOptions{Prefix: r.t.key(ArchivePrefix), Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("replicate: list %s: %w", r.t, o.Err)
		}
		have[o.Key] = o.Size
	}
	r.rep.Objects = len(items)
	for _, it := range items {
		if _, ok := have[r.t.key(ArchivePrefix+it.SHA256)]; !ok {
			r.filesTotal++
			r.bytesTotal += it.Size
		}
	}
	r.progress("archive")
	done := make(chan struct{})
	defer close(done)
	if r.opts.Progress != nil {
		go func() {
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					r.progress("archive")
				}
			}
		}()
	}
	now := time.Now()
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := r.t.key(ArchivePrefix + it.SHA256)
		until, date, hold := wantLock(it.Retention, now)
		if _, ok := have[key]; !ok {
			if err := r.upload(ctx, key, it, until, hold); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r.problem("%s (recording %s): upload failed: %v", key, it.Retention.RecordingID, err)
			}
			continue
		}
		r.rep.Present++
		if err := r.relock(ctx, key, it, until, date, now, hold); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.problem("%s (recording %s): %v", key, it.Retention.RecordingID, err)
		}
	}
	r.progress("archive")
	return nil
}

func (r *run) problem(format string, args ...any) {
	r.rep.Problems = append(r.rep.Problems, fmt.Sprintf(format, args...))
}

// upload sends one archived file, locked, and counts it.
func (r *run) upload(ctx context.Context, key string, it safekeeping.ReplicaItem, until time.Time, hold bool) error {
	f, err := os.Open(it.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || fi.Size() != it.Size {
		return fmt.Errorf("the archived file %s is not %d bytes (%v): run `evidock verify`", it.Path, it.Size, err)
	}
	before := r.sent.Load()
	body := &fileBody{ctx: ctx, f: f, lim: r.lim, sent: &r.sent}
	_, err = r.c.PutObject(ctx, r.t.Bucket, key, body, it.Size, minio.PutObjectOptions{
		ContentType:     "application/octet-stream",
		Mode:            minio.Compliance,
		RetainUntilDate: until,
		LegalHold:       holdStatus(hold),
		UserMetadata:    map[string]string{"sha256": it.SHA256, "sm3": it.SM3},
	})
	if err != nil {
		r.sent.Store(before) // a retried part is read again; count it once
		return err
	}
	r.sent.Store(before + it.Size)
	r.files.Add(1)
	r.progress("archive")
	r.rep.Uploaded++
	r.rep.Bytes += it.Size
	if hold {
		r.rep.HoldOn++
	}
	return nil
}

func holdStatus(on bool) minio.LegalHoldStatus {
	if on {
		return minio.LegalHoldEnabled
	}
	return minio.LegalHoldDisabled
}

// relock checks an object that is there: its size and recorded hash, and
// that its lock is what the recording needs now. Retention is only ever
// extended (S3 refuses shortening, and evidock never asks for it).
func (r *run) relock(ctx context.Context, key string, it safekeeping.ReplicaItem, until, date, now time.Time, hold bool) error {
	oi, err := r.c.StatObject(ctx, r.t.Bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return fmt.Errorf("read its lock: %w", err)
	}
	if oi.Size != it.Size || !strings.EqualFold(oi.UserMetadata["Sha256"], it.SHA256) {
		return fmt.Errorf("the bucket's object is %d bytes with sha256 %q, not %d bytes with %s: it was replaced; run `evidock verify --endpoint`",
			oi.Size, oi.UserMetadata["Sha256"], it.Size, it.SHA256)
	}
	l := lockOf(oi)
	if l.Mode != "COMPLIANCE" || l.Until.Before(date) || l.Until.Before(now.Add(renewAt)) {
		mode := minio.Compliance
		u := later(until, l.Until)
		if err := r.c.PutObjectRetention(ctx, r.t.Bucket, key, minio.PutObjectRetentionOptions{
			Mode: &mode, RetainUntilDate: &u, VersionID: oi.VersionID}); err != nil {
			return fmt.Errorf("extend retention to %s: %w", u.Format(time.RFC3339), err)
		}
		r.rep.Extended++
	}
	if l.LegalHold != hold {
		st := holdStatus(hold)
		if err := r.c.PutObjectLegalHold(ctx, r.t.Bucket, key, minio.PutObjectLegalHoldOptions{
			Status: &st, VersionID: oi.VersionID}); err != nil {
			return fmt.Errorf("set legal hold %s: %w", st, err)
		}
		if hold {
			r.rep.HoldOn++
		} else {
			r.rep.HoldOff++
		}
	}
	return nil
}

// ledger sends the tiles and bundles from the bucket's checkpoint to a
// snapshot of the ledger, the snapshot itself, the verifier keys and last
// the checkpoint of the snapshot.
func (r *run) ledger(ctx context.Context, remote checkpoint.Checkpoint) error {
	r.progress("ledger")
	snap := filepath.Join(r.st.Dir(), "replica-snapshot.db.tmp")
	defer os.Remove(snap)
	h, err := safekeeping.ReplicationSnapshot(ctx, r.sess, snap)
	if err != nil {
		return err
	}
	if h.Size < remote.Size {
		return fmt.Errorf("replicate: the ledger has %d entries, the bucket's checkpoint %d: %w", h.Size, remote.Size, checkpoint.ErrRollback)
	}
	years, err := retention.RetentionYears(ctx, r.st)
	if err != nil {
		return err
	}
	lockUntil := ceilSecond(time.Now().AddDate(years, 0, 0))
	hr := r.st.HashReader(ctx)
	hashProblems := 0
	for _, tile := range tilesFor(remote.Size, h.Size) {
		var data []byte
		if tile.L >= 0 {
			data, err = tlog.ReadTileData(tile, hr)
		} else {
			var leaves [][]byte
			first := tile.N << TileHeight
			if leaves, err = r.st.Leaves(ctx, first, first+int64(tile.W)); err == nil {
				data, err = EntryBundle(leaves)
			}
		}
		if err != nil {
			r.problem("%s: %v", LedgerPrefix+TilePath(tile), err)
			if tile.L >= 0 {
				hashProblems++
			}
			continue
		}
		sent, err := r.putSmall(ctx, LedgerPrefix+TilePath(tile), data, tile.W == 1<<TileHeight, lockUntil)
		if err != nil {
			return err
		}
		if sent {
			r.rep.Tiles++
		}
	}
	r.rep.Checkpoint = remote.Size
	if hashProblems > 0 {
		return nil // the bucket keeps the checkpoint its tiles prove
	}
	keys := r.st.Keys()
	if _, err := r.putSmall(ctx, VerifiersKey, []byte(keys.Ed25519Verifier+"\n"+keys.SM2Verifier+"\n"), false, time.Time{}); err != nil {
		return err
	}
	if h.Size != remote.Size {
		// The snapshot and the checkpoint that proves it go together: a
		// cancel stops before the pair, never between them.
		if err := ctx.Err(); err != nil {
			return err
		}
		ctx = context.WithoutCancel(ctx)
		if err := r.putFile(ctx, SnapshotKey, snap); err != nil {
			return err
		}
		msg, err := r.st.SignHead(h)
		if err != nil {
			return err
		}
		if err := r.put(ctx, CheckpointKey, msg, "text/plain; charset=utf-8"); err != nil {
			return err
		}
	}
	r.rep.Checkpoint = h.Size
	r.progress("done")
	return nil
}

// putSmall puts data at key unless an object of that size is there; full
// tiles and bundles never change, so they are locked like the archive.
func (r *run) putSmall(ctx context.Context, key string, data []byte, lock bool, until time.Time) (bool, error) {
	oi, err := r.c.StatObject(ctx, r.t.Bucket, r.t.key(key), minio.StatObjectOptions{})
	if err == nil && oi.Size == int64(len(data)) {
		return false, nil
	}
	if err != nil && !notFound(err) {
		return false, fmt.Errorf("replicate: %s: %w", key, err)
	}
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream"}
	if lock {
		opts.Mode, opts.RetainUntilDate = minio.Compliance, until
	}
	if _, err := r.c.PutObject(ctx, r.t.Bucket, r.t.key(key), bytes.NewReader(data), int64(len(data)), opts); err != nil {
		return false, fmt.Errorf("replicate: put %s: %w", key, err)
	}
	return true, nil
}

func (r *run) put(ctx context.Context, key string, data []byte, contentType string) error {
	if _, err := r.c.PutObject(ctx, r.t.Bucket, r.t.key(key), bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType}); err != nil {
		return fmt.Errorf("replicate: put %s: %w", key, err)
	}
	return nil
}

func (r *run) putFile(ctx context.Context, key, path string) error {
	if _, err := r.c.FPutObject(ctx, r.t.Bucket, r.t.key(key), path, minio.PutObjectOptions{ContentType: "application/vnd.sqlite3"}); err != nil {
		return fmt.Errorf("replicate: put %s: %w", key, err)
	}
	return nil
}

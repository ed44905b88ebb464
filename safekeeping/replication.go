package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/access"
	"evidock/archive"
	"evidock/internal/filelock"
	"evidock/ledger"
	"evidock/retention"
	"evidock/store"
)

// ReplicaItem is one archived file to keep in the replica bucket, with the
// Query it must be locked for.
type ReplicaItem struct {
	SHA256, SM3 string
	Size        int64
	Path        string // the archived file
	Retention   retention.RetentionItem
}

// ReplicationPlan lists every archived recording that is not purged, with
// its retention as `retention --json` shows it (the same computation), for
// replication. Reading it is part of the replicate run's ledger entry.
func ReplicationPlan(ctx context.Context, sess *store.Session) ([]ReplicaItem, error) {
	if err := sess.Check(ctx, store.ActReplicate, ""); err != nil {
		return nil, err
	}
	st := sess.Store()
	ret, err := retention.Query(ctx, st, st.DB(), retention.RetentionFilter{}, "", nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]retention.RetentionItem, len(ret))
	for _, r := range ret {
		byID[r.RecordingID] = r
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT id, sha256, sm3, size, archive_path FROM recordings
		WHERE id NOT IN (SELECT recording_id FROM tombstones) ORDER BY sha256`)
	if err != nil {
		return nil, fmt.Errorf("store: replication plan: %w", err)
	}
	defer rows.Close()
	var out []ReplicaItem
	for rows.Next() {
		var it ReplicaItem
		var id, rel string
		if err := rows.Scan(&id, &it.SHA256, &it.SM3, &it.Size, &rel); err != nil {
			return nil, fmt.Errorf("store: replication plan: %w", err)
		}
		r, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("store: replication plan: recording %s has no retention", id)
		}
		it.Retention = r
		it.Path = filepath.Join(st.Dir(), filepath.FromSlash(rel))
		out = append(out, it)
	}
	return out, rows.Err()
}

// ReplicationSnapshot writes a consistent copy of the ledger database to
// path (VACUUM INTO, as a backup does) and returns its tree head.
func ReplicationSnapshot(ctx context.Context, sess *store.Session, path string) (ledger.TreeHead, error) {
	if err := sess.Check(ctx, store.ActReplicate, ""); err != nil {
		return ledger.TreeHead{}, err
	}
	os.Remove(path)
	if _, err := sess.Store().DB().ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return ledger.TreeHead{}, fmt.Errorf("store: ledger snapshot: %w", archive.MarkDiskFull(err))
	}
	db, err := openSnapshot(ctx, path)
	if err != nil {
		return ledger.TreeHead{}, err
	}
	defer db.Close()
	m, err := snapshotHead(ctx, db)
	if err != nil {
		return ledger.TreeHead{}, err
	}
	return access.TreeHeadAt(ctx, sess.Store(), m.HeadSize)
}

// Replication is one replicate run, as recorded.
type Replication struct {
	Endpoint string    `json:"endpoint"`
	Bucket   string    `json:"bucket"`
	Prefix   string    `json:"prefix,omitempty"`
	Started  time.Time `json:"started"`
	Ended    time.Time `json:"ended"`
	OK       bool      `json:"ok"`
	HeadSize int64     `json:"head_size"` // the checkpoint the bucket holds after the run
	Uploaded int64     `json:"uploaded"`
	Bytes    int64     `json:"bytes"`
	Message  string    `json:"message,omitempty"`
}

// RecordReplication writes a replicate run: a row for the replication
// lag, and a "replicate" ledger entry with details.
func RecordReplication(ctx context.Context, sess *store.Session, r Replication, details map[string]any) error {
	st := sess.Store()
	ctx = context.WithoutCancel(ctx) // a cancelled run is recorded too
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO replications(endpoint, bucket, prefix, started_at, ended_at, ok, head_size, uploaded, bytes, message)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, r.Endpoint, r.Bucket, r.Prefix, store.UnixMS(r.Started), store.UnixMS(r.Ended), r.OK,
			r.HeadSize, r.Uploaded, r.Bytes, r.Message); err != nil {
			return err
		}
		_, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "replicate", r.Endpoint+"/"+r.Bucket+"/"+r.Prefix, details)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record replication: %w", err)
	}
	return nil
}

// DefaultReplicationInterval is how often the scheduled replication runs
// unless set.
const DefaultReplicationInterval = time.Hour

// CurrentReplicationTarget is the bucket the scheduled replication goes to.
type ReplicationTarget struct {
	Endpoint string        `json:"endpoint"`
	Bucket   string        `json:"bucket"`
	Region   string        `json:"region,omitempty"`
	Prefix   string        `json:"prefix,omitempty"`
	Every    time.Duration `json:"every"`
	Limit    int64         `json:"limit_bps,omitempty"` // bytes a second; 0: none
	// Last is the last run to this bucket that succeeded; Next when the
	// scheduled one is due.
	Last time.Time `json:"last,omitzero"`
	Next time.Time `json:"next"`
}

// ErrNoReplicationTarget means no replication bucket is set.
var ErrNoReplicationTarget = errors.New("no replication bucket is set")

// SetReplicationTarget sets the bucket the scheduled replication goes to
// and how often; every 0 is DefaultReplicationInterval.
func SetReplicationTarget(ctx context.Context, sess *store.Session, t ReplicationTarget) error {
	if err := sess.Check(ctx, store.ActReplicateConfigure, t.Bucket); err != nil {
		return err
	}
	if t.Endpoint == "" || t.Bucket == "" {
		return fmt.Errorf("store: replication target: an endpoint and a bucket are needed: %w", store.ErrInvalid)
	}
	if t.Every <= 0 {
		t.Every = DefaultReplicationInterval
	}
	t.Prefix = strings.Trim(t.Prefix, "/")
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO replication_target(id, endpoint, bucket, region, prefix, every_ms, limit_bps)
			VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET endpoint = excluded.endpoint, bucket = excluded.bucket,
			region = excluded.region, prefix = excluded.prefix, every_ms = excluded.every_ms, limit_bps = excluded.limit_bps`,
			t.Endpoint, t.Bucket, t.Region, t.Prefix, t.Every.Milliseconds(), t.Limit); err != nil {
			return err
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "replicate.configure", t.Endpoint+"/"+t.Bucket,
			map[string]any{"endpoint": t.Endpoint, "bucket": t.Bucket, "region": t.Region, "prefix": t.Prefix,
				"every_hours": t.Every.Hours(), "limit_bps": t.Limit})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set replication target: %w", err)
	}
	return nil
}

// CurrentReplicationTarget returns the scheduled replication's bucket and when it
// is next due.
func CurrentReplicationTarget(ctx context.Context, s *store.Store) (ReplicationTarget, error) {
	var t ReplicationTarget
	var every, last int64
	err := s.DB().QueryRowContext(ctx, `SELECT endpoint, bucket, region, prefix, every_ms, limit_bps,
		coalesce((SELECT max(started_at) FROM replications r WHERE r.ok = 1 AND r.endpoint = t.endpoint
			AND r.bucket = t.bucket AND r.prefix = t.prefix), 0)
		FROM replication_target t WHERE id = 1`).Scan(&t.Endpoint, &t.Bucket, &t.Region, &t.Prefix, &every, &t.Limit, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNoReplicationTarget
	}
	if err != nil {
		return t, fmt.Errorf("store: replication target: %w", err)
	}
	t.Every, t.Last = time.Duration(every)*time.Millisecond, store.FromMS(last)
	t.Next = s.Now()
	if !t.Last.IsZero() {
		t.Next = t.Last.Add(t.Every)
	}
	return t, nil
}

// CurrentReplicationLag is how far the replica is behind the workstation.
type ReplicationLag struct {
	Target   string    `json:"target,omitempty"` // endpoint/bucket/prefix; "" when none is set
	Last     time.Time `json:"last,omitzero"`    // the last run that succeeded
	Entries  int64     `json:"entries"`          // ledger entries not yet in the bucket
	Behind   int64     `json:"behind_ms"`        // time since Last; 0 when never
	LastFail string    `json:"last_failure,omitempty"`
}

// CurrentReplicationLag says how far the replication target is behind: ledger
// entries since the checkpoint it holds and time since the last run that
// succeeded, and the last failure after it.
func CurrentReplicationLag(ctx context.Context, s *store.Store) (ReplicationLag, error) {
	var lag ReplicationLag
	t, err := CurrentReplicationTarget(ctx, s)
	if errors.Is(err, ErrNoReplicationTarget) {
		return lag, nil
	}
	if err != nil {
		return lag, err
	}
	lag.Target = t.Endpoint + "/" + t.Bucket + "/" + t.Prefix
	h, err := s.Head(ctx)
	if err != nil {
		return lag, err
	}
	var size, ended int64
	err = s.DB().QueryRowContext(ctx, `SELECT head_size, ended_at FROM replications
		WHERE ok = 1 AND endpoint = ? AND bucket = ? AND prefix = ? ORDER BY id DESC LIMIT 1`,
		t.Endpoint, t.Bucket, t.Prefix).Scan(&size, &ended)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return lag, fmt.Errorf("store: replication lag: %w", err)
	}
	lag.Entries = h.Size - size
	if ended != 0 {
		lag.Last = store.FromMS(ended)
		lag.Behind = s.Now().Sub(lag.Last).Milliseconds()
	}
	err = s.DB().QueryRowContext(ctx, `SELECT message FROM replications WHERE ok = 0 AND ended_at > ?
		AND endpoint = ? AND bucket = ? AND prefix = ? ORDER BY id DESC LIMIT 1`, ended, t.Endpoint, t.Bucket, t.Prefix).Scan(&lag.LastFail)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return lag, fmt.Errorf("store: replication lag: %w", err)
	}
	return lag, nil
}

// ErrReplicationBusy means another replication of this data folder is
// running (the window's schedule, watch, or a command).
var ErrReplicationBusy = errors.New("another replication of this data folder is running")

// LockReplication takes the data folder's replication lock, so that two
// runs never send the same object at once (each key keeps one version);
// a second taker gets ErrReplicationBusy. release gives it back.
func LockReplication(s *store.Store) (release func(), err error) {
	dir := filepath.Join(s.Dir(), "locks")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: replication lock: %w", err)
	}
	l, err := filelock.Take(filepath.Join(dir, "replicate.lock"), false)
	if errors.Is(err, filelock.ErrHeld) {
		return nil, fmt.Errorf("store: %w", ErrReplicationBusy)
	}
	if err != nil {
		return nil, err
	}
	return func() { l.Release() }, nil
}

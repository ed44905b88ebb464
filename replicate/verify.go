package replicate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"golang.org/x/mod/sumdb/tlog"

	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
	"evidock/store"
)

// Problem is one thing wrong in the bucket: the key and what differs.
type Problem struct {
	Key  string `json:"key"`
	What string `json:"what"`
}

func (p Problem) String() string { return p.Key + ": " + p.What }

// VerifyReport is what Verify found.
type VerifyReport struct {
	Target     string    `json:"target"`
	Objects    int       `json:"objects"`    // archive objects checked
	Bytes      int64     `json:"bytes"`      // bytes read back and hashed
	Tiles      int       `json:"tiles"`      // ledger tiles and bundles compared
	Checkpoint int64     `json:"checkpoint"` // the size of the bucket's checkpoint
	Problems   []Problem `json:"problems"`
	OK         bool      `json:"ok"`
}

// VerifyOptions tune Verify.
type VerifyOptions struct {
	// Quick compares sizes and recorded hashes only, without reading the
	// objects back.
	Quick bool
	// Progress, when not nil, is called after each object.
	Progress func(done, total int)
}

// Verify checks the bucket against the workstation: every recording that
// is not purged is there as exactly one version, with its bytes (read back
// and hashed with SHA-256), under a COMPLIANCE lock until at least its
// retention date and with legal hold while a case holds it; the bucket's
// checkpoint carries both of this workstation's signatures and the ledger
// contains it (else a rollback 回滚 or fork 分叉 is named); and every tile
// and entry bundle up to the checkpoint is the one the ledger gives. Each
// missing or altered object is a Problem. The check is a ledger entry.
func Verify(ctx context.Context, sess *store.Session, t Target, opts VerifyOptions) (VerifyReport, error) {
	rep := VerifyReport{Target: t.String(), Problems: []Problem{}}
	items, err := safekeeping.ReplicationPlan(ctx, sess)
	if err != nil {
		return rep, err
	}
	c, err := t.client()
	if err != nil {
		return rep, err
	}
	if ok, err := c.BucketExists(ctx, t.Bucket); err != nil || !ok {
		return rep, fmt.Errorf("replicate: bucket %s at %s: not there (%v): %w", t.Bucket, t.Endpoint, err, ErrTarget)
	}
	v := &verifier{c: c, t: t, rep: &rep, st: sess.Store()}
	if err := v.archive(ctx, items, opts); err != nil {
		return rep, err
	}
	if err := v.ledger(ctx); err != nil {
		return rep, err
	}
	rep.OK = len(rep.Problems) == 0
	logged := rep.Problems
	if len(logged) > 100 {
		logged = logged[:100]
	}
	err = safekeeping.LogReplicaCheck(ctx, sess, rep.Target, map[string]any{"ok": rep.OK, "objects": rep.Objects, "bytes": rep.Bytes,
		"tiles": rep.Tiles, "checkpoint": rep.Checkpoint, "quick": opts.Quick, "problem_count": len(rep.Problems), "problems": logged})
	return rep, err
}

type verifier struct {
	c   *minio.Client
	t   Target
	st  *store.Store
	rep *VerifyReport
}

func (v *verifier) problem(key, format string, args ...any) {
	v.rep.Problems = append(v.rep.Problems, Problem{Key: key, What: fmt.Sprintf(format, args...)})
}

func (v *verifier) archive(ctx context.Context, items []safekeeping.ReplicaItem, opts VerifyOptions) error {
	versions := map[string]int{}
	for o := range v.c.ListObjects(ctx, v.t.Bucket, minio.ListObjectsOptions{Prefix: v.t.key(ArchivePrefix), Recursive: true, WithVersions: true}) {
		if o.Err != nil {
			return fmt.Errorf("replicate: list %s: %w", v.t, o.Err)
		}
		if !o.IsDeleteMarker {
			versions[o.Key]++
		} else {
			versions[o.Key] += 1 << 20 // a delete marker hides the object
		}
	}
	now := time.Now()
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := v.t.key(ArchivePrefix + it.SHA256)
		v.rep.Objects++
		n := versions[key]
		switch {
		case n == 0:
			v.problem(key, "is missing (recording %s)", it.Retention.RecordingID)
			continue
		case n >= 1<<20:
			v.problem(key, "is hidden by a delete marker (recording %s)", it.Retention.RecordingID)
			continue
		case n > 1:
			v.problem(key, "has %d versions: it was uploaded again over the locked one (recording %s)", n, it.Retention.RecordingID)
		}
		oi, err := v.c.StatObject(ctx, v.t.Bucket, key, minio.StatObjectOptions{})
		if err != nil {
			v.problem(key, "cannot be read: %v (recording %s)", err, it.Retention.RecordingID)
			continue
		}
		if oi.Size != it.Size {
			v.problem(key, "has %d bytes, the recording %d (recording %s)", oi.Size, it.Size, it.Retention.RecordingID)
			continue
		}
		_, date, hold := wantLock(it.Retention, now)
		l := lockOf(oi)
		switch {
		case l.Mode != "COMPLIANCE":
			v.problem(key, "is not locked in COMPLIANCE mode (%q) (recording %s)", l.Mode, it.Retention.RecordingID)
		case l.Until.Before(date):
			v.problem(key, "is locked until %s, before its retention date %s (recording %s)",
				l.Until.Format(time.RFC3339), date.Format(time.RFC3339), it.Retention.RecordingID)
		}
		if hold && !l.LegalHold {
			v.problem(key, "has no legal hold though case %s holds it (recording %s)", it.Retention.Holds[0].Case, it.Retention.RecordingID)
		}
		if !opts.Quick {
			sum, n, err := v.hash(ctx, key, oi.VersionID)
			switch {
			case err != nil:
				v.problem(key, "cannot be read back: %v (recording %s)", err, it.Retention.RecordingID)
			case sum != it.SHA256:
				v.problem(key, "content changed: its SHA-256 is %s, the recording's %s (recording %s)", sum, it.SHA256, it.Retention.RecordingID)
			}
			v.rep.Bytes += n
		} else if !strings.EqualFold(oi.UserMetadata["Sha256"], it.SHA256) {
			v.problem(key, "records SHA-256 %q, the recording's is %s (recording %s)", oi.UserMetadata["Sha256"], it.SHA256, it.Retention.RecordingID)
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(items))
		}
	}
	return nil
}

// hash reads an object version back and returns its SHA-256.
func (v *verifier) hash(ctx context.Context, key, version string) (string, int64, error) {
	o, err := v.c.GetObject(ctx, v.t.Bucket, key, minio.GetObjectOptions{VersionID: version})
	if err != nil {
		return "", 0, err
	}
	defer o.Close()
	h := sha256.New()
	n, err := io.Copy(h, o)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// ledger checks the bucket's checkpoint and every tile and bundle it needs.
func (v *verifier) ledger(ctx context.Context) error {
	msg, err := getObject(ctx, v.c, v.t, CheckpointKey, 1<<16)
	if err != nil {
		v.problem(v.t.key(CheckpointKey), "cannot be read: %v", err)
		return nil
	}
	sc, err := v.st.Keys().Open(msg)
	if err != nil {
		v.problem(v.t.key(CheckpointKey), "%v", err)
		return nil
	}
	v.rep.Checkpoint = sc.Size
	h, err := v.st.Head(ctx)
	if err != nil {
		return err
	}
	hr := v.st.HashReader(ctx)
	if err := checkpoint.Check(sc.Checkpoint, h.Size, hr); err != nil {
		v.problem(v.t.key(CheckpointKey), "%v", err)
		if errors.Is(err, checkpoint.ErrRollback) {
			return nil // the local ledger cannot give the tiles to compare
		}
	}
	for _, tile := range tilesFor(0, sc.Size) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var want []byte
		if tile.L >= 0 {
			want, err = tlog.ReadTileData(tile, hr)
		} else {
			var leaves [][]byte
			first := tile.N << TileHeight
			if leaves, err = v.st.Leaves(ctx, first, first+int64(tile.W)); err == nil {
				want, err = EntryBundle(leaves)
			}
		}
		if err != nil {
			continue // the run reported it when it could not write the tile
		}
		key := LedgerPrefix + TilePath(tile)
		got, err := getObject(ctx, v.c, v.t, key, int64(len(want))+1)
		v.rep.Tiles++
		switch {
		case notFound(err):
			v.problem(v.t.key(key), "is missing")
		case err != nil:
			v.problem(v.t.key(key), "cannot be read: %v", err)
		case !bytes.Equal(got, want):
			v.problem(v.t.key(key), "differs from the ledger")
		}
	}
	return nil
}

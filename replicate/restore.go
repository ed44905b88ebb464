package replicate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
	"golang.org/x/mod/sumdb/tlog"

	"evidock/ledger"
	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
)

// RestoreReport says what Restore did.
type RestoreReport struct {
	safekeeping.RestoreReport
	Checkpoint checkpoint.Checkpoint `json:"checkpoint"`
	// BucketKeys is true when the checkpoint was checked with the verifier
	// keys the bucket itself holds (none were given).
	BucketKeys bool `json:"bucket_keys"`
}

// Restore rebuilds a workstation whose disk died into the empty folder
// dataDir from bucket t: it checks the bucket's checkpoint with the
// verifier keys given (else the ones in the bucket, which proves less),
// proves the bucket's tiles against it, takes the database snapshot whose
// tree head is exactly that checkpoint, and fetches every recording it
// accounts for, each compared to both its hashes. See store.RestoreRemote.
func Restore(ctx context.Context, t Target, dataDir string, verifierKeys []string) (RestoreReport, error) {
	var rep RestoreReport
	c, err := t.client()
	if err != nil {
		return rep, err
	}
	msg, err := getObject(ctx, c, t, CheckpointKey, 1<<16)
	if err != nil {
		return rep, fmt.Errorf("replicate: restore: the bucket's checkpoint: %w", err)
	}
	if len(verifierKeys) == 0 {
		b, err := getObject(ctx, c, t, VerifiersKey, 1<<16)
		if err != nil {
			return rep, fmt.Errorf("replicate: restore: no --verifier keys given and none in the bucket: %w", err)
		}
		verifierKeys = strings.Fields(string(b))
		rep.BucketKeys = true
	}
	sc, err := checkpoint.Open(msg, verifierKeys...)
	if err != nil {
		return rep, fmt.Errorf("replicate: restore: %w", err)
	}
	rep.Checkpoint = sc.Checkpoint
	tree := tlog.Tree{N: sc.Size, Hash: sc.Root}
	if sc.Size > 0 {
		root, err := tlog.TreeHash(sc.Size, tlog.TileHashReader(tree, &tileReader{ctx: ctx, c: c, t: t}))
		if err != nil || root != sc.Root {
			return rep, fmt.Errorf("replicate: restore: the bucket's tiles do not prove its checkpoint: %v", err)
		}
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return rep, fmt.Errorf("replicate: restore: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return rep, fmt.Errorf("replicate: restore: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".evidock-restore-*.db")
	if err != nil {
		return rep, fmt.Errorf("replicate: restore: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := c.FGetObject(ctx, t.Bucket, t.key(SnapshotKey), tmp.Name(), minio.GetObjectOptions{}); err != nil {
		return rep, fmt.Errorf("replicate: restore: the database snapshot: %w", err)
	}
	check := func(h ledger.TreeHead, hr tlog.HashReader) error {
		if h.Size != sc.Size || h.Root != sc.Root {
			return fmt.Errorf("replicate: restore: the database snapshot (%d entries) is not the one the checkpoint (%d entries) signs", h.Size, sc.Size)
		}
		if root, err := tlog.TreeHash(h.Size, hr); err != nil || root != sc.Root {
			return fmt.Errorf("replicate: restore: the database snapshot's hashes do not give its tree head (%v)", err)
		}
		return nil
	}
	fetch := func(ctx context.Context, sha string, w io.Writer) error {
		o, err := c.GetObject(ctx, t.Bucket, t.key(ArchivePrefix+sha), minio.GetObjectOptions{})
		if err != nil {
			return err
		}
		defer o.Close()
		_, err = io.Copy(w, o)
		return err
	}
	rep.RestoreReport, err = safekeeping.RestoreRemote(ctx, tmp.Name(), dataDir, t.String(), sc.Origin, check, fetch)
	return rep, err
}

// tileReader reads hash tiles from the bucket for tlog.TileHashReader,
// which checks them against the tree before they are used.
type tileReader struct {
	ctx context.Context
	c   *minio.Client
	t   Target
}

func (r *tileReader) Height() int { return TileHeight }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tile := range tiles {
		b, err := getObject(r.ctx, r.c, r.t, LedgerPrefix+TilePath(tile), int64(tile.W)*tlog.HashSize)
		if err != nil {
			return nil, fmt.Errorf("tile %s: %w", TilePath(tile), err)
		}
		out[i] = b
	}
	return out, nil
}

func (r *tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

package safekeeping

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/tlog"

	"evidock/archive"
	"evidock/ledger"
	"evidock/ledger/checkpoint"
	"evidock/store"
)

// FetchFunc writes the bytes of the archived file with SHA-256 sha to w.
type FetchFunc func(ctx context.Context, sha string, w io.Writer) error

// LogReplicaCheck records a check of a replica bucket as a
// "replicate.verify" ledger entry.
func LogReplicaCheck(ctx context.Context, sess *store.Session, target string, details any) error {
	if err := sess.Check(ctx, store.ActVerify, target); err != nil {
		return err
	}
	if _, err := sess.Log(ctx, "replicate.verify", target, details); err != nil {
		return fmt.Errorf("store: record replica check: %w", err)
	}
	return nil
}

// RestoreRemote brings a workstation whose disk died back into dataDir,
// which must be empty or not exist, from a copy of its ledger database
// (snapshot) and the archived files fetch returns. check is given the
// copy's tree head and hashes before anything else is done (the caller
// proves them against a signed checkpoint). Every recording the copy
// accounts for is fetched through a temp file and compared to both its
// hashes. The private keys never left the old workstation, so the
// restored folder gets new checkpoint keys under the same origin; the
// "restore" ledger entry names them, so that verifiers can add them.
func RestoreRemote(ctx context.Context, snapshot, dataDir, from, origin string, check func(ledger.TreeHead, tlog.HashReader) error, fetch FetchFunc) (RestoreReport, error) {
	rep := RestoreReport{From: from, Dir: dataDir}
	if entries, err := os.ReadDir(dataDir); err == nil && len(entries) > 0 {
		return rep, fmt.Errorf("store: restore into %s: %w", dataDir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	archiveDir := filepath.Join(dataDir, "archive")
	for _, d := range []string{filepath.Join(archiveDir, "sha256"), filepath.Join(archiveDir, "tmp")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return rep, fmt.Errorf("store: restore: %w", archive.MarkDiskFull(err))
		}
	}
	db := filepath.Join(dataDir, store.DBName)
	if err := copyFile(snapshot, db+".new"); err != nil {
		return rep, fmt.Errorf("store: restore the ledger: %w", err)
	}
	snap, err := openSnapshot(ctx, db+".new")
	if err != nil {
		return rep, err
	}
	m, err := snapshotHead(ctx, snap)
	var files []archivedFile
	if err == nil {
		h := ledger.TreeHead{Size: m.HeadSize}
		root, _ := hex.DecodeString(m.HeadRoot)
		copy(h.Root[:], root)
		err = check(h, ledger.HashReader(ctx, snap))
	}
	if err == nil {
		files, err = snapshotFiles(ctx, snap)
	}
	snap.Close()
	if err != nil {
		return rep, err
	}
	rep.Manifest = m
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if err := fetchVerified(ctx, fetch, filepath.Join(dataDir, filepath.FromSlash(f.rel)), f); err != nil {
			return rep, fmt.Errorf("store: restore recording %s: %w", f.id, err)
		}
		rep.Files++
		rep.Bytes += f.size
	}
	keys, err := checkpoint.Create(filepath.Join(dataDir, store.KeysDir), origin)
	if err != nil {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	err = finishRestore(ctx, dataDir, from, map[string]any{
		"head_size": m.HeadSize, "head_root": m.HeadRoot, "files": rep.Files, "bytes": rep.Bytes,
		"new_keys": map[string]string{"ed25519": keys.Ed25519Verifier, "sm2": keys.SM2Verifier}})
	return rep, err
}

// fetchVerified fetches f into a temp file of the archive that will hold
// dst, checks both its hashes and renames it into place, read-only.
func fetchVerified(ctx context.Context, fetch FetchFunc, dst string, f archivedFile) error {
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(dst)))) // <archive>/sha256/ab/cd/<hex>
	tmp, err := os.CreateTemp(filepath.Join(root, "tmp"), "fetch.*")
	if err != nil {
		return archive.MarkDiskFull(err)
	}
	defer os.Remove(tmp.Name())
	if err := fetch(ctx, f.sha, tmp); err != nil {
		tmp.Close()
		return archive.MarkDiskFull(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return archive.MarkDiskFull(err)
	}
	tmp.Close()
	if p := f.check(tmp.Name()); p != nil {
		return fmt.Errorf("the fetched copy %s: %w", p.What, archive.ErrCopyMismatch)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return archive.MarkDiskFull(err)
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return archive.MarkDiskFull(err)
	}
	return archive.SyncDir(filepath.Dir(dst))
}

package safekeeping

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"evidock/archive"
	"evidock/digest"
	"evidock/ledger"
	"evidock/store"
)

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	OK       bool            `json:"ok"`
	Entries  int64           `json:"entries"`
	Files    int64           `json:"files"`
	Problems []store.Problem `json:"problems"`
	// Unrecorded says the disk was full: the check ran, but its ledger
	// entry could not be written.
	Unrecorded bool `json:"unrecorded,omitempty"`
}

// ErrVerifyCancelled marks a verification whose context was cancelled: it
// did not pass, and its ledger entry says so ("ok": false, "cancelled":
// true). An error wrapping it also wraps the context's error.
var ErrVerifyCancelled = errors.New("the verification was cancelled")

// VerifyProgress reports how far Verify is.
type VerifyProgress struct {
	Phase       string // "ledger", "files"
	Done, Total int64
}

// Verify recomputes the ledger's Merkle tree from its entries and checks it
// against every stored hash and tree head, checks every recording against
// its import entry, replays the ledger into the state every decision rests
// on (officers, recorders, times, classification, categories, cases and
// their holds, the retention policy, users' roles) and compares it with the
// tables, and re-hashes every archived file against both of its hashes. The
// result is a ledger entry; a cancelled verification's entry says it was
// cancelled, and Verify returns an error wrapping ErrVerifyCancelled.
func Verify(ctx context.Context, sess *store.Session, progress func(VerifyProgress)) (VerifyReport, error) {
	if err := sess.Check(ctx, store.ActVerify, ""); err != nil {
		return VerifyReport{}, err
	}
	rep, err := verify(ctx, sess, progress)
	if err == nil || ctx.Err() == nil {
		return rep, err
	}
	rep.OK = false
	if _, lerr := sess.Log(context.WithoutCancel(ctx), "verify", "", map[string]any{
		"ok": false, "cancelled": true, "entries": rep.Entries, "files": rep.Files, "problem_count": len(rep.Problems)}); lerr != nil {
		return rep, fmt.Errorf("store: verify: %w: %w (and recording the cancel failed: %v)", ErrVerifyCancelled, err, lerr)
	}
	return rep, fmt.Errorf("store: verify: %w: %w", ErrVerifyCancelled, err)
}

func verify(ctx context.Context, sess *store.Session, progress func(VerifyProgress)) (VerifyReport, error) {
	if progress == nil {
		progress = func(VerifyProgress) {}
	}
	st := sess.Store()
	var rep VerifyReport
	if err := verifyLedger(ctx, st, &rep, progress); err != nil {
		return rep, err
	}
	if err := VerifyState(ctx, st, &rep); err != nil {
		return rep, err
	}
	if err := verifyTombstones(ctx, st, &rep); err != nil { // purged: files legitimately gone
		return rep, err
	}
	if err := verifyFiles(ctx, st, &rep, progress); err != nil {
		return rep, err
	}
	rep.OK = len(rep.Problems) == 0
	logged := rep.Problems
	if len(logged) > 100 {
		logged = logged[:100]
	}
	if _, err := sess.Log(ctx, "verify", "", map[string]any{
		"ok": rep.OK, "entries": rep.Entries, "files": rep.Files,
		"problem_count": len(rep.Problems), "problems": logged}); err != nil {
		// On a full disk the check must still be possible: its result is
		// reported, and that it could not be ledgered.
		if archive.IsDiskFull(err) {
			rep.Unrecorded = true
			return rep, nil
		}
		return rep, fmt.Errorf("store: record verify: %w", err)
	}
	return rep, nil
}

func verifyLedger(ctx context.Context, st *store.Store, rep *VerifyReport, progress func(VerifyProgress)) error {
	n, err := ledger.Verify(ctx, st.DB(),
		func(kind, ref, what string) {
			rep.Problems = append(rep.Problems, store.Problem{Kind: kind, Ref: ref, What: what})
		},
		func(done, total int64) { progress(VerifyProgress{"ledger", done, total}) })
	rep.Entries = n
	if err != nil {
		return err
	}
	return verifyRecordRows(ctx, st, rep)
}

// verifyRecordRows checks each recording row against its import entry.
func verifyRecordRows(ctx context.Context, st *store.Store, rep *VerifyReport) error {
	rows, err := st.DB().QueryContext(ctx, `SELECT r.id, r.sha256, r.sm3, r.size, coalesce(l.action,''), coalesce(l.subject,''), coalesce(l.details,'{}')
		FROM recordings r LEFT JOIN ledger l ON l.seq = r.ledger_seq`)
	if err != nil {
		return fmt.Errorf("store: verify recordings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sha, sm, action, subject, details string
		var size int64
		if err := rows.Scan(&id, &sha, &sm, &size, &action, &subject, &details); err != nil {
			return fmt.Errorf("store: verify recordings: %w", err)
		}
		var d struct {
			SHA256 string `json:"sha256"`
			SM3    string `json:"sm3"`
			Size   int64  `json:"size"`
		}
		json.Unmarshal([]byte(details), &d)
		if action != "recording.import" || subject != id || d.SHA256 != sha || d.SM3 != sm || d.Size != size {
			rep.Problems = append(rep.Problems, store.Problem{Kind: "record", Ref: "recording " + id, What: "its hashes or size differ from its import entry in the ledger"})
		}
	}
	return rows.Err()
}

func verifyFiles(ctx context.Context, st *store.Store, rep *VerifyReport, progress func(VerifyProgress)) error {
	var total int64
	st.DB().QueryRowContext(ctx, `SELECT count(*) FROM recordings WHERE id NOT IN (SELECT recording_id FROM tombstones)`).Scan(&total)
	rows, err := st.DB().QueryContext(ctx, `SELECT id, sha256, sm3, size, archive_path FROM recordings
		WHERE id NOT IN (SELECT recording_id FROM tombstones) ORDER BY sha256`)
	if err != nil {
		return fmt.Errorf("store: verify files: %w", err)
	}
	type job struct {
		id, sha, sm, rel string
		size             int64
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var done int64
	// As many files at once as keep the hashing busy: with SM3 in lanes,
	// eight files hash side by side for about the cost of one.
	for range digest.Streams() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				path := filepath.Join(st.Dir(), filepath.FromSlash(j.rel))
				what, _ := archive.CheckFile(path, j.sha, j.sm, j.size, nil)
				mu.Lock()
				if what != "" {
					rep.Problems = append(rep.Problems, store.Problem{Kind: "file", Ref: filepath.ToSlash(path), What: what + " (recording " + j.id + ")"})
				}
				done++
				if done%64 == 0 {
					progress(VerifyProgress{"files", done, total})
				}
				mu.Unlock()
			}
		}()
	}
	for rows.Next() {
		var j job
		if err := rows.Scan(&j.id, &j.sha, &j.sm, &j.size, &j.rel); err != nil {
			break
		}
		select {
		case jobs <- j:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	rows.Close()
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	rep.Files = done
	progress(VerifyProgress{"files", done, total})
	return findOrphans(ctx, st, rep)
}

// findOrphans names archive files that no recording and no running import
// account for.
func findOrphans(ctx context.Context, st *store.Store, rep *VerifyReport) error {
	return st.Archive().Walk(func(sha, path string) error {
		ref := filepath.ToSlash(path)
		if sha == "" {
			rep.Problems = append(rep.Problems, store.Problem{Kind: "file", Ref: ref, What: "is not an archive file (its name is not a SHA-256)"})
			return nil
		}
		var n int
		err := st.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM recordings WHERE sha256 = ?) + (SELECT count(*) FROM archive_pending WHERE sha256 = ?)`, sha, sha).Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: verify archive: %w", err)
		}
		if n == 0 {
			rep.Problems = append(rep.Problems, store.Problem{Kind: "file", Ref: ref, What: "is in the archive without a recording"})
		}
		return nil
	})
}

// verifyTombstones checks every tombstone against its recording.purge entry
// and the recording's row, so that a tombstone written outside the program
// cannot excuse a missing file.
func verifyTombstones(ctx context.Context, st *store.Store, rep *VerifyReport) error {
	rows, err := st.DB().QueryContext(ctx, `SELECT t.recording_id, t.sha256, t.sm3, t.size, t.request_id,
		coalesce(r.sha256, ''), coalesce(l.action, ''), coalesce(l.subject, ''), coalesce(l.details, '{}')
		FROM tombstones t LEFT JOIN recordings r ON r.id = t.recording_id LEFT JOIN ledger l ON l.seq = t.ledger_seq`)
	if err != nil {
		return fmt.Errorf("store: verify tombstones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sha, sm, recSHA, action, subject, details string
		var size, req int64
		if err := rows.Scan(&id, &sha, &sm, &size, &req, &recSHA, &action, &subject, &details); err != nil {
			return fmt.Errorf("store: verify tombstones: %w", err)
		}
		var d struct {
			SHA256  string `json:"sha256"`
			SM3     string `json:"sm3"`
			Size    int64  `json:"size"`
			Request int64  `json:"purge_request"`
		}
		json.Unmarshal([]byte(details), &d)
		if action != "recording.purge" || subject != id || d.SHA256 != sha || d.SM3 != sm || d.Size != size ||
			d.Request != req || recSHA != sha {
			rep.Problems = append(rep.Problems, store.Problem{Kind: "record", Ref: "recording " + id, What: "its tombstone does not match a purge entry in the ledger"})
		}
	}
	return rows.Err()
}

package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"evidock/archive"
	"evidock/internal/filelock"
	"evidock/retention"
	"evidock/store"
)

// Defaults of the scheduled integrity check.
const (
	DefaultCheckInterval = 30 * 24 * time.Hour
	DefaultCheckRate     = 64 << 20 // bytes a second while no import runs
	DefaultCheckBusyRate = 4 << 20  // bytes a second while an import runs
)

// ErrCheckRunning means another process is running the integrity check.
var ErrCheckRunning = errors.New("an integrity check is already running")

// ErrCheckCancelled marks a check whose context was cancelled: it did not
// pass. Its check.cancel entry says how far it got; the run stays
// unfinished, so the next scheduled check (or one with Resume) continues
// it. An error wrapping it also wraps the context's error.
var ErrCheckCancelled = errors.New("the integrity check was cancelled")

// Check run states.
const (
	CheckRunning   = "running"
	CheckComplete  = "complete"
	CheckAbandoned = "abandoned"
)

// CheckOptions tune RunCheck.
type CheckOptions struct {
	// Resume continues a run left unfinished (by a restart, or a cancelled
	// context). Without it such a run is abandoned and a new one starts.
	Resume bool
	// Rate and BusyRate limit reading, in bytes a second, while no import
	// runs and while one does; 0 is the default, below 0 unlimited.
	Rate, BusyRate int64
	// Progress, when not nil, is called after every file.
	Progress func(CheckProgress)
}

// CheckProgress reports how far a check is.
type CheckProgress struct {
	Files, Total int64 // recordings checked in this run, and in all
	Bytes        int64
	Busy         bool // an import is running: reading slowed down
}

// CheckRun is one run of the integrity check.
type CheckRun struct {
	ID        int64           `json:"id"`
	StartedAt time.Time       `json:"started_at"`
	EndedAt   time.Time       `json:"ended_at,omitzero"`
	Status    string          `json:"status"`
	Files     int64           `json:"files"`
	Bytes     int64           `json:"bytes"`
	Resumed   bool            `json:"resumed,omitempty"`
	Problems  []store.Problem `json:"problems"` // everything this run found, also what was already open
}

// CheckSubject is check run id's name in the ledger.
func CheckSubject(id int64) string { return "check:" + strconv.FormatInt(id, 10) }

// RunCheck re-hashes every archived recording (SHA-256 and SM3) against its
// record, then checks the ledger's tree, the tombstones and the archive for
// files without a recording. Reading is throttled, more while an import is
// running. Progress is saved as it goes, so a run cut short (cancelled, or
// the process killed) resumes where it stopped (opts.Resume). Start, finish
// and every new problem are ledger entries; new problems stay open until
// acknowledged. A cancelled run writes check.cancel, never check.finish, and
// returns an error wrapping ErrCheckCancelled.
func RunCheck(ctx context.Context, sess *store.Session, opts CheckOptions) (CheckRun, error) {
	run, err := runCheck(ctx, sess, opts)
	if err == nil || ctx.Err() == nil || run.ID == 0 {
		return run, err
	}
	st := sess.Store()
	ctx = context.WithoutCancel(ctx)
	lerr := st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.cancel", CheckSubject(run.ID), map[string]any{
			"files_done": run.Files, "bytes_done": run.Bytes, "problem_count": len(run.Problems)})
		return err
	})
	if lerr != nil {
		return run, fmt.Errorf("store: check %d: %w: %w (and recording the cancel failed: %v)", run.ID, ErrCheckCancelled, err, lerr)
	}
	return run, fmt.Errorf("store: check %d: %w: %w", run.ID, ErrCheckCancelled, err)
}

func runCheck(ctx context.Context, sess *store.Session, opts CheckOptions) (CheckRun, error) {
	if err := sess.Check(ctx, store.ActIntegrityCheck, ""); err != nil {
		return CheckRun{}, err
	}
	st := sess.Store()
	if err := os.MkdirAll(filepath.Join(st.Dir(), "locks"), 0o750); err != nil {
		return CheckRun{}, fmt.Errorf("store: check: %w", err)
	}
	lock, err := filelock.Take(filepath.Join(st.Dir(), "locks", "check.lock"), false)
	if errors.Is(err, filelock.ErrHeld) {
		return CheckRun{}, ErrCheckRunning
	}
	if err != nil {
		return CheckRun{}, err
	}
	defer lock.Release()
	if err := retention.FinishPurges(ctx, st); err != nil {
		return CheckRun{}, err
	}
	run, cursor, err := startCheck(ctx, sess, opts.Resume)
	if err != nil {
		return run, err
	}
	var total int64
	st.DB().QueryRowContext(ctx, `SELECT count(*) FROM recordings WHERE id NOT IN (SELECT recording_id FROM tombstones)`).Scan(&total)
	th := &throttle{ctx: ctx, st: st, rate: opts.Rate, busyRate: opts.BusyRate}
	if th.rate == 0 {
		th.rate = DefaultCheckRate
	}
	if th.busyRate == 0 {
		th.busyRate = DefaultCheckBusyRate
	}
	saved := time.Now()
	for {
		batch, err := checkBatch(ctx, st, cursor)
		if err != nil {
			return run, err
		}
		if len(batch) == 0 {
			break
		}
		for _, j := range batch {
			path := filepath.Join(st.Dir(), filepath.FromSlash(j.rel))
			what, n := archive.CheckFile(path, j.sha, j.sm, j.size, func(r io.Reader) io.Reader { return throttledReader{r, th} })
			var p *store.Problem
			if what != "" && ctx.Err() == nil {
				p = &store.Problem{Kind: "file", Ref: filepath.ToSlash(path), What: what + " (recording " + j.id + ")"}
			}
			if ctx.Err() != nil {
				// The file was not finished: it is checked again on resume.
				return run, errors.Join(ctx.Err(), saveCheck(context.WithoutCancel(ctx), st, run, cursor))
			}
			cursor = j.sha
			run.Files++
			run.Bytes += n
			if p != nil {
				if err := checkProblem(ctx, sess, &run, *p); err != nil {
					return run, err
				}
			}
			if opts.Progress != nil {
				opts.Progress(CheckProgress{Files: run.Files, Total: total, Bytes: run.Bytes, Busy: th.busy})
			}
			if p != nil || time.Since(saved) > 2*time.Second {
				if err := saveCheck(ctx, st, run, cursor); err != nil {
					return run, err
				}
				saved = time.Now()
			}
		}
	}
	// Every file is checked: a cancel from here on resumes at the ledger.
	if err := saveCheck(ctx, st, run, cursor); err != nil {
		return run, err
	}
	var rep VerifyReport
	if err := verifyLedger(ctx, st, &rep, func(VerifyProgress) {}); err != nil {
		return run, err
	}
	if err := verifyTombstones(ctx, st, &rep); err != nil {
		return run, err
	}
	if err := findOrphans(ctx, st, &rep); err != nil {
		return run, err
	}
	for _, p := range rep.Problems {
		if err := checkProblem(ctx, sess, &run, p); err != nil {
			return run, err
		}
	}
	run.Status, run.EndedAt = CheckComplete, st.Now()
	logged := run.Problems
	if len(logged) > 100 {
		logged = logged[:100]
	}
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE checks SET status = ?, ended_at = ?, cursor = ?, files = ?, bytes = ?, problems = ? WHERE id = ?`,
			run.Status, store.UnixMS(run.EndedAt), cursor, run.Files, run.Bytes, len(run.Problems), run.ID); err != nil {
			return err
		}
		_, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.finish", CheckSubject(run.ID), map[string]any{
			"ok": len(run.Problems) == 0, "files": run.Files, "bytes": run.Bytes, "resumed": run.Resumed,
			"problem_count": len(run.Problems), "problems": logged})
		return err
	})
	if err != nil {
		return run, fmt.Errorf("store: finish check: %w", err)
	}
	return run, nil
}

// startCheck resumes the unfinished run when resume is set, or abandons it
// and starts a new one. It returns the run and its cursor.
func startCheck(ctx context.Context, sess *store.Session, resume bool) (CheckRun, string, error) {
	st := sess.Store()
	var run CheckRun
	var cursor string
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var started int64
		err := tx.QueryRowContext(ctx, `SELECT id, started_at, cursor, files, bytes FROM checks WHERE status = ? ORDER BY id DESC LIMIT 1`,
			CheckRunning).Scan(&run.ID, &started, &cursor, &run.Files, &run.Bytes)
		switch {
		case err == nil && resume:
			run.StartedAt, run.Status, run.Resumed = store.FromMS(started), CheckRunning, true
			run.Problems, err = checkProblems(ctx, tx, run.ID)
			if err != nil {
				return err
			}
			_, err = st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.resume", CheckSubject(run.ID),
				map[string]any{"files_done": run.Files, "bytes_done": run.Bytes})
			return err
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE checks SET status = ?, ended_at = ? WHERE status = ?`,
				CheckAbandoned, store.UnixMS(st.Now()), CheckRunning); err != nil {
				return err
			}
			if _, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.abandon", CheckSubject(run.ID),
				map[string]any{"files_done": run.Files}); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		run = CheckRun{StartedAt: st.Now(), Status: CheckRunning, Problems: []store.Problem{}}
		cursor = ""
		if err := tx.QueryRowContext(ctx, `INSERT INTO checks(started_at, status) VALUES (?, ?) RETURNING id`,
			store.UnixMS(run.StartedAt), CheckRunning).Scan(&run.ID); err != nil {
			return err
		}
		_, err = st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.start", CheckSubject(run.ID), nil)
		return err
	})
	if err != nil {
		return run, "", fmt.Errorf("store: start check: %w", err)
	}
	return run, cursor, nil
}

type checkJob struct {
	id, sha, sm, rel string
	size             int64
}

// checkBatch returns the next recordings after cursor, by SHA-256.
func checkBatch(ctx context.Context, s *store.Store, cursor string) ([]checkJob, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, sha256, sm3, size, archive_path FROM recordings
		WHERE sha256 > ? AND id NOT IN (SELECT recording_id FROM tombstones) ORDER BY sha256 LIMIT 64`, cursor)
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	defer rows.Close()
	var out []checkJob
	for rows.Next() {
		var j checkJob
		if err := rows.Scan(&j.id, &j.sha, &j.sm, &j.size, &j.rel); err != nil {
			return nil, fmt.Errorf("store: check: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func saveCheck(ctx context.Context, s *store.Store, run CheckRun, cursor string) error {
	if err := s.Exec(ctx, `UPDATE checks SET cursor = ?, files = ?, bytes = ?, problems = ? WHERE id = ?`,
		cursor, run.Files, run.Bytes, len(run.Problems), run.ID); err != nil {
		return fmt.Errorf("store: save check progress: %w", err)
	}
	return nil
}

// CheckDue reports whether the scheduled check should run now: a run is
// unfinished, or the last complete run started every or longer ago (or
// there was none). next is when it is due.
func CheckDue(ctx context.Context, s *store.Store, every time.Duration) (due bool, next time.Time, err error) {
	if every <= 0 {
		every = DefaultCheckInterval
	}
	var running int
	var last int64
	err = s.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM checks WHERE status = 'running'),
		coalesce((SELECT max(started_at) FROM checks WHERE status = 'complete'), 0)`).Scan(&running, &last)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: check due: %w", err)
	}
	now := s.Now()
	if running > 0 || last == 0 {
		return true, now, nil
	}
	next = store.FromMS(last).Add(every)
	return !now.Before(next), next, nil
}

// ScheduledCheck runs the check (resuming an unfinished run) when CheckDue
// says so; the GUI and the docking watch call it periodically. ran is false
// when it was not due or another process is running it.
func ScheduledCheck(ctx context.Context, sess *store.Session, every time.Duration, opts CheckOptions) (ran bool, run CheckRun, err error) {
	due, _, err := CheckDue(ctx, sess.Store(), every)
	if err != nil || !due {
		return false, CheckRun{}, err
	}
	opts.Resume = true
	run, err = RunCheck(ctx, sess, opts)
	if errors.Is(err, ErrCheckRunning) {
		return false, run, nil
	}
	return err == nil, run, err
}

// throttle limits the check's reading rate, lower while an import runs.
type throttle struct {
	ctx            context.Context
	st             *store.Store
	rate, busyRate int64
	busy           bool
	polled, last   time.Time
	debt           time.Duration
}

// wait sleeps long enough that n more bytes keep to the rate.
func (t *throttle) wait(n int) error {
	now := time.Now()
	if now.Sub(t.polled) > time.Second {
		var running int
		t.st.DB().QueryRowContext(t.ctx, `SELECT count(*) FROM imports WHERE status = 'running'`).Scan(&running)
		t.busy, t.polled = running > 0, now
	}
	rate := t.rate
	if t.busy {
		rate = t.busyRate
	}
	if rate < 0 {
		return t.ctx.Err()
	}
	if !t.last.IsZero() {
		t.debt -= now.Sub(t.last)
	}
	t.last = now
	t.debt = max(t.debt, 0) + time.Duration(int64(n)*int64(time.Second)/rate)
	if t.debt < 20*time.Millisecond {
		return t.ctx.Err()
	}
	timer := time.NewTimer(t.debt)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-t.ctx.Done():
		return t.ctx.Err()
	}
}

type throttledReader struct {
	r io.Reader
	t *throttle
}

func (r throttledReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if werr := r.t.wait(n); werr != nil && err == nil {
		err = werr
	}
	return n, err
}

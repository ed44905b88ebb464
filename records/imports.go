package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"evidock/archive"
	"evidock/digest"
	"evidock/internal/filelock"
	"evidock/ledger"
	"evidock/store"
)

// ImportSpec describes where an import reads from.
type ImportSpec struct {
	Source    string // the folder or volume imported
	DeviceID  string // the recorder's serial
	OfficerID string // the officer the recordings belong to (警号)

	// What docking measured; zero values when imported from a plain folder.
	Volume        string        // mount point of the recorder's volume
	Profile       string        // device profile that recognised it
	ClockOffset   time.Duration // recorder clock minus workstation clock
	ClockMeasured bool          // ClockOffset was measured
	RecorderFree  int64         // free bytes on the recorder; -1 unknown
	RecorderTotal int64         // size of the recorder's volume; -1 unknown
	// Remote marks continuous or remote work (Art. 13): recordings are on
	// time when imported within 24 h of ReturnedAt.
	Remote     bool
	ReturnedAt time.Time
}

// ImportRun is an import in progress. It holds a lock for as long as it
// runs, so other processes can tell it from one that crashed.
type ImportRun struct {
	sess  *store.Session
	ID    string
	Spec  ImportSpec
	lock  *filelock.Lock
	grace time.Duration // Settings.LateGrace when the run began
}

// Abandon lets go of the run without finishing it, as a process that dies
// does: the next Open finds it interrupted. Tests stand in for a crash
// with it.
func (r *ImportRun) Abandon() {
	if r.lock != nil {
		r.lock.Release()
		r.lock = nil
	}
}

// BeginImport starts an import run: its row, its lock and its ledger entry.
func BeginImport(ctx context.Context, sess *store.Session, spec ImportSpec) (*ImportRun, error) {
	if err := sess.Check(ctx, store.ActImport, spec.Source); err != nil {
		return nil, err
	}
	st := sess.Store()
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin import: %w", err)
	}
	id := uuid.NewString()
	if err := os.MkdirAll(filepath.Join(st.Dir(), "locks"), 0o750); err != nil {
		return nil, fmt.Errorf("store: begin import: %w", err)
	}
	lock, err := filelock.Take(st.ImportLockPath(id), true)
	if err != nil {
		return nil, err
	}
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		if !spec.ClockMeasured {
			spec.ClockOffset = 0
		}
		free, total := spec.RecorderFree, spec.RecorderTotal
		if free == 0 && total == 0 {
			free, total = -1, -1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO imports(id, started_at, status, source, device_id, officer_id,
			volume, profile, clock_offset_ms, clock_measured, recorder_free, recorder_total, remote, returned_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, store.UnixMS(st.Now()), store.StatusRunning, spec.Source, spec.DeviceID, spec.OfficerID,
			spec.Volume, spec.Profile, spec.ClockOffset.Milliseconds(), spec.ClockMeasured, free, total,
			spec.Remote, store.UnixMS(spec.ReturnedAt)); err != nil {
			return err
		}
		details := map[string]any{"source": spec.Source, "device": spec.DeviceID, "officer": spec.OfficerID}
		if spec.Profile != "" {
			details["profile"] = spec.Profile
			details["volume"] = spec.Volume
		}
		if spec.ClockMeasured {
			details["clock_offset_s"] = spec.ClockOffset.Seconds()
		}
		if free >= 0 {
			details["recorder_free"], details["recorder_total"] = free, total
		}
		if spec.Remote {
			details["remote"], details["returned_at"] = true, spec.ReturnedAt.UTC().Format(time.RFC3339)
		}
		_, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "import.start", id, details)
		return err
	})
	if err != nil {
		lock.Release()
		os.Remove(st.ImportLockPath(id))
		return nil, fmt.Errorf("store: begin import: %w", err)
	}
	return &ImportRun{sess: sess, ID: id, Spec: spec, lock: lock, grace: set.LateGrace}, nil
}

// CreateTemp makes a temp file in the archive for one incoming recording.
func (r *ImportRun) CreateTemp() (*archive.TempFile, error) {
	return r.sess.Store().Archive().CreateTemp(r.ID)
}

// Seen reports whether this recorder's file at sourcePath, with this size and
// file time, was already archived by an earlier import. A re-dock skips such
// files without reading them.
//
// Without a device serial there is no telling two recorders' REC001.WAV
// apart, so nothing is skipped: the file is read, and content already
// archived is recognised by its hash instead.
func (r *ImportRun) Seen(ctx context.Context, sourcePath string, size int64, fileTime time.Time) (bool, error) {
	if r.Spec.DeviceID == "" {
		return false, nil
	}
	var n int
	err := r.sess.Store().DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sightings WHERE device_id = ? AND source_path = ? AND size = ? AND file_time = ?)
		+ (SELECT count(*) FROM empty_files WHERE ? = 0 AND device_id = ? AND source_path = ? AND file_time = ?)`,
		r.Spec.DeviceID, sourcePath, size, store.UnixMS(fileTime), size, r.Spec.DeviceID, sourcePath, store.UnixMS(fileTime)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: look up sighting: %w", err)
	}
	return n > 0, nil
}

// Incoming is one recording read off a recorder into a temp file.
type Incoming struct {
	Name       string    // original file name
	SourcePath string    // path on the recorder, slash-separated, relative to its root
	FileTime   time.Time // modification time on the recorder
	Kind       string    // video, audio, photo
	Sum        digest.Sum
	Chunks     digest.Chunks // checksums taken while writing tmp; nil to check by SHA-256
	Size       int64
	Facts      Facts
}

// Facts are what the recording's metadata, name and docking say about it.
type Facts struct {
	RecordedAt   time.Time     // when recording began, UTC, corrected by the clock offset; zero when unknown
	RecordedRaw  string        // the time as the recorder wrote it
	TimeSource   string        // which time RecordedAt is: TimeFromName, TimeFromMetadata or TimeFromFileTime
	NameTime     time.Time     // the time the file name gives, corrected; zero when none
	MetadataTime time.Time     // the time the metadata gives, corrected; zero when none
	Metadata     string        // the metadata that was read (mp4-mvhd, exif, riff-wav…); "" when none
	Duration     time.Duration // zero when unknown
	Officer      string        // the officer the file names, when it names one
	Flags        []string      // e.g. metadata_unreadable, officer_mismatch, unregistered_device, time_conflict
}

// Archived says what became of an Incoming.
type Archived struct {
	RecordingID string
	Duplicate   bool // the content was already archived; this is a new sighting
	Empty       bool // a zero-length file: recorded for its recorder and name, not archived
	Seq         int64
}

// Archive seals the temp file tmp (verifying it by re-reading), moves it into
// the archive and commits the recording with its ledger entry. Content
// already archived is not stored again: the temp file is removed and the
// sighting is recorded. When Archive fails, nothing of the file is recorded
// As imported.
func (r *ImportRun) Archive(ctx context.Context, tmp *archive.TempFile, in Incoming) (Archived, error) {
	st := r.sess.Store()
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath) // gone after Install; removes leftovers otherwise
	if in.Size == 0 {
		tmp.Discard()
		return r.recordEmpty(ctx, in)
	}
	var want digest.Readback = in.Sum.Readback()
	if in.Chunks != nil {
		want = in.Chunks.Readback()
	}
	if err := st.Archive().Seal(tmp, want, in.Size); err != nil {
		return Archived{}, err
	}
	hexSum := in.Sum.SHA256Hex()
	if id, seq, ok, err := r.sight(ctx, in, hexSum); err != nil || ok {
		return Archived{RecordingID: id, Duplicate: true, Seq: seq}, err
	}
	// The pending row is committed before the rename, so a crash between the
	// rename and the recording's commit is undone at the next start.
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO archive_pending(sha256, import_id, path, created_at) VALUES (?,?,?,?)`,
			hexSum, r.ID, archive.RelPath(hexSum), store.UnixMS(st.Now()))
		return err
	})
	if err != nil {
		return Archived{}, fmt.Errorf("store: archive %s: %w", in.SourcePath, err)
	}
	if _, err := st.Archive().Install(tmpPath, in.Sum); err != nil {
		r.unpend(ctx, hexSum)
		return Archived{}, err
	}
	var out Archived
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT id FROM recordings WHERE sha256 = ?`, hexSum).Scan(&existing)
		if err == nil { // another worker committed the same content meanwhile
			out.RecordingID, out.Duplicate = existing, true
			out.Seq, err = r.insertSighting(ctx, tx, existing, in, hexSum)
		} else if errors.Is(err, sql.ErrNoRows) {
			out.RecordingID = uuid.NewString()
			out.Seq, err = r.insertRecording(ctx, tx, out.RecordingID, in, hexSum)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM archive_pending WHERE sha256 = ? AND import_id = ?`, hexSum, r.ID)
		return err
	})
	if err != nil {
		r.unpend(ctx, hexSum)
		return Archived{}, fmt.Errorf("store: commit %s: %w", in.SourcePath, err)
	}
	return out, nil
}

// sight records a sighting when the content is already a recording.
func (r *ImportRun) sight(ctx context.Context, in Incoming, hexSum string) (id string, seq int64, ok bool, err error) {
	st := r.sess.Store()
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM recordings WHERE sha256 = ?`, hexSum).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		seq, err = r.insertSighting(ctx, tx, id, in, hexSum)
		return err
	})
	if err != nil {
		return "", 0, false, fmt.Errorf("store: record sighting of %s: %w", in.SourcePath, err)
	}
	return id, seq, ok, nil
}

// unpend undoes an install whose recording was not committed. It runs
// whatever became of the caller's context (a cancelled import still undoes
// its part), and removes the file only when it can tell that no recording
// and no other import's pending row holds that content; when it cannot,
// the pending row stays and the next start looks again.
func (r *ImportRun) unpend(ctx context.Context, hexSum string) {
	st := r.sess.Store()
	ctx = context.WithoutCancel(ctx)
	st.Tx(ctx, func(tx *sql.Tx) error {
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM recordings WHERE sha256 = ?)
			+ (SELECT count(*) FROM archive_pending WHERE sha256 = ? AND import_id <> ?)`, hexSum, hexSum, r.ID).Scan(&held); err != nil {
			return err
		}
		if held == 0 {
			if err := st.Archive().Remove(hexSum); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM archive_pending WHERE sha256 = ? AND import_id = ?`, hexSum, r.ID)
		return err
	})
}

func (r *ImportRun) insertRecording(ctx context.Context, tx *sql.Tx, id string, in Incoming, hexSum string) (int64, error) {
	st := r.sess.Store()
	now := st.Now()
	f := in.Facts
	officer := r.Spec.OfficerID
	if f.Officer != "" {
		officer = f.Officer
	}
	flags := append([]string{}, f.Flags...)
	day := ""
	late := false
	if !f.RecordedAt.IsZero() {
		day = LocalDay(f.RecordedAt)
		late = now.After(r.deadline(f.RecordedAt))
	}
	if late {
		flags = append(flags, FlagLate)
	}
	if in.Size == 0 {
		flags = append(flags, FlagEmpty)
	}
	flagsJSON, _ := json.Marshal(flags)
	details := map[string]any{
		"sha256": hexSum, "sm3": in.Sum.SM3Hex(), "size": in.Size,
		"name": in.Name, "source_path": in.SourcePath, "file_time": in.FileTime.UTC().Format(time.RFC3339),
		"device": r.Spec.DeviceID, "officer": officer, "import": r.ID,
		"kind": in.Kind, "archive_path": archive.RelPath(hexSum), "flags": flags, "imported_at": ledger.TimeText(now),
	}
	if !f.RecordedAt.IsZero() {
		details["recorded_at"] = ledger.TimeText(f.RecordedAt)
		details["recorded_raw"] = f.RecordedRaw
		details["time_source"] = f.TimeSource
	}
	if !f.NameTime.IsZero() {
		details["name_time"] = ledger.TimeText(f.NameTime)
	}
	if !f.MetadataTime.IsZero() {
		details["metadata_time"] = ledger.TimeText(f.MetadataTime)
		details["metadata"] = f.Metadata
	}
	if f.Duration > 0 {
		details["duration_s"] = f.Duration.Seconds()
	}
	seq, err := st.AppendEntry(ctx, tx, r.sess.Actor().LedgerName(), "recording.import", id, details)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO recordings(id, sha256, sm3, size, original_name, source_path, file_time,
		device_id, officer_id, import_id, kind, archive_path, imported_at, ledger_seq,
		recorded_at, recorded_raw, time_source, duration_ms, day, shift_day, flags, late, name_time, metadata_time)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		id, hexSum, in.Sum.SM3Hex(), in.Size, in.Name, in.SourcePath, store.UnixMS(in.FileTime),
		r.Spec.DeviceID, officer, r.ID, in.Kind, archive.RelPath(hexSum), store.UnixMS(now), seq,
		store.UnixMS(f.RecordedAt), f.RecordedRaw, f.TimeSource, f.Duration.Milliseconds(), day, day, string(flagsJSON), late,
		store.UnixMS(f.NameTime), store.UnixMS(f.MetadataTime)); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sightings(recording_id, import_id, device_id, source_path, size, file_time, seen_at) VALUES (?,?,?,?,?,?,?)`,
		id, r.ID, r.Spec.DeviceID, in.SourcePath, in.Size, store.UnixMS(in.FileTime), store.UnixMS(now))
	return seq, err
}

// deadline is when a recording made at t must be imported by (Art. 13): the
// end of its recording day, or 24 h after the return from remote work, and
// the grace the settings allow after that.
func (r *ImportRun) deadline(t time.Time) time.Time {
	local := t.In(time.Local)
	d := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, time.Local)
	if r.Spec.Remote {
		if back := r.Spec.ReturnedAt.Add(24 * time.Hour); back.After(d) {
			d = back
		}
	}
	return d.Add(r.grace)
}

// LocalDay is the workstation's calendar day of t (the bureau's zone).
func LocalDay(t time.Time) string { return t.In(time.Local).Format(time.DateOnly) }

func (r *ImportRun) insertSighting(ctx context.Context, tx *sql.Tx, id string, in Incoming, hexSum string) (int64, error) {
	st := r.sess.Store()
	seq, err := st.AppendEntry(ctx, tx, r.sess.Actor().LedgerName(), "recording.seen", id, map[string]any{
		"sha256": hexSum, "name": in.Name, "source_path": in.SourcePath,
		"device": r.Spec.DeviceID, "officer": r.Spec.OfficerID, "import": r.ID})
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sightings(recording_id, import_id, device_id, source_path, size, file_time, seen_at) VALUES (?,?,?,?,?,?,?)`,
		id, r.ID, r.Spec.DeviceID, in.SourcePath, in.Size, store.UnixMS(in.FileTime), store.UnixMS(st.Now()))
	return seq, err
}

// Summary is the outcome of an import run.
type Summary struct {
	Status     string
	Files      int   // recordings found on the source
	New        int   // archived for the first time
	Duplicates int   // content already archived (a new sighting)
	Skipped    int   // this recorder's file already imported by an earlier run
	Empty      int   // zero-length files, recorded per recorder and name, not archived
	Failed     int   // not imported; see Problems
	Bytes      int64 // bytes read and archived
	Message    string
	Problems   []FileProblem
}

// FileProblem is one file that was not imported, or imported with a warning.
type FileProblem struct {
	Path string `json:"file"`
	Err  string `json:"error"`
}

// Finish ends the run: its row, its ledger entry, its lock.
func (r *ImportRun) Finish(ctx context.Context, sum Summary) error {
	st := r.sess.Store()
	ctx = context.WithoutCancel(ctx) // the end of a run is recorded even when it was cancelled
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET ended_at=?, status=?, files=?, new_files=?, duplicates=?, skipped=?, failed=?, bytes=?, message=? WHERE id=?`,
			store.UnixMS(st.Now()), sum.Status, sum.Files, sum.New, sum.Duplicates, sum.Skipped, sum.Failed, sum.Bytes, sum.Message, r.ID); err != nil {
			return err
		}
		_, err := st.AppendEntry(ctx, tx, r.sess.Actor().LedgerName(), "import.end", r.ID, map[string]any{
			"status": sum.Status, "files": sum.Files, "new": sum.New, "duplicates": sum.Duplicates,
			"skipped": sum.Skipped, "empty": sum.Empty, "failed": sum.Failed, "bytes": sum.Bytes, "message": sum.Message,
			"problems": sum.Problems})
		return err
	})
	st.Archive().RemoveTemps(r.ID)
	r.lock.Release()
	os.Remove(st.ImportLockPath(r.ID))
	if err != nil {
		return fmt.Errorf("store: finish import: %w", err)
	}
	return nil
}

// recordEmpty records a zero-length file for its recorder and name. It is
// no recording: every empty file has one hash, and one recorder's empty
// file must not become a sighting of another's.
func (r *ImportRun) recordEmpty(ctx context.Context, in Incoming) (Archived, error) {
	st := r.sess.Store()
	officer := r.Spec.OfficerID
	if in.Facts.Officer != "" {
		officer = in.Facts.Officer
	}
	var out Archived
	out.Empty = true
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out.Seq, err = st.AppendEntry(ctx, tx, r.sess.Actor().LedgerName(), "recording.empty", r.ID, map[string]any{
			"name": in.Name, "source_path": in.SourcePath, "file_time": in.FileTime.UTC().Format(time.RFC3339),
			"device": r.Spec.DeviceID, "officer": officer, "flags": []string{FlagEmpty}})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO empty_files(import_id, device_id, officer_id, source_path, name, file_time, seen_at, ledger_seq)
			VALUES (?,?,?,?,?,?,?,?)`, r.ID, r.Spec.DeviceID, officer, in.SourcePath, in.Name, store.UnixMS(in.FileTime), store.UnixMS(st.Now()), out.Seq)
		return err
	})
	if err != nil {
		return Archived{}, fmt.Errorf("store: record the empty file %s: %w", in.SourcePath, err)
	}
	return out, nil
}

// Reserve makes room on the archive disk for a recording of size bytes
// before it is copied (see spaceGuard). Call the release when the copy has
// ended. It returns an error wrapping ErrDiskFull when the disk cannot
// hold it.
func (r *ImportRun) Reserve(ctx context.Context, size int64) (release func(), err error) {
	return r.sess.Store().Room().Reserve(ctx, size)
}

package access

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"evidock/internal/filelock"
	"evidock/records"
	"evidock/store"
)

// ExportStatus is where an export stands.
type ExportStatus string

// Export states. A failed export may be retried; it becomes running again.
const (
	ExportRunning  ExportStatus = "running"
	ExportComplete ExportStatus = "complete"
	ExportFailed   ExportStatus = "failed"
)

// ExportDescription is the written description of an evidence copy (Art.
// 15) as the custodian entered it. Case number and name are free text: the
// store has no cases to link an export to. Where a recording was made, by
// which officer and recorder, and when, come from the recordings.
type ExportDescription struct {
	CaseNumber   string    `json:"case_number"`            // 案件编号
	CaseName     string    `json:"case_name,omitempty"`    // 案件名称
	Content      string    `json:"content,omitempty"`      // what the recordings show
	Maker        string    `json:"maker"`                  // 制作人
	Extractor    string    `json:"extractor"`              // 提取人
	Organization string    `json:"organization,omitempty"` // the bureau
	ExtractedAt  time.Time `json:"extracted_at,omitzero"`  // 提取时间; zero: when each attempt begins
}

// ExportSpec is what BeginExport needs.
type ExportSpec struct {
	RequestID   int64    // an approved evidence-extraction request
	Recordings  []string // which of the request's recordings; none: all of them
	Medium      string   // cd, dvd, dvd-dl, bd (checked by the export package)
	Capacity    int64    // bytes per disc when not the medium's; 0: the medium's
	OutDir      string   // where the bags and images are written
	Device      string   // the burner; "" writes images only
	Description ExportDescription
}

// Export is an export's row.
type Export struct {
	ID          int64             `json:"id"`
	RequestID   int64             `json:"request"`
	Status      ExportStatus      `json:"status"`
	OutDir      string            `json:"out_dir"`
	Medium      string            `json:"medium"`
	Capacity    int64             `json:"capacity,omitempty"`
	Device      string            `json:"device,omitempty"`
	Discs       int               `json:"discs"`
	CreatedAt   time.Time         `json:"created_at"`
	CreatedBy   string            `json:"created_by"`
	EndedAt     time.Time         `json:"ended_at,omitzero"`
	Message     string            `json:"message,omitempty"`
	Attempts    int               `json:"attempts"`
	BeginSeq    int64             `json:"begin_seq"` // the latest attempt's export.begin entry
	EndSeq      int64             `json:"end_seq,omitempty"`
	Recordings  []string          `json:"recordings"` // in disc order
	Description ExportDescription `json:"description"`
	// A completed export holds its recordings as a case would (Art. 14)
	// until a custodian releases it.
	ReleasedAt    time.Time `json:"released_at,omitzero"`
	ReleasedBy    string    `json:"released_by,omitempty"`
	ReleaseReason string    `json:"release_reason,omitempty"`
}

// ExportSubject is export id's name in the ledger.
func ExportSubject(id int64) string { return "export:" + strconv.FormatInt(id, 10) }

// ExportRecording is a recording as an export needs it.
type ExportRecording struct {
	records.Recording
	OfficerName string // the officer's registered name; "" when not registered
	Path        string // the archived copy
}

// ExportRun is one attempt of an export in progress, begun by BeginExport or
// RetryExport. It holds a lock while it runs, so that another process can
// tell it from one that died. It ends with Complete or Fail.
type ExportRun struct {
	sess        *store.Session
	Export      Export
	Request     Request
	Recordings  []ExportRecording // in disc order
	ExtractedAt time.Time         // this attempt's extraction time
	lock        *filelock.Lock
	ended       bool
}

func exportLockPath(s *store.Store, id int64) string {
	return filepath.Join(s.Dir(), "locks", "export-"+strconv.FormatInt(id, 10)+".lock")
}

// BeginExport starts an evidence export: only a custodian may, only under a
// request that ApprovedExtraction accepts now (approved, unexpired, for
// evidence extraction, a leader's approval for classified recordings), and
// only of the request's recordings. Every refusal is a ledger entry. It
// writes the export's row and its export.begin entry (request, recordings
// with their hashes and import entries, description, maker, extractor) in
// one transaction; that entry is what the discs prove.
func BeginExport(ctx context.Context, sess *store.Session, spec ExportSpec) (*ExportRun, error) {
	subject := RequestSubject(spec.RequestID)
	if err := sess.Check(ctx, store.ActExport, subject); err != nil {
		return nil, err
	}
	req, err := ApprovedExtraction(ctx, sess, spec.RequestID)
	if err != nil {
		return nil, err
	}
	var recs []string
	for _, id := range spec.Recordings {
		if !slices.Contains(req.Recordings, id) {
			return nil, sess.Refuse(ctx, store.ActExport, subject, fmt.Sprintf("recording %s is not in request %d", id, req.ID))
		}
		if !slices.Contains(recs, id) {
			recs = append(recs, id)
		}
	}
	if len(recs) == 0 {
		recs = req.Recordings
	}
	if err := spec.check(); err != nil {
		return nil, fmt.Errorf("store: begin export: %w", err)
	}
	if err := closeDeadExports(ctx, sess.Store()); err != nil {
		return nil, err
	}
	run := &ExportRun{sess: sess, Request: req}
	if run.Recordings, err = exportRecordings(ctx, sess.Store(), recs); err != nil {
		return nil, fmt.Errorf("store: begin export: %w", err)
	}
	e := Export{RequestID: req.ID, Status: ExportRunning, OutDir: spec.OutDir, Medium: spec.Medium,
		Capacity: spec.Capacity, Device: spec.Device, CreatedAt: sess.Store().Now().UTC(), CreatedBy: sess.Actor().Name,
		Attempts: 1, Description: spec.Description}
	for _, r := range run.Recordings {
		e.Recordings = append(e.Recordings, r.ID)
	}
	run.Export = e // begin takes the extraction time from its description
	err = run.begin(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM exports`).Scan(&e.ID); err != nil {
			return err
		}
		run.Export = e
		if err := run.takeLock(); err != nil {
			return err
		}
		desc, _ := json.Marshal(e.Description)
		if _, err := tx.ExecContext(ctx, `INSERT INTO exports(id, request_id, status, out_dir, medium, capacity, device, created_at, created_by, begin_seq, description)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, e.ID, e.RequestID, string(ExportRunning), e.OutDir, e.Medium, e.Capacity, e.Device,
			store.UnixMS(e.CreatedAt), e.CreatedBy, -1, string(desc)); err != nil {
			return err
		}
		for i, id := range e.Recordings {
			if _, err := tx.ExecContext(ctx, `INSERT INTO export_recordings(export_id, position, recording_id) VALUES (?,?,?)`, e.ID, i, id); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin export: %w", err)
	}
	return run, nil
}

func (spec ExportSpec) check() error {
	d := spec.Description
	var missing []string
	for _, f := range []struct{ name, v string }{{"maker (制作人)", d.Maker}, {"extractor (提取人)", d.Extractor},
		{"case number (案件编号)", d.CaseNumber}, {"medium", spec.Medium}, {"output folder", spec.OutDir}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s missing: %w", strings.Join(missing, ", "), store.ErrInvalid)
	}
	if spec.Capacity < 0 {
		return fmt.Errorf("capacity %d is negative: %w", spec.Capacity, store.ErrInvalid)
	}
	return nil
}

// RetryExport starts another attempt of a failed export (or of one whose
// process died) with the recordings, description, medium and folder it was
// begun with, under the same checks as BeginExport: an expired grant is a
// Refusal. device, if not "", replaces the burner recorded.
func RetryExport(ctx context.Context, sess *store.Session, id int64, device string) (*ExportRun, error) {
	subject := ExportSubject(id)
	if err := sess.Check(ctx, store.ActExport, subject); err != nil {
		return nil, err
	}
	if err := closeDeadExports(ctx, sess.Store()); err != nil {
		return nil, err
	}
	e, err := loadExport(ctx, sess.Store().DB(), id)
	if err != nil {
		return nil, err
	}
	if e.Status != ExportFailed {
		return nil, fmt.Errorf("store: retry export %d: it is %s, only a failed export is retried: %w", id, e.Status, store.ErrInvalid)
	}
	req, err := ApprovedExtraction(ctx, sess, e.RequestID)
	if err != nil {
		return nil, err
	}
	run := &ExportRun{sess: sess, Request: req}
	if run.Recordings, err = exportRecordings(ctx, sess.Store(), e.Recordings); err != nil {
		return nil, fmt.Errorf("store: retry export %d: %w", id, err)
	}
	previous := map[string]any{"begin_seq": e.BeginSeq, "end_seq": e.EndSeq, "message": e.Message}
	if device != "" {
		e.Device = device
	}
	e.Status, e.Attempts, e.EndedAt, e.Message, e.EndSeq, e.Discs = ExportRunning, e.Attempts+1, time.Time{}, "", 0, 0
	run.Export = e
	err = run.begin(ctx, func(tx *sql.Tx) error {
		if err := run.takeLock(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE exports SET status = ?, attempts = ?, device = ?, ended_at = 0, message = '', end_seq = 0, discs = 0
			WHERE id = ? AND status = ?`, string(ExportRunning), e.Attempts, e.Device, id, string(ExportFailed))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("export %d was retried by someone else meanwhile: %w", id, store.ErrInvalid)
		}
		return nil
	}, previous)
	if err != nil {
		return nil, fmt.Errorf("store: retry export %d: %w", id, err)
	}
	return run, nil
}

// begin runs prepare and then writes the attempt's export.begin entry and
// begin_seq, all in one transaction; on failure the lock is let go.
func (run *ExportRun) begin(ctx context.Context, prepare func(*sql.Tx) error, previous map[string]any) error {
	st := run.sess.Store()
	if err := os.MkdirAll(filepath.Join(st.Dir(), "locks"), 0o750); err != nil {
		return err
	}
	run.ExtractedAt = run.Export.Description.ExtractedAt
	if run.ExtractedAt.IsZero() {
		run.ExtractedAt = st.Now()
	}
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		if err := prepare(tx); err != nil {
			return err
		}
		e := run.Export
		desc := e.Description
		desc.ExtractedAt = run.ExtractedAt.UTC()
		recs := make([]map[string]any, len(run.Recordings))
		for i, r := range run.Recordings {
			recs[i] = map[string]any{"id": r.ID, "sha256": r.SHA256, "sm3": r.SM3, "size": r.Size, "import_seq": r.LedgerSeq}
		}
		details := map[string]any{"export": e.ID, "attempt": e.Attempts, "request": e.RequestID,
			"approved_by": run.Request.DecidedBy, "recordings": recs, "description": desc,
			"maker": desc.Maker, "extractor": desc.Extractor, "medium": e.Medium, "out": e.OutDir}
		if e.Capacity > 0 {
			details["capacity"] = e.Capacity
		}
		if e.Device != "" {
			details["device"] = e.Device
		}
		if previous != nil {
			details["previous"] = previous
		}
		seq, err := st.AppendEntry(ctx, tx, run.sess.Actor().LedgerName(), "export.begin", ExportSubject(e.ID), details)
		if err != nil {
			return err
		}
		run.Export.BeginSeq = seq
		_, err = tx.ExecContext(ctx, `UPDATE exports SET begin_seq = ? WHERE id = ?`, seq, e.ID)
		return err
	})
	if err != nil && run.lock != nil {
		run.lock.Release()
		os.Remove(exportLockPath(st, run.Export.ID))
		run.lock = nil
	}
	return err
}

func (run *ExportRun) takeLock() error {
	lock, err := filelock.Take(exportLockPath(run.sess.Store(), run.Export.ID), false)
	if err != nil {
		return fmt.Errorf("export %d: %w", run.Export.ID, err)
	}
	run.lock = lock
	return nil
}

// exportRecordings reads recordings in disc order: by recording time (the
// file time when it is unknown), then ID.
func exportRecordings(ctx context.Context, s *store.Store, ids []string) ([]ExportRecording, error) {
	recs, err := records.QueryRecordings(ctx, s, records.RecordingFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	if len(recs) != len(ids) {
		return nil, fmt.Errorf("%d of %d recordings: %w", len(ids)-len(recs), len(ids), store.ErrNotFound)
	}
	when := func(r records.Recording) time.Time {
		if r.RecordedAt.IsZero() {
			return r.FileTime
		}
		return r.RecordedAt
	}
	slices.SortStableFunc(recs, func(a, b records.Recording) int {
		if c := when(a).Compare(when(b)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	out := make([]ExportRecording, len(recs))
	for i, r := range recs {
		out[i] = ExportRecording{Recording: r, Path: s.Archive().Path(r.SHA256)}
		err := s.DB().QueryRowContext(ctx, `SELECT name FROM officers WHERE number = ?`, r.OfficerID).Scan(&out[i].OfficerName)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("officer of %s: %w", r.ID, err)
		}
	}
	return out, nil
}

package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Recording is one archived content and where it first came from.
type Recording struct {
	ID           string    `json:"id"`
	SHA256       string    `json:"sha256"`
	SM3          string    `json:"sm3"`
	Size         int64     `json:"size"`
	OriginalName string    `json:"original_name"`
	SourcePath   string    `json:"source_path"`
	FileTime     time.Time `json:"file_time"`
	DeviceID     string    `json:"device_id"`
	OfficerID    string    `json:"officer_id"`
	ImportID     string    `json:"import_id"`
	Kind         string    `json:"kind"`
	ArchivePath  string    `json:"archive_path"`
	ImportedAt   time.Time `json:"imported_at"`
	LedgerSeq    int64     `json:"ledger_seq"`

	Classification Classification `json:"classification"`
}

// RecordingFilter selects recordings. Zero fields match everything.
type RecordingFilter struct {
	DeviceID  string `json:"device,omitempty"`
	OfficerID string `json:"officer,omitempty"`
	ImportID  string `json:"import,omitempty"`
	IDs       []string
	Limit     int `json:"limit,omitempty"`
	Offset    int `json:"offset,omitempty"`

	// visible limits a search to what the actor may see (see visibility).
	visible     string
	visibleArgs []any
}

const recordingColumns = `id, sha256, sm3, size, original_name, source_path, file_time, device_id, officer_id, import_id, kind, archive_path, imported_at, ledger_seq, classification`

func scanRecording(row interface{ Scan(...any) error }) (Recording, error) {
	var r Recording
	var ft, it int64
	err := row.Scan(&r.ID, &r.SHA256, &r.SM3, &r.Size, &r.OriginalName, &r.SourcePath, &ft,
		&r.DeviceID, &r.OfficerID, &r.ImportID, &r.Kind, &r.ArchivePath, &it, &r.LedgerSeq, &r.Classification)
	r.FileTime, r.ImportedAt = fromMS(ft), fromMS(it)
	return r, err
}

// Recordings looks recordings up. The lookup itself is a ledger entry.
func (sess *Session) Recordings(ctx context.Context, f RecordingFilter) ([]Recording, error) {
	if err := sess.check(ctx, "recordings.search", ""); err != nil {
		return nil, err
	}
	f.visible, f.visibleArgs = sess.visibility()
	out, err := sess.st.recordings(ctx, f)
	if err != nil {
		return nil, err
	}
	if _, err := sess.log(ctx, "recordings.search", "", map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record lookup: %w", err)
	}
	return out, nil
}

func (s *Store) recordings(ctx context.Context, f RecordingFilter) ([]Recording, error) {
	var where []string
	var args []any
	for col, v := range map[string]string{"device_id": f.DeviceID, "officer_id": f.OfficerID, "import_id": f.ImportID} {
		if v != "" {
			where = append(where, col+` = ?`)
			args = append(args, v)
		}
	}
	if len(f.IDs) > 0 {
		where = append(where, `id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if f.visible != "" {
		where = append(where, f.visible)
		args = append(args, f.visibleArgs...)
	}
	q := `SELECT ` + recordingColumns + ` FROM recordings`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY file_time, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find recordings: %w", err)
	}
	defer rows.Close()
	var out []Recording
	for rows.Next() {
		r, err := scanRecording(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find recordings: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Ledger reads ledger entries. Reading the ledger is itself a ledger entry,
// except for the workstation's own reads.
func (sess *Session) Ledger(ctx context.Context, f LedgerFilter) ([]Entry, error) {
	if err := sess.check(ctx, "ledger.read", ""); err != nil {
		return nil, err
	}
	out, err := sess.st.queryLedger(ctx, f)
	if err != nil {
		return nil, err
	}
	if !sess.actor.Has(RoleWorkstation) {
		if _, err := sess.log(ctx, "ledger.read", "", map[string]any{"results": len(out)}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Import is an import run's row.
type Import struct {
	ID         string    `json:"import_id"`
	StartedAt  time.Time `json:"started_at"`
	EndedAt    time.Time `json:"ended_at"`
	Status     string    `json:"status"`
	Source     string    `json:"source"`
	DeviceID   string    `json:"device_id"`
	OfficerID  string    `json:"officer_id"`
	Files      int       `json:"files"`
	New        int       `json:"new"`
	Duplicates int       `json:"duplicates"`
	Skipped    int       `json:"skipped"`
	Failed     int       `json:"failed"`
	Bytes      int64     `json:"bytes"`
	Message    string    `json:"message"`
}

// Imports lists import runs, newest first.
func (sess *Session) Imports(ctx context.Context, limit int) ([]Import, error) {
	if err := sess.check(ctx, "recordings.search", ""); err != nil {
		return nil, err
	}
	q := `SELECT id, started_at, coalesce(ended_at,0), status, source, device_id, officer_id, files, new_files, duplicates, skipped, failed, bytes, message
		FROM imports ORDER BY started_at DESC`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := sess.st.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list imports: %w", err)
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var im Import
		var st, en int64
		if err := rows.Scan(&im.ID, &st, &en, &im.Status, &im.Source, &im.DeviceID, &im.OfficerID,
			&im.Files, &im.New, &im.Duplicates, &im.Skipped, &im.Failed, &im.Bytes, &im.Message); err != nil {
			return nil, fmt.Errorf("store: list imports: %w", err)
		}
		im.StartedAt, im.EndedAt = fromMS(st), fromMS(en)
		out = append(out, im)
	}
	return out, rows.Err()
}

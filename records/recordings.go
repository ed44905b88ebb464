package records

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evidock/ledger"
	"evidock/store"
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

	Classification store.Classification `json:"classification"`

	RecordedAt   time.Time `json:"recorded_at"` // corrected by the recorder's clock offset; zero when unknown
	RecordedRaw  string    `json:"recorded_raw"`
	TimeSource   string    `json:"time_source"`            // name, metadata or file_time: which time RecordedAt is
	NameTime     time.Time `json:"name_time,omitzero"`     // the file name's time, corrected
	MetadataTime time.Time `json:"metadata_time,omitzero"` // the metadata's time, corrected
	ShiftDay     string    `json:"shift_day"`              // the timeline (recorder shift) it belongs to, by the day the shift began
	DurationS    float64   `json:"duration_s"`
	Day          string    `json:"day"`
	Flags        []string  `json:"flags"`
	Category     string    `json:"category"` // 执法类别; "" until an officer gives it
	Late         bool      `json:"late"`
	LateReason   string    `json:"late_reason,omitempty"`
	Purged       bool      `json:"purged"` // removed by an approved purge; its tombstone remains (see Tombstones)
}

// RecordingFilter selects recordings. Zero fields match everything.
type RecordingFilter struct {
	DeviceID  string `json:"device,omitempty"`
	OfficerID string `json:"officer,omitempty"`
	ImportID  string `json:"import,omitempty"`
	IDs       []string
	From      time.Time `json:"from,omitzero"`      // recorded at or after
	To        time.Time `json:"to,omitzero"`        // recorded before
	Category  string    `json:"category,omitempty"` // a key of Categories, or "none" for uncategorised
	Flag      string    `json:"flag,omitempty"`     // recordings carrying this flag
	Text      string    `json:"text,omitempty"`     // part of the file name
	Limit     int       `json:"limit,omitempty"`
	Offset    int       `json:"offset,omitempty"`

	// visible limits a search to what the actor may see (see visibility).
	visible     string
	visibleArgs []any
}

const recordingColumns = `id, sha256, sm3, size, original_name, source_path, file_time, device_id, officer_id, import_id, kind, archive_path, imported_at, ledger_seq, classification,
	recorded_at, recorded_raw, time_source, duration_ms, day, flags, category, late, late_reason, name_time, metadata_time, shift_day,
	(SELECT count(*) FROM gaps g WHERE g.after_rec = recordings.id AND g.explained_at = 0),
	EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = recordings.id)`

func scanRecording(row interface{ Scan(...any) error }) (Recording, error) {
	var r Recording
	var ft, it, rt, dur, nt, mt int64
	var flags string
	var openGaps int
	err := row.Scan(&r.ID, &r.SHA256, &r.SM3, &r.Size, &r.OriginalName, &r.SourcePath, &ft,
		&r.DeviceID, &r.OfficerID, &r.ImportID, &r.Kind, &r.ArchivePath, &it, &r.LedgerSeq, &r.Classification,
		&rt, &r.RecordedRaw, &r.TimeSource, &dur, &r.Day, &flags, &r.Category, &r.Late, &r.LateReason, &nt, &mt, &r.ShiftDay, &openGaps, &r.Purged)
	r.FileTime, r.ImportedAt, r.RecordedAt = store.FromMS(ft), store.FromMS(it), store.FromMS(rt)
	r.NameTime, r.MetadataTime = store.FromMS(nt), store.FromMS(mt)
	r.DurationS = float64(dur) / 1000
	r.Flags = []string{}
	json.Unmarshal([]byte(flags), &r.Flags)
	if openGaps > 0 {
		r.Flags = append(r.Flags, FlagUnexplainedGap)
	}
	return r, err
}

// Recordings looks recordings up. The lookup itself is a ledger entry.
func Recordings(ctx context.Context, sess *store.Session, f RecordingFilter) ([]Recording, error) {
	if err := sess.Check(ctx, store.ActRecordingsSearch, ""); err != nil {
		return nil, err
	}
	f.visible, f.visibleArgs = sess.Visibility()
	out, err := QueryRecordings(ctx, sess.Store(), f)
	if err != nil {
		return nil, err
	}
	if _, err := sess.Log(ctx, "recordings.search", "", map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record lookup: %w", err)
	}
	return out, nil
}

// where turns the filter into an SQL condition on recordings.
func (f RecordingFilter) where() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.DeviceID != "" {
		add(`device_id = ?`, f.DeviceID)
	}
	if f.OfficerID != "" {
		add(`officer_id = ?`, f.OfficerID)
	}
	if f.ImportID != "" {
		add(`import_id = ?`, f.ImportID)
	}
	if len(f.IDs) > 0 {
		ids := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = id
		}
		add(`id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")+`)`, ids...)
	}
	if !f.From.IsZero() {
		add(`recorded_at >= ?`, store.UnixMS(f.From))
	}
	if !f.To.IsZero() {
		add(`recorded_at < ?`, store.UnixMS(f.To))
	}
	switch f.Category {
	case "":
	case "none":
		add(`category = ''`)
	default:
		add(`category = ?`, f.Category)
	}
	switch f.Flag {
	case "":
	case FlagUnexplainedGap:
		add(`EXISTS (SELECT 1 FROM gaps g WHERE g.after_rec = recordings.id AND g.explained_at = 0)`)
	case FlagLate:
		add(`late = 1`)
	default:
		add(`instr(flags, ?) > 0`, `"`+strings.ReplaceAll(f.Flag, `"`, ``)+`"`)
	}
	if f.Text != "" {
		add(`instr(lower(original_name), lower(?)) > 0`, f.Text)
	}
	if f.visible != "" {
		add(f.visible, f.visibleArgs...)
	}
	if len(where) == 0 {
		return "1=1", nil
	}
	return strings.Join(where, " AND "), args
}

// CountRecordings counts what Recordings would find without the limit.
func CountRecordings(ctx context.Context, sess *store.Session, f RecordingFilter) (int, error) {
	if err := sess.Check(ctx, store.ActRecordingsSearch, ""); err != nil {
		return 0, err
	}
	f.visible, f.visibleArgs = sess.Visibility()
	cond, args := f.where()
	var n int
	if err := sess.Store().DB().QueryRowContext(ctx, `SELECT count(*) FROM recordings WHERE `+cond, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count recordings: %w", err)
	}
	return n, nil
}

func QueryRecordings(ctx context.Context, s *store.Store, f RecordingFilter) ([]Recording, error) {
	cond, args := f.where()
	q := `SELECT ` + recordingColumns + ` FROM recordings WHERE ` + cond + ` ORDER BY recorded_at DESC, file_time DESC, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset)
	}
	rows, err := s.DB().QueryContext(ctx, q, args...)
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
func Ledger(ctx context.Context, sess *store.Session, f ledger.Filter) ([]ledger.Entry, error) {
	if err := sess.Check(ctx, store.ActLedgerRead, ""); err != nil {
		return nil, err
	}
	out, err := sess.Store().QueryLedger(ctx, f)
	if err != nil {
		return nil, err
	}
	if !sess.Actor().Has(store.RoleWorkstation) {
		if _, err := sess.Log(ctx, "ledger.read", "", map[string]any{"results": len(out)}); err != nil {
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
func Imports(ctx context.Context, sess *store.Session, limit int) ([]Import, error) {
	if err := sess.Check(ctx, store.ActRecordingsSearch, ""); err != nil {
		return nil, err
	}
	q := `SELECT id, started_at, coalesce(ended_at,0), status, source, device_id, officer_id, files, new_files, duplicates, skipped, failed, bytes, message
		FROM imports ORDER BY started_at DESC`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := sess.Store().DB().QueryContext(ctx, q)
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
		im.StartedAt, im.EndedAt = store.FromMS(st), store.FromMS(en)
		out = append(out, im)
	}
	return out, rows.Err()
}

// Flags a recording can carry. Each is something a person should look at.
const (
	FlagLate               = "late"                // imported after its deadline (Art. 13)
	FlagEmpty              = "empty"               // zero bytes
	FlagMetadataUnreadable = "metadata_unreadable" // its metadata could not be read; time from name or file
	FlagClockOffset        = "clock_offset"        // the recorder's clock was off by more than the threshold (Art. 5)
	FlagUnregisteredDevice = "unregistered_device" // the recorder is not registered to anyone (Art. 4)
	FlagOfficerMismatch    = "officer_mismatch"    // the file names another officer than the recorder's (Art. 20)
	FlagOverlap            = "overlap"             // starts before the previous clip of the recorder ended (Art. 11)
	FlagBackwards          = "backwards"           // its time runs backwards against the recorder's numbering (Art. 11)
	FlagUnexplainedGap     = "unexplained_gap"     // an interruption before it has no explanation yet
	FlagNotMedia           = "not_media"           // all zeros, or no media format evidock knows: archived as it is, worth a look
	FlagOfficerUnknown     = "officer_unknown"     // neither its name, a check-out nor the recorder's registration says whose it is
	FlagTimeConflict       = "time_conflict"       // its name and metadata disagree on its time by more than 2 minutes; the name's is used (Art. 11, 13)
)

package retention

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/store"
)

// MinRetentionYears is the shortest base retention the regulation allows
// (Art. 14: at least one year).
const MinRetentionYears = 1

// Hold is one case's, or one evidence export's, hold on a recording.
type Hold struct {
	Case    string    `json:"case,omitempty"`
	Export  int64     `json:"export,omitempty"` // a completed evidence export, until it is released
	Until   time.Time `json:"until,omitzero"`   // zero: for good
	Forever bool      `json:"forever,omitempty"`
}

// String names what holds: 案卷 X or 证据导出 N.
func (h Hold) String() string {
	if h.Export != 0 {
		return fmt.Sprintf("evidence export %d", h.Export)
	}
	return "case " + h.Case
}

// RetentionItem is one recording's retention: when it may be purged, and
// what holds it.
//
// The rules: the base retention ends the policy's years (at least one)
// after the later of the recording's time and its import time, counted in
// calendar years in UTC: a recorder whose clock says 2016 cannot make a
// recording imported today expire early, and nothing imported less than a
// year ago is ever expired. A recording made on 29 February is kept until 1
// March (never less than the full years). Each case the recording is linked
// to holds it: for good while the case is open or when its retention is
// permanent, otherwise until its retention years after the case was closed.
// Each completed evidence export of it holds it as a case would, until the
// export is released. The latest of the base and every hold wins; a
// recording held for good never expires.
type RetentionItem struct {
	RecordingID  string    `json:"recording"`
	OriginalName string    `json:"original_name"`
	OfficerID    string    `json:"officer_id"`
	DeviceID     string    `json:"device_id"`
	Size         int64     `json:"size"`
	RecordedAt   time.Time `json:"recorded_at"` // when it was recorded; zero when unknown
	ImportedAt   time.Time `json:"imported_at"` // when it entered the archive
	CountsFrom   time.Time `json:"counts_from"` // the later of the two: what the base counts from
	Base         time.Time `json:"base"`        // CountsFrom plus the policy's years
	Until        time.Time `json:"until,omitzero"`
	Forever      bool      `json:"forever,omitempty"` // held for good: Until is zero
	Holds        []Hold    `json:"holds"`
	Expired      bool      `json:"expired"`
	Purged       bool      `json:"purged,omitempty"`
	PurgeRequest int64     `json:"purge_request,omitempty"` // a pending purge request naming it
}

// RetainUntil computes a recording's retention from the time it counts from
// (the later of its recording and import times), the policy's years and
// the holds on it.
func RetainUntil(from time.Time, years int, holds []Hold) (until time.Time, forever bool) {
	if years < MinRetentionYears {
		years = MinRetentionYears
	}
	until = from.UTC().AddDate(years, 0, 0)
	for _, h := range holds {
		if h.Forever {
			return time.Time{}, true
		}
		if h.Until.After(until) {
			until = h.Until
		}
	}
	return until, false
}

// RetentionFilter selects recordings for Retention. Zero fields match every
// recording not yet purged.
type RetentionFilter struct {
	IDs     []string `json:"ids,omitempty"`
	Expired bool     `json:"expired,omitempty"` // only expired and unheld ones: what may be purged
	Purged  bool     `json:"purged,omitempty"`  // include purged recordings
}

// List lists recordings with their retention dates and holds, those
// expiring soonest first. The lookup is a ledger entry; it shows only what
// the actor may find in search.
func List(ctx context.Context, sess *store.Session, f RetentionFilter) ([]RetentionItem, error) {
	if err := sess.Check(ctx, store.ActRetentionRead, ""); err != nil {
		return nil, err
	}
	cond, args := sess.Visibility()
	out, err := Query(ctx, sess.Store(), sess.Store().DB(), f, cond, args)
	if err != nil {
		return nil, err
	}
	if _, err := sess.Log(ctx, "retention.list", "", map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record retention lookup: %w", err)
	}
	return out, nil
}

// Query computes RetentionItems in q; visible limits the recordings.
func Query(ctx context.Context, s *store.Store, q store.Queryer, f RetentionFilter, visible string, visibleArgs []any) ([]RetentionItem, error) {
	years, err := retentionYears(ctx, q)
	if err != nil {
		return nil, err
	}
	holds, err := caseHolds(ctx, q)
	if err != nil {
		return nil, err
	}
	where := []string{"1=1"}
	var args []any
	if !f.Purged {
		where = append(where, `id NOT IN (SELECT recording_id FROM tombstones)`)
	}
	if len(f.IDs) > 0 {
		where = append(where, `id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if visible != "" {
		where = append(where, visible)
		args = append(args, visibleArgs...)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, original_name, officer_id, device_id, size, recorded_at, imported_at,
		EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = recordings.id),
		coalesce((SELECT max(p.id) FROM purge_recordings pr JOIN purge_requests p ON p.id = pr.request_id
			WHERE pr.recording_id = recordings.id AND p.status = 'pending'), 0)
		FROM recordings WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	defer rows.Close()
	now := s.Now()
	var out []RetentionItem
	for rows.Next() {
		var it RetentionItem
		var rec, imp int64
		if err := rows.Scan(&it.RecordingID, &it.OriginalName, &it.OfficerID, &it.DeviceID, &it.Size, &rec, &imp,
			&it.Purged, &it.PurgeRequest); err != nil {
			return nil, fmt.Errorf("store: retention: %w", err)
		}
		it.RecordedAt, it.ImportedAt = store.FromMS(rec), store.FromMS(imp)
		it.CountsFrom = it.ImportedAt
		if it.RecordedAt.After(it.CountsFrom) {
			it.CountsFrom = it.RecordedAt
		}
		it.Holds = holds[it.RecordingID]
		if it.Holds == nil {
			it.Holds = []Hold{}
		}
		it.Base, _ = RetainUntil(it.CountsFrom, years, nil)
		it.Until, it.Forever = RetainUntil(it.CountsFrom, years, it.Holds)
		it.Expired = !it.Forever && !now.Before(it.Until)
		if f.Expired && (!it.Expired || it.Purged) {
			continue
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	sortRetention(out)
	return out, nil
}

// sortRetention orders items by retention date, held-for-good ones last.
func sortRetention(items []RetentionItem) {
	key := func(it RetentionItem) int64 {
		if it.Forever {
			return 1<<63 - 1
		}
		return it.Until.UnixMilli()
	}
	slices.SortFunc(items, func(a, b RetentionItem) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), strings.Compare(a.RecordingID, b.RecordingID))
	})
}

// caseHolds returns every recording's holds, by recording: its cases' and
// its unreleased completed exports'.
func caseHolds(ctx context.Context, q store.Queryer) (map[string][]Hold, error) {
	out, err := caseHoldsOnly(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT er.recording_id, e.id FROM export_recordings er JOIN exports e ON e.id = er.export_id
		WHERE e.status = 'complete' AND e.released_at = 0 ORDER BY er.recording_id, e.id`)
	if err != nil {
		return nil, fmt.Errorf("store: export holds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rec string
		var id int64
		if err := rows.Scan(&rec, &id); err != nil {
			return nil, fmt.Errorf("store: export holds: %w", err)
		}
		out[rec] = append(out[rec], Hold{Export: id, Forever: true})
	}
	return out, rows.Err()
}

func caseHoldsOnly(ctx context.Context, q store.Queryer) (map[string][]Hold, error) {
	rows, err := q.QueryContext(ctx, `SELECT cr.recording_id, c.number, c.retention_years, c.permanent, c.closed_at
		FROM case_recordings cr JOIN cases c ON c.number = cr.case_number ORDER BY cr.recording_id, c.number`)
	if err != nil {
		return nil, fmt.Errorf("store: case holds: %w", err)
	}
	defer rows.Close()
	out := map[string][]Hold{}
	for rows.Next() {
		var rec string
		var c Case
		var closed int64
		if err := rows.Scan(&rec, &c.Number, &c.Retention.Years, &c.Retention.Permanent, &closed); err != nil {
			return nil, fmt.Errorf("store: case holds: %w", err)
		}
		c.ClosedAt = store.FromMS(closed)
		until, ok := c.HoldsUntil()
		out[rec] = append(out[rec], Hold{Case: c.Number, Until: until, Forever: !ok})
	}
	return out, rows.Err()
}

func retentionYears(ctx context.Context, q store.Queryer) (int, error) {
	var years int
	err := q.QueryRowContext(ctx, `SELECT years FROM retention_policy WHERE id = 1`).Scan(&years)
	if errors.Is(err, sql.ErrNoRows) {
		return MinRetentionYears, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: retention policy: %w", err)
	}
	return max(years, MinRetentionYears), nil
}

// RetentionYears is the base retention: years kept after recording.
func RetentionYears(ctx context.Context, s *store.Store) (int, error) {
	return retentionYears(ctx, s.DB())
}

// SetRetentionYears sets the base retention, never below
// MinRetentionYears. A reason is required.
func SetRetentionYears(ctx context.Context, sess *store.Session, years int, reason string) error {
	if err := sess.Check(ctx, store.ActRetentionConfigure, "retention"); err != nil {
		return err
	}
	if years < MinRetentionYears {
		return fmt.Errorf("store: retention: %d years is below the minimum of %d: %w", years, MinRetentionYears, store.ErrInvalid)
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("store: retention: a reason is required")
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		from, err := retentionYears(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE retention_policy SET years = ? WHERE id = 1`, years); err != nil {
			return err
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "retention.policy", "retention",
			map[string]any{"from_years": from, "to_years": years, "reason": reason})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set retention: %w", err)
	}
	return nil
}

// ExpiredCount is how many recordings are past their retention and held by
// nothing: what a custodian may review for purging (Art. 14). The docking
// service reminds of it daily, wherever evidock runs.
func ExpiredCount(ctx context.Context, s *store.Store) (int, error) {
	items, err := Query(ctx, s, s.DB(), RetentionFilter{Expired: true}, "", nil)
	return len(items), err
}

package followups

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"evidock/records"
	"evidock/store"
)

// A recorder's clips form shifts: runs in which no pause reaches the
// settings' ShiftBreak. Each shift is one timeline, named by the local day it
// began (recordings.shift_day), so a shift that passes midnight stays one
// timeline and an interruption across midnight is found like any other.
// Gaps, overlaps and clips running backwards are computed on the clips'
// instants (UTC, corrected by the recorder's clock offset), never on wall
// times.

// UpdateImportTimelines recomputes the shifts of every recorder an import
// added recordings to, around the times it added, and returns the timelines
// (shift days, YYYY-MM-DD) those recordings now belong to.
func UpdateImportTimelines(ctx context.Context, s *store.Store, importID string) ([]string, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT device_id, min(recorded_at), max(recorded_at) FROM recordings
		WHERE import_id = ? AND recorded_at <> 0 GROUP BY device_id`, importID)
	if err != nil {
		return nil, fmt.Errorf("store: timelines of import %s: %w", importID, err)
	}
	type span struct {
		device   string
		from, to int64
	}
	var spans []span
	for rows.Next() {
		var sp span
		if err := rows.Scan(&sp.device, &sp.from, &sp.to); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: timelines of import %s: %w", importID, err)
		}
		spans = append(spans, sp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: timelines of import %s: %w", importID, err)
	}
	for _, sp := range spans {
		if err := UpdateTimelines(ctx, s, sp.device, store.FromMS(sp.from), store.FromMS(sp.to)); err != nil {
			return nil, err
		}
	}
	days, err := s.DB().QueryContext(ctx, `SELECT DISTINCT shift_day FROM recordings WHERE import_id = ? AND shift_day <> '' ORDER BY 1`, importID)
	if err != nil {
		return nil, fmt.Errorf("store: timelines of import %s: %w", importID, err)
	}
	defer days.Close()
	var out []string
	for days.Next() {
		var d string
		if err := days.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, days.Err()
}

// UpdateTimelines recomputes the shifts of recorder deviceID that hold a
// clip recorded between from and to: which timeline each clip belongs to,
// overlaps, clips running backwards and interruptions, keeping the
// explanations already given.
func UpdateTimelines(ctx context.Context, s *store.Store, deviceID string, from, to time.Time) error {
	set, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		lo, err := shiftEdge(ctx, tx, deviceID, store.UnixMS(from), set.ShiftBreak, true)
		if err != nil {
			return err
		}
		hi, err := shiftEdge(ctx, tx, deviceID, store.UnixMS(to), set.ShiftBreak, false)
		if err != nil {
			return err
		}
		clips, err := clipsBetween(ctx, tx, deviceID, lo, hi)
		if err != nil {
			return err
		}
		return updateShifts(ctx, s, tx, deviceID, clips, set)
	})
	if err != nil {
		return fmt.Errorf("store: timelines of %s: %w", deviceID, err)
	}
	return nil
}

// shiftEdge walks from the clip nearest at (backwards when back, else
// forwards) to the first clip of its shift (or the last), and returns that
// clip's start in unix ms.
func shiftEdge(ctx context.Context, tx *sql.Tx, deviceID string, at int64, brk time.Duration, back bool) (int64, error) {
	q := `SELECT recorded_at, duration_ms FROM recordings WHERE device_id = ? AND recorded_at <> 0 AND recorded_at <= ? ORDER BY recorded_at DESC`
	if !back {
		q = `SELECT recorded_at, duration_ms FROM recordings WHERE device_id = ? AND recorded_at >= ? ORDER BY recorded_at`
	}
	rows, err := tx.QueryContext(ctx, q, deviceID, at)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	edge := at
	first := true
	var prevStart, prevEnd int64
	for rows.Next() {
		var start, dur int64
		if err := rows.Scan(&start, &dur); err != nil {
			return 0, err
		}
		end := start + dur
		if !first {
			// Walking back, the clip before ends at end; walking on, the
			// next starts at start.
			pause := prevStart - end
			if !back {
				pause = start - prevEnd
			}
			if pause >= brk.Milliseconds() {
				break
			}
		}
		first = false
		edge = start
		if back {
			prevStart = start
		} else {
			prevEnd = max(prevEnd, end)
		}
	}
	return edge, rows.Err()
}

func clipsBetween(ctx context.Context, q store.Queryer, deviceID string, lo, hi int64) ([]Clip, error) {
	return queryClips(ctx, q, `device_id = ? AND recorded_at <> 0 AND recorded_at >= ? AND recorded_at <= ?`, deviceID, lo, hi)
}

// queryClips reads clips in time order.
func queryClips(ctx context.Context, q store.Queryer, where string, args ...any) ([]Clip, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, original_name, recorded_at, duration_ms, kind, category, flags, officer_id,
		time_source, name_time, metadata_time, shift_day, classification
		FROM recordings WHERE `+where+` ORDER BY recorded_at, original_name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Clip
	for rows.Next() {
		var c Clip
		var at, dur, nt, mt int64
		var flags string
		if err := rows.Scan(&c.RecordingID, &c.Name, &at, &dur, &c.Kind, &c.Category, &flags, &c.Officer,
			&c.TimeSource, &nt, &mt, &c.shiftDay, &c.classification); err != nil {
			return nil, err
		}
		c.Start, c.Duration = store.FromMS(at), time.Duration(dur)*time.Millisecond
		c.NameTime, c.MetadataTime = store.FromMS(nt), store.FromMS(mt)
		c.DurationS = c.Duration.Seconds()
		json.Unmarshal([]byte(flags), &c.Flags)
		if c.Flags == nil {
			c.Flags = []string{}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// updateShifts splits clips (all the clips of whole shifts, in time order)
// into shifts and writes what follows from them.
func updateShifts(ctx context.Context, s *store.Store, tx *sql.Tx, deviceID string, clips []Clip, set store.Settings) error {
	type pair struct{ before, after string }
	want := map[pair]bool{}
	var shiftDay string
	var shiftEnd time.Time
	for i, cur := range clips {
		if i == 0 || cur.Start.Sub(shiftEnd) >= set.ShiftBreak {
			shiftDay = records.LocalDay(cur.Start)
			shiftEnd = cur.End()
			if cur.shiftDay != shiftDay {
				if _, err := tx.ExecContext(ctx, `UPDATE recordings SET shift_day = ? WHERE id = ?`, shiftDay, cur.RecordingID); err != nil {
					return err
				}
			}
			if err := setSequenceFlags(ctx, tx, cur, false, false); err != nil {
				return err
			}
			continue
		}
		prev := clips[i-1]
		if cur.shiftDay != shiftDay {
			if _, err := tx.ExecContext(ctx, `UPDATE recordings SET shift_day = ? WHERE id = ?`, shiftDay, cur.RecordingID); err != nil {
				return err
			}
		}
		overlap := cur.Start.Before(prev.End()) && prev.Duration > 0
		backwards := cur.Name < prev.Name && sameNaming(cur.Name, prev.Name)
		if err := setSequenceFlags(ctx, tx, cur, overlap, backwards); err != nil {
			return err
		}
		if prev.Duration > 0 && cur.Start.Sub(prev.End()) > set.GapThreshold {
			p := pair{prev.RecordingID, cur.RecordingID}
			want[p] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO gaps(device_id, day, before_rec, after_rec, from_ms, to_ms)
				VALUES (?,?,?,?,?,?) ON CONFLICT(before_rec, after_rec) DO UPDATE SET day = excluded.day
				WHERE day <> excluded.day`,
				deviceID, shiftDay, p.before, p.after, store.UnixMS(prev.End()), store.UnixMS(cur.Start)); err != nil {
				return err
			}
		}
		if cur.End().After(shiftEnd) {
			shiftEnd = cur.End()
		}
	}
	if len(clips) == 0 {
		return nil
	}
	// A gap among these clips that a later import filled, and nobody
	// explained, is no gap.
	ids := make([]any, 0, len(clips)+1)
	ids = append(ids, deviceID)
	for _, c := range clips {
		ids = append(ids, c.RecordingID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, before_rec, after_rec FROM gaps WHERE device_id = ? AND explained_at = 0
		AND after_rec IN (`+store.Placeholders(len(clips))+`)`, ids...)
	if err != nil {
		return err
	}
	var stale []int64
	for rows.Next() {
		var id int64
		var p pair
		if err := rows.Scan(&id, &p.before, &p.after); err != nil {
			rows.Close()
			return err
		}
		if !want[p] {
			stale = append(stale, id)
		}
	}
	rows.Close()
	for _, id := range stale {
		if _, err := tx.ExecContext(ctx, `DELETE FROM gaps WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// setSequenceFlags sets or clears a clip's overlap and backwards flags.
func setSequenceFlags(ctx context.Context, tx *sql.Tx, c Clip, overlap, backwards bool) error {
	flags := slices.DeleteFunc(slices.Clone(c.Flags), func(f string) bool { return f == records.FlagOverlap || f == records.FlagBackwards })
	if overlap {
		flags = append(flags, records.FlagOverlap)
	}
	if backwards {
		flags = append(flags, records.FlagBackwards)
	}
	if slices.Equal(flags, c.Flags) {
		return nil
	}
	j, _ := json.Marshal(flags)
	_, err := tx.ExecContext(ctx, `UPDATE recordings SET flags = ? WHERE id = ?`, string(j), c.RecordingID)
	return err
}

// sameNaming tells whether two names follow one numbering scheme (same
// length and the same non-digit characters), so their order means time.
func sameNaming(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		da, db := a[i] >= '0' && a[i] <= '9', b[i] >= '0' && b[i] <= '9'
		if da != db || (!da && a[i] != b[i]) {
			return false
		}
	}
	return true
}

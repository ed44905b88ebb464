package followups

import (
	"context"
	"fmt"

	"evidock/store"
)

// hiddenRecording is one recording of a period that a viewer may not see,
// with what it adds to the supervisor's counters (officer_day), so that the
// figures can leave it out.
type hiddenRecording struct {
	officer, day          string
	late, lateOpen, uncat bool
	gaps, gapsOpen        int // interruptions that end at it
}

// hiddenRecordings lists the recordings of the period's days that the
// condition vis on recordings leaves out. Only classified recordings are
// ever beyond a supervisor's clearance, so the list is short and read
// through the classification index.
func hiddenRecordings(ctx context.Context, s *store.Store, p Period, vis string, visArgs []any) ([]hiddenRecording, error) {
	day := `CASE WHEN day <> '' THEN day ELSE strftime('%Y-%m-%d', imported_at / 1000, 'unixepoch') END`
	rows, err := s.DB().QueryContext(ctx, `SELECT officer_id, `+day+`, late <> 0, late <> 0 AND late_reason = '', category = '',
		(SELECT count(*) FROM gaps g WHERE g.after_rec = recordings.id),
		(SELECT count(*) FROM gaps g WHERE g.after_rec = recordings.id AND g.explained_at = 0)
		FROM recordings WHERE classification <> 'normal' AND `+day+` >= ? AND `+day+` <= ? AND NOT (`+vis+`)`,
		append([]any{p.From, p.To}, visArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("store: hidden recordings: %w", err)
	}
	defer rows.Close()
	var out []hiddenRecording
	for rows.Next() {
		var h hiddenRecording
		if err := rows.Scan(&h.officer, &h.day, &h.late, &h.lateOpen, &h.uncat, &h.gaps, &h.gapsOpen); err != nil {
			return nil, fmt.Errorf("store: hidden recordings: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// leaveOut takes hidden recordings out of the officers' rows.
func leaveOut(rows []OfficerRow, hidden []hiddenRecording) {
	for _, h := range hidden {
		for i := range rows {
			r := &rows[i]
			if r.Officer != h.officer {
				continue
			}
			r.Recordings--
			r.OnTime.Of--
			r.Categorised.Of--
			if h.late {
				r.Late--
			} else {
				r.OnTime.N--
			}
			if h.lateOpen {
				r.LateUnexplained--
			}
			if !h.uncat {
				r.Categorised.N--
			}
			r.Explained.Of -= h.gaps
			r.Explained.N -= h.gaps - h.gapsOpen
		}
	}
}

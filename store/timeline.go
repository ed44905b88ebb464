package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/regulation"
)

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
)

// Categories are the activities of Art. 6 (执法类别), by key; their words
// are regulation.Categories.
var Categories = regulation.Categories.Keys()

// InterruptionReasons are the objective causes of Art. 11, by key; their
// words are regulation.Interruptions.
var InterruptionReasons = regulation.Interruptions.Keys()

// GapThreshold is how long a pause between two clips may be before it is an
// interruption needing an explanation.
var GapThreshold = 60 * time.Second

func init() {
	permit("recording.annotate", RoleWorkstation, RoleOfficer, RoleCustodian, RoleAdmin)
	permit("timeline.read", RoleWorkstation, RoleOfficer, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleAdmin)
}

// Clip is one recording on a timeline.
type Clip struct {
	RecordingID string        `json:"id"`
	Name        string        `json:"name"`
	Start       time.Time     `json:"start"`
	Duration    time.Duration `json:"-"`
	DurationS   float64       `json:"duration_s"`
	Kind        string        `json:"kind"`
	Category    string        `json:"category"`
	Flags       []string      `json:"flags"`
}

// End is when the clip stopped.
func (c Clip) End() time.Time { return c.Start.Add(c.Duration) }

// Gap is an interruption between two clips (Art. 11).
type Gap struct {
	ID        int64     `json:"id"`
	DeviceID  string    `json:"device"`
	Day       string    `json:"day"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Seconds   float64   `json:"seconds"`
	Explained bool      `json:"explained"`
	Reason    string    `json:"reason,omitempty"`
	Text      string    `json:"text,omitempty"`
	Stated    bool      `json:"stated_on_recording"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
}

// Timeline is one recorder's day.
type Timeline struct {
	DeviceID string        `json:"device"`
	Day      string        `json:"date"`
	Clips    []Clip        `json:"clips"`
	Gaps     []Gap         `json:"gaps"`
	Start    time.Time     `json:"start"`
	End      time.Time     `json:"end"`
	Recorded time.Duration `json:"-"`
	TotalS   float64       `json:"recorded_s"`
}

// UpdateTimelines recomputes the clips' order, overlaps and gaps of the
// recorder's days touched by an import, keeping explanations already given.
func (s *Store) UpdateTimelines(ctx context.Context, deviceID string, days []string) error {
	slices.Sort(days)
	days = slices.Compact(days)
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, day := range days {
			if day == "" {
				continue
			}
			if err := s.updateDay(ctx, tx, deviceID, day); err != nil {
				return fmt.Errorf("store: timeline %s %s: %w", deviceID, day, err)
			}
		}
		return nil
	})
}

func (s *Store) updateDay(ctx context.Context, tx *sql.Tx, deviceID, day string) error {
	clips, err := dayClips(ctx, tx, deviceID, day)
	if err != nil {
		return err
	}
	type pair struct{ before, after string }
	want := map[pair]bool{}
	for i := 1; i < len(clips); i++ {
		prev, cur := clips[i-1], clips[i]
		flags := slices.DeleteFunc(slices.Clone(cur.Flags), func(f string) bool { return f == FlagOverlap || f == FlagBackwards })
		if cur.Start.Before(prev.End()) && prev.Duration > 0 {
			flags = append(flags, FlagOverlap)
		}
		if cur.Name < prev.Name && sameNaming(cur.Name, prev.Name) {
			flags = append(flags, FlagBackwards)
		}
		if !slices.Equal(flags, cur.Flags) {
			j, _ := json.Marshal(flags)
			if _, err := tx.ExecContext(ctx, `UPDATE recordings SET flags = ? WHERE id = ?`, string(j), cur.RecordingID); err != nil {
				return err
			}
		}
		if prev.Duration > 0 && cur.Start.Sub(prev.End()) > GapThreshold {
			p := pair{prev.RecordingID, cur.RecordingID}
			want[p] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO gaps(device_id, day, before_rec, after_rec, from_ms, to_ms)
				VALUES (?,?,?,?,?,?) ON CONFLICT(before_rec, after_rec) DO NOTHING`,
				deviceID, day, p.before, p.after, unixMS(prev.End()), unixMS(cur.Start)); err != nil {
				return err
			}
		}
	}
	// A gap that a later import filled, and nobody explained, is no gap.
	rows, err := tx.QueryContext(ctx, `SELECT id, before_rec, after_rec FROM gaps WHERE device_id = ? AND day = ? AND explained_at = 0`, deviceID, day)
	if err != nil {
		return err
	}
	var stale []int64
	for rows.Next() {
		var id int64
		var p pair
		rows.Scan(&id, &p.before, &p.after)
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

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func dayClips(ctx context.Context, q querier, deviceID, day string) ([]Clip, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, original_name, recorded_at, duration_ms, kind, category, flags
		FROM recordings WHERE device_id = ? AND day = ? ORDER BY recorded_at, original_name`, deviceID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Clip
	for rows.Next() {
		var c Clip
		var at, dur int64
		var flags string
		if err := rows.Scan(&c.RecordingID, &c.Name, &at, &dur, &c.Kind, &c.Category, &flags); err != nil {
			return nil, err
		}
		c.Start, c.Duration = fromMS(at), time.Duration(dur)*time.Millisecond
		c.DurationS = c.Duration.Seconds()
		json.Unmarshal([]byte(flags), &c.Flags)
		if c.Flags == nil {
			c.Flags = []string{}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Timeline returns one recorder's clips and gaps on a day (YYYY-MM-DD,
// local time).
func (sess *Session) Timeline(ctx context.Context, deviceID, day string) (Timeline, error) {
	if err := sess.check(ctx, "timeline.read", deviceID); err != nil {
		return Timeline{}, err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return Timeline{}, fmt.Errorf("store: day %q is not YYYY-MM-DD: %w", day, ErrInvalid)
	}
	t := Timeline{DeviceID: deviceID, Day: day, Clips: []Clip{}, Gaps: []Gap{}}
	var err error
	if t.Clips, err = dayClips(ctx, sess.st.read, deviceID, day); err != nil {
		return t, fmt.Errorf("store: timeline: %w", err)
	}
	if t.Clips == nil {
		t.Clips = []Clip{}
	}
	for _, c := range t.Clips {
		if t.Start.IsZero() || c.Start.Before(t.Start) {
			t.Start = c.Start
		}
		if c.End().After(t.End) {
			t.End = c.End()
		}
		t.Recorded += c.Duration
	}
	t.TotalS = t.Recorded.Seconds()
	if t.Gaps, err = sess.st.gaps(ctx, `device_id = ? AND day = ?`, deviceID, day); err != nil {
		return t, err
	}
	return t, nil
}

// Gaps lists interruptions; with openOnly, only those not yet explained.
func (sess *Session) Gaps(ctx context.Context, deviceID string, openOnly bool) ([]Gap, error) {
	if err := sess.check(ctx, "timeline.read", deviceID); err != nil {
		return nil, err
	}
	cond, args := []string{"1=1"}, []any{}
	if deviceID != "" {
		cond, args = append(cond, "device_id = ?"), append(args, deviceID)
	}
	if openOnly {
		cond = append(cond, "explained_at = 0")
	}
	return sess.st.gaps(ctx, strings.Join(cond, " AND "), args...)
}

func (s *Store) gaps(ctx context.Context, where string, args ...any) ([]Gap, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, device_id, day, from_ms, to_ms, reason, text, stated, explained_at, before_rec, after_rec
		FROM gaps WHERE `+where+` ORDER BY from_ms`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: gaps: %w", err)
	}
	defer rows.Close()
	out := []Gap{}
	for rows.Next() {
		var g Gap
		var from, to, at int64
		if err := rows.Scan(&g.ID, &g.DeviceID, &g.Day, &from, &to, &g.Reason, &g.Text, &g.Stated, &at, &g.Before, &g.After); err != nil {
			return nil, err
		}
		g.From, g.To, g.Explained = fromMS(from), fromMS(to), at != 0
		g.Seconds = g.To.Sub(g.From).Seconds()
		out = append(out, g)
	}
	return out, rows.Err()
}

// Explain records why a recording was interrupted (Art. 11): one of
// InterruptionReasons, free text, and whether the reason was stated on the
// recording when it resumed.
func (sess *Session) Explain(ctx context.Context, gapID int64, reason, text string, stated bool) error {
	if !slices.Contains(InterruptionReasons, reason) {
		return fmt.Errorf("store: interruption reason %q is not one of %v: %w", reason, InterruptionReasons, ErrInvalid)
	}
	if reason == "other" && strings.TrimSpace(text) == "" {
		return fmt.Errorf("store: an interruption for another reason needs a description: %w", ErrInvalid)
	}
	subject := fmt.Sprintf("gap:%d", gapID)
	if err := sess.check(ctx, "recording.annotate", subject); err != nil {
		return err
	}
	return sess.st.tx(ctx, func(tx *sql.Tx) error {
		var g Gap
		var from, to int64
		err := tx.QueryRowContext(ctx, `SELECT device_id, day, from_ms, to_ms, before_rec, after_rec FROM gaps WHERE id = ?`, gapID).
			Scan(&g.DeviceID, &g.Day, &from, &to, &g.Before, &g.After)
		if err == sql.ErrNoRows {
			return fmt.Errorf("store: interruption %d: %w", gapID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gaps SET reason=?, text=?, stated=?, explained_by=?, explained_at=? WHERE id=?`,
			reason, text, stated, sess.actor.ledgerName(), unixMS(sess.st.Now()), gapID); err != nil {
			return err
		}
		_, err = sess.st.appendEntry(ctx, tx, sess.actor.ledgerName(), "gap.explain", subject, map[string]any{
			"device": g.DeviceID, "day": g.Day, "from": fromMS(from).Format(time.RFC3339), "to": fromMS(to).Format(time.RFC3339),
			"before": g.Before, "after": g.After, "reason": reason, "text": text, "stated_on_recording": stated})
		return err
	})
}

// Categorize sets the activity type (执法类别, Art. 6) of recordings.
func (sess *Session) Categorize(ctx context.Context, recordingIDs []string, category string) error {
	if !slices.Contains(Categories, category) {
		return fmt.Errorf("store: category %q is not one of %v: %w", category, Categories, ErrInvalid)
	}
	return sess.annotate(ctx, "recording.categorize", recordingIDs, `category = ?`, category, map[string]any{"category": category})
}

// ExplainLate records why recordings were imported late (Art. 13).
func (sess *Session) ExplainLate(ctx context.Context, recordingIDs []string, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("store: a late import needs a reason: %w", ErrInvalid)
	}
	return sess.annotate(ctx, "recording.late_reason", recordingIDs, `late_reason = ?`, reason, map[string]any{"reason": reason})
}

func (sess *Session) annotate(ctx context.Context, action string, ids []string, set string, value any, details map[string]any) error {
	if len(ids) == 0 {
		return fmt.Errorf("store: %s: no recordings given: %w", action, ErrInvalid)
	}
	if err := sess.check(ctx, "recording.annotate", strings.Join(ids, ",")); err != nil {
		return err
	}
	return sess.st.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE recordings SET `+set+` WHERE id = ?`, value, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("store: recording %s: %w", id, ErrNotFound)
			}
			if _, err := sess.st.appendEntry(ctx, tx, sess.actor.ledgerName(), action, id, details); err != nil {
				return err
			}
		}
		return nil
	})
}

// LateRecordings returns those of ids that were imported late and have no
// reason yet.
func (s *Store) LateRecordings(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		var late int
		var reason string
		err := s.read.QueryRowContext(ctx, `SELECT late, late_reason FROM recordings WHERE id = ?`, id).Scan(&late, &reason)
		if err != nil {
			return nil, fmt.Errorf("store: late recordings: %w", err)
		}
		if late == 1 && reason == "" {
			out = append(out, id)
		}
	}
	return out, nil
}

// UpdateImportTimelines recomputes the timelines of every recorder day that
// an import added recordings to, and returns those days (YYYY-MM-DD). The
// days are the ones the store gave the recordings, so callers need not
// work them out again.
func (s *Store) UpdateImportTimelines(ctx context.Context, importID string) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT device_id, day FROM recordings WHERE import_id = ? AND day <> '' ORDER BY day`, importID)
	if err != nil {
		return nil, fmt.Errorf("store: days of import %s: %w", importID, err)
	}
	byDevice := map[string][]string{}
	var days []string
	for rows.Next() {
		var device, day string
		if err := rows.Scan(&device, &day); err != nil {
			rows.Close()
			return nil, err
		}
		byDevice[device] = append(byDevice[device], day)
		days = append(days, day)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for device, ds := range byDevice {
		if err := s.UpdateTimelines(ctx, device, ds); err != nil {
			return nil, err
		}
	}
	return slices.Compact(days), nil
}

package followups

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

// Categories are the activities of Art. 6 (执法类别), by key; their words
// are regulation.Categories.
var Categories = regulation.Categories.Keys()

// InterruptionReasons are the objective causes of Art. 11, by key; their
// words are regulation.Interruptions.
var InterruptionReasons = regulation.Interruptions.Keys()

// Clip is one recording on a timeline.
type Clip struct {
	RecordingID  string        `json:"id"`
	Name         string        `json:"name"`
	Start        time.Time     `json:"start"`
	Duration     time.Duration `json:"-"`
	DurationS    float64       `json:"duration_s"`
	Kind         string        `json:"kind"`
	Category     string        `json:"category"`
	Flags        []string      `json:"flags"`
	Officer      string        `json:"officer"`
	TimeSource   string        `json:"time_source"`            // name, metadata or file_time
	NameTime     time.Time     `json:"name_time,omitzero"`     // shown with MetadataTime when they conflict
	MetadataTime time.Time     `json:"metadata_time,omitzero"` // the metadata's time, corrected
	History      []Answer      `json:"history"`                // its activity type and late reason, every answer, oldest first

	shiftDay       string
	classification store.Classification
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
	History   []Answer  `json:"history"` // every explanation given, oldest first: later ones amend
}

// TimelineOf is one recorder's shifts that began on a day: a shift that
// passes midnight is the timeline of the day it began.
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

// TimelineOf returns one recorder's clips and gaps of the shifts that began
// on a day (YYYY-MM-DD, local time).
func TimelineOf(ctx context.Context, sess *store.Session, deviceID, day string) (Timeline, error) {
	if err := sess.Check(ctx, store.ActTimelineRead, deviceID); err != nil {
		return Timeline{}, err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return Timeline{}, fmt.Errorf("store: day %q is not YYYY-MM-DD: %w", day, store.ErrInvalid)
	}
	t := Timeline{DeviceID: deviceID, Day: day, Clips: []Clip{}, Gaps: []Gap{}}
	// Only what the actor may find in search: the same rule as Recordings.
	vis, visArgs := sess.Visibility()
	where, args := `device_id = ? AND shift_day = ?`, []any{deviceID, day}
	if vis != "" {
		where, args = where+` AND `+vis, append(args, visArgs...)
	}
	var err error
	if t.Clips, err = queryClips(ctx, sess.Store().DB(), where, args...); err != nil {
		return t, fmt.Errorf("store: timeline: %w", err)
	}
	if t.Clips == nil {
		t.Clips = []Clip{}
	}
	ids := make([]string, len(t.Clips))
	for i, c := range t.Clips {
		ids[i] = c.RecordingID
		if t.Start.IsZero() || c.Start.Before(t.Start) {
			t.Start = c.Start
		}
		if c.End().After(t.End) {
			t.End = c.End()
		}
		t.Recorded += c.Duration
	}
	t.TotalS = t.Recorded.Seconds()
	if t.Gaps, err = gaps(ctx, sess.Store(), `device_id = ? AND day = ?`+gapVisibility(vis), append([]any{deviceID, day}, twice(visArgs)...)...); err != nil {
		return t, err
	}
	if err := addHistory(ctx, sess.Store(), &t, ids); err != nil {
		return t, err
	}
	if !sess.Actor().Has(store.RoleWorkstation) {
		if _, err := sess.Log(ctx, "timeline.read", deviceID, map[string]any{"date": day, "clips": len(t.Clips), "gaps": len(t.Gaps)}); err != nil {
			return t, fmt.Errorf("store: record timeline lookup: %w", err)
		}
	}
	return t, nil
}

// gapVisibility limits gaps to those between two recordings the actor may
// see (vis is sess.visibility's condition on recordings).
func gapVisibility(vis string) string {
	if vis == "" {
		return ""
	}
	return ` AND EXISTS (SELECT 1 FROM recordings WHERE id = gaps.before_rec AND ` + vis + `)
		AND EXISTS (SELECT 1 FROM recordings WHERE id = gaps.after_rec AND ` + vis + `)`
}

func twice(args []any) []any { return append(slices.Clone(args), args...) }

// addHistory fills in every answer given to the timeline's questions.
func addHistory(ctx context.Context, s *store.Store, t *Timeline, clipIDs []string) error {
	gapIDs := make([]string, len(t.Gaps))
	for i, g := range t.Gaps {
		gapIDs[i] = fmt.Sprint(g.ID)
	}
	gaps, err := answers(ctx, s, AnswerGap, gapIDs)
	if err != nil {
		return err
	}
	for i := range t.Gaps {
		t.Gaps[i].History = orEmpty(gaps[gapIDs[i]])
	}
	cats, err := answers(ctx, s, AnswerCategory, clipIDs)
	if err != nil {
		return err
	}
	late, err := answers(ctx, s, AnswerLateReason, clipIDs)
	if err != nil {
		return err
	}
	for i, c := range t.Clips {
		h := append(cats[c.RecordingID], late[c.RecordingID]...)
		slices.SortStableFunc(h, func(a, b Answer) int { return cmp.Compare(a.Seq, b.Seq) })
		t.Clips[i].History = orEmpty(h)
	}
	return nil
}

func orEmpty(a []Answer) []Answer {
	if a == nil {
		return []Answer{}
	}
	return a
}

// Gaps lists interruptions; with openOnly, only those not yet explained.
func Gaps(ctx context.Context, sess *store.Session, deviceID string, openOnly bool) ([]Gap, error) {
	if err := sess.Check(ctx, store.ActTimelineRead, deviceID); err != nil {
		return nil, err
	}
	cond, args := []string{"1=1"}, []any{}
	if deviceID != "" {
		cond, args = append(cond, "device_id = ?"), append(args, deviceID)
	}
	if openOnly {
		cond = append(cond, "explained_at = 0")
	}
	vis, visArgs := sess.Visibility()
	return gaps(ctx, sess.Store(), strings.Join(cond, " AND ")+gapVisibility(vis), append(args, twice(visArgs)...)...)
}

func gaps(ctx context.Context, s *store.Store, where string, args ...any) ([]Gap, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, device_id, day, from_ms, to_ms, reason, text, stated, explained_at, before_rec, after_rec
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
		g.From, g.To, g.Explained = store.FromMS(from), store.FromMS(to), at != 0
		g.Seconds = g.To.Sub(g.From).Seconds()
		out = append(out, g)
	}
	return out, rows.Err()
}

// Explain records why a recording was interrupted (Art. 11): one of
// InterruptionReasons, free text, and whether the reason was stated on the
// recording when it resumed. Only the officer whose recording resumed after
// the gap answers, or a supervisor or leader on their behalf (OnBehalf). A
// second explanation amends the first, which stays in the ledger and in the
// gap's history.
func Explain(ctx context.Context, sess *store.Session, gapID int64, reason, text string, stated bool) error {
	if !slices.Contains(InterruptionReasons, reason) {
		return fmt.Errorf("store: interruption reason %q is not one of %v: %w", reason, InterruptionReasons, store.ErrInvalid)
	}
	if reason == "other" && strings.TrimSpace(text) == "" {
		return fmt.Errorf("store: an interruption for another reason needs a description: %w", store.ErrInvalid)
	}
	subject := fmt.Sprintf("gap:%d", gapID)
	var officer string
	err := sess.Store().DB().QueryRowContext(ctx, `SELECT coalesce((SELECT officer_id FROM recordings r WHERE r.id = g.after_rec), '')
		FROM gaps g WHERE g.id = ?`, gapID).Scan(&officer)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: interruption %d: %w", gapID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: interruption %d: %w", gapID, err)
	}
	who, err := answerFor(ctx, sess, store.ActRecordingAnnotate, subject, officer)
	if err != nil {
		return err
	}
	return sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		var g Gap
		var from, to int64
		err := tx.QueryRowContext(ctx, `SELECT device_id, day, from_ms, to_ms, before_rec, after_rec FROM gaps WHERE id = ?`, gapID).
			Scan(&g.DeviceID, &g.Day, &from, &to, &g.Before, &g.After)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: interruption %d: %w", gapID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		prev, err := previousAnswer(ctx, tx, AnswerGap, fmt.Sprint(gapID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gaps SET reason=?, text=?, stated=?, explained_by=?, explained_at=? WHERE id=?`,
			reason, text, stated, sess.Actor().LedgerName(), store.UnixMS(sess.Store().Now()), gapID); err != nil {
			return err
		}
		d := who.details(map[string]any{
			"device": g.DeviceID, "day": g.Day, "from": store.FromMS(from).Format(time.RFC3339), "to": store.FromMS(to).Format(time.RFC3339),
			"before": g.Before, "after": g.After, "reason": reason, "text": text, "stated_on_recording": stated})
		if prev != 0 {
			d["amends"] = prev
		}
		seq, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "gap.explain", subject, d)
		if err != nil {
			return err
		}
		return keepAnswer(ctx, sess, tx, AnswerGap, fmt.Sprint(gapID), who, Answer{Value: reason, Text: text, Stated: stated}, seq)
	})
}

// Categorize sets the activity type (执法类别, Art. 6) of recordings. Each
// Must be the answering officer's own (or answered on their behalf, see
// Explain); otherwise none is changed.
func Categorize(ctx context.Context, sess *store.Session, recordingIDs []string, category string) error {
	if !slices.Contains(Categories, category) {
		return fmt.Errorf("store: category %q is not one of %v: %w", category, Categories, store.ErrInvalid)
	}
	return annotate(ctx, sess, "recording.categorize", AnswerCategory, recordingIDs, `category = ?`, category, map[string]any{"category": category})
}

// ExplainLate records why recordings were imported late (Art. 13), by
// their officer as Categorize.
func ExplainLate(ctx context.Context, sess *store.Session, recordingIDs []string, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("store: a late import needs a reason: %w", store.ErrInvalid)
	}
	return annotate(ctx, sess, "recording.late_reason", AnswerLateReason, recordingIDs, `late_reason = ?`, reason, map[string]any{"reason": reason})
}

func annotate(ctx context.Context, sess *store.Session, action, kind string, ids []string, set string, value string, details map[string]any) error {
	if len(ids) == 0 {
		return fmt.Errorf("store: %s: no recordings given: %w", action, store.ErrInvalid)
	}
	owners := map[string]string{}
	for _, id := range ids {
		var officer string
		err := sess.Store().DB().QueryRowContext(ctx, `SELECT officer_id FROM recordings WHERE id = ?`, id).Scan(&officer)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: recording %s: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: recording %s: %w", id, err)
		}
		owners[id] = officer
	}
	whose := map[string]answering{}
	for _, id := range ids {
		if _, ok := whose[owners[id]]; !ok {
			a, err := answerFor(ctx, sess, store.ActRecordingAnnotate, id, owners[id])
			if err != nil {
				return err
			}
			whose[owners[id]] = a
		}
	}
	return sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			who := whose[owners[id]]
			prev, err := previousAnswer(ctx, tx, kind, id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE recordings SET `+set+` WHERE id = ?`, value, id); err != nil {
				return err
			}
			d := who.details(maps.Clone(details))
			if prev != 0 {
				d["amends"] = prev
			}
			seq, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), action, id, d)
			if err != nil {
				return err
			}
			if err := keepAnswer(ctx, sess, tx, kind, id, who, Answer{Value: value}, seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// LateRecordings returns those of ids that were imported late and have no
// reason yet.
func LateRecordings(ctx context.Context, s *store.Store, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		var late int
		var reason string
		err := s.DB().QueryRowContext(ctx, `SELECT late, late_reason FROM recordings WHERE id = ?`, id).Scan(&late, &reason)
		if err != nil {
			return nil, fmt.Errorf("store: late recordings: %w", err)
		}
		if late == 1 && reason == "" {
			out = append(out, id)
		}
	}
	return out, nil
}

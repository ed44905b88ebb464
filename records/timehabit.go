package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"evidock/store"
)

// Where a recording's time came from (recordings.time_source).
const (
	TimeFromName     = "name"      // the time in its file name: the recorder's wall-clock time
	TimeFromMetadata = "metadata"  // its MP4, EXIF, AVI or WAV metadata
	TimeFromFileTime = "file_time" // its file time on the recorder: neither name nor metadata says
)

// KnownHabit is what a recorder writes into the MP4 creation time.
type TimeHabit string

// The two habits recorders have.
const (
	HabitUTC   TimeHabit = "utc"   // true UTC, as the MP4 standard says
	HabitLocal TimeHabit = "local" // its local wall-clock time, as if it were UTC
)

// HabitVotes count a docking's clips that carry both a name time and an MP4
// time by which reading of the MP4 time agrees with the name.
type HabitVotes struct {
	UTC   int `json:"utc"`
	Local int `json:"local"`
}

// Habit is the majority, or "" when no clip voted or the vote is tied.
func (v HabitVotes) Habit() TimeHabit {
	switch {
	case v.UTC > v.Local:
		return HabitUTC
	case v.Local > v.UTC:
		return HabitLocal
	}
	return ""
}

// KnownHabit is what the store has learned of the recorder serial's MP4
// times; "" when nothing yet.
func KnownHabit(ctx context.Context, s *store.Store, serial string) (TimeHabit, error) {
	var h TimeHabit
	err := s.DB().QueryRowContext(ctx, `SELECT habit FROM device_time_habits WHERE serial = ?`, serial).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: time habit of %s: %w", serial, err)
	}
	return h, nil
}

// LearnTimeHabit keeps what a docking's clips say about the recorder's MP4
// times: when their majority differs from what was known, the new habit is
// stored with a ledger entry (device.time_habit). It returns the habit to
// apply: the majority, else what was known, else fallback.
func LearnTimeHabit(ctx context.Context, sess *store.Session, serial string, votes HabitVotes, fallback TimeHabit) (TimeHabit, error) {
	if err := sess.Check(ctx, store.ActImport, serial); err != nil {
		return "", err
	}
	known, err := KnownHabit(ctx, sess.Store(), serial)
	if err != nil {
		return "", err
	}
	learned := votes.Habit()
	if serial == "" || learned == "" || learned == known {
		if known != "" {
			return known, nil
		}
		if learned != "" {
			return learned, nil
		}
		return fallback, nil
	}
	err = sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO device_time_habits(serial, habit, votes_utc, votes_local, learned_at) VALUES (?,?,?,?,?)
			ON CONFLICT(serial) DO UPDATE SET habit = excluded.habit, votes_utc = excluded.votes_utc,
				votes_local = excluded.votes_local, learned_at = excluded.learned_at`,
			serial, string(learned), votes.UTC, votes.Local, store.UnixMS(sess.Store().Now())); err != nil {
			return err
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "device.time_habit", serial,
			map[string]any{"from": known, "to": learned, "votes": votes})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: learn the time habit of %s: %w", serial, err)
	}
	return learned, nil
}

// Zone is the recorder serial's clock zone: its registration's, else loc
// (the workstation's zone).
func Zone(ctx context.Context, s *store.Store, serial string, loc *time.Location) (*time.Location, error) {
	var name string
	err := s.DB().QueryRowContext(ctx, `SELECT timezone FROM devices WHERE serial = ?`, serial).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && name == "") {
		return loc, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: zone of %s: %w", serial, err)
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("store: zone of %s: %w", serial, err)
	}
	return z, nil
}

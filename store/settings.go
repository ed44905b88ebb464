package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Setting keys. Settings live in the data folder's database, so the window,
// `evidock watch` and the command line read the same values; each change is
// a ledger entry.
const (
	SettingGapThreshold   = "gap_threshold_s"   // a pause longer than this between two clips is an interruption (Art. 11)
	SettingShiftBreak     = "shift_break_s"     // a pause this long ends a recorder's shift: the next clip starts a new timeline
	SettingClockTolerance = "clock_tolerance_s" // a recorder clock further off is flagged (Art. 5)
	SettingLateGrace      = "late_grace_h"      // hours after the Art. 13 deadline before an import counts as late
	SettingFreeWarn       = "free_warn_gb"      // warn when the archive disk has less free space
	SettingWatchRoots     = "watch_roots"       // folders whose sub-folders count as recorders (folder mode), comma-separated
	SettingDiscMedium     = "disc_medium"       // the evidence disc offered first: cd, dvd, dvd-dl, bd
	SettingCheckEvery     = "check_every_days"  // days between scheduled integrity checks of the whole archive
)

// settingDef is one setting: its default, what it means and what it accepts.
type settingDef struct {
	key, def, help string
	check          func(string) error
}

func intIn(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("a whole number from %d to %d", lo, hi)
		}
		return nil
	}
}

var settingDefs = []settingDef{
	{SettingGapThreshold, "60", "seconds a pause between two clips may last before it is an interruption needing an explanation (Art. 11)", intIn(1, 3600)},
	{SettingShiftBreak, "14400", "seconds of pause that end a recorder's shift; a shift that passes midnight stays one timeline", intIn(600, 7*24*3600)},
	{SettingClockTolerance, "120", "seconds a recorder's clock may be off before it is flagged (Art. 5)", intIn(1, 24*3600)},
	{SettingLateGrace, "0", "hours after the Art. 13 deadline (end of the recording day; 24 h after return from remote work) before an import counts as late", intIn(0, 24*30)},
	{SettingFreeWarn, "20", "warn when the archive disk has fewer free gigabytes", intIn(0, 1<<20)},
	{SettingWatchRoots, "", "folders watched in folder mode, comma-separated: every folder inside one counts as a recorder", checkRoots},
	{SettingDiscMedium, "dvd", "the evidence disc offered first (cd, dvd, dvd-dl, bd)", oneOf("cd", "dvd", "dvd-dl", "bd")},
	{SettingCheckEvery, "30", "days between scheduled integrity checks of the whole archive", intIn(1, 366)},
}

func oneOf(vals ...string) func(string) error {
	return func(v string) error {
		if !slices.Contains(vals, v) {
			return fmt.Errorf("one of %s", strings.Join(vals, ", "))
		}
		return nil
	}
}

func checkRoots(v string) error {
	for _, r := range splitComma(v) {
		if !strings.HasPrefix(r, "/") && !(len(r) > 2 && r[1] == ':') {
			return fmt.Errorf("absolute folder paths, comma-separated (%q is not)", r)
		}
	}
	return nil
}

func splitComma(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func settingDefOf(key string) (settingDef, bool) {
	i := slices.IndexFunc(settingDefs, func(d settingDef) bool { return d.key == key })
	if i < 0 {
		return settingDef{}, false
	}
	return settingDefs[i], true
}

// Settings are the workstation's settings, typed.
type Settings struct {
	GapThreshold   time.Duration
	ShiftBreak     time.Duration
	ClockTolerance time.Duration
	LateGrace      time.Duration
	FreeWarnGB     int
	WatchRoots     []string
	DiscMedium     string
	CheckEvery     time.Duration
}

// DefaultSettings are the settings of a new data folder.
func DefaultSettings() Settings {
	s, _ := settingsFrom(map[string]string{})
	return s
}

func settingsFrom(vals map[string]string) (Settings, error) {
	get := func(key string) string {
		if v, ok := vals[key]; ok {
			return v
		}
		d, _ := settingDefOf(key)
		return d.def
	}
	num := func(key string) int {
		n, _ := strconv.Atoi(get(key))
		return n
	}
	return Settings{
		GapThreshold:   time.Duration(num(SettingGapThreshold)) * time.Second,
		ShiftBreak:     time.Duration(num(SettingShiftBreak)) * time.Second,
		ClockTolerance: time.Duration(num(SettingClockTolerance)) * time.Second,
		LateGrace:      time.Duration(num(SettingLateGrace)) * time.Hour,
		FreeWarnGB:     num(SettingFreeWarn),
		WatchRoots:     splitComma(get(SettingWatchRoots)),
		DiscMedium:     get(SettingDiscMedium),
		CheckEvery:     time.Duration(num(SettingCheckEvery)) * 24 * time.Hour,
	}, nil
}

// Settings reads the current settings. Every decision that depends on one
// reads it here, when it is made, so a change takes effect at the next
// docking in every process.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return settingsIn(ctx, s.read)
}

func settingsIn(ctx context.Context, q Queryer) (Settings, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return Settings{}, fmt.Errorf("store: read settings: %w", err)
	}
	defer rows.Close()
	vals := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Settings{}, fmt.Errorf("store: read settings: %w", err)
		}
		if d, ok := settingDefOf(k); ok && d.check(v) == nil {
			vals[k] = v
		}
	}
	if err := rows.Err(); err != nil {
		return Settings{}, fmt.Errorf("store: read settings: %w", err)
	}
	return settingsFrom(vals)
}

// Setting is one setting as listed.
type Setting struct {
	Key       string    `json:"key"`
	Value     string    `json:"value"`
	Default   string    `json:"default"`
	Help      string    `json:"help"`
	ChangedAt time.Time `json:"changed_at,omitzero"`
	ChangedBy string    `json:"changed_by,omitempty"`
}

// SettingList lists every setting with its value and default.
func (sess *Session) SettingList(ctx context.Context) ([]Setting, error) {
	if err := sess.Check(ctx, ActSettingsRead, "settings"); err != nil {
		return nil, err
	}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT key, value, changed_at, changed_by FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("store: list settings: %w", err)
	}
	defer rows.Close()
	set := map[string]Setting{}
	for rows.Next() {
		var s Setting
		var at int64
		if err := rows.Scan(&s.Key, &s.Value, &at, &s.ChangedBy); err != nil {
			return nil, fmt.Errorf("store: list settings: %w", err)
		}
		s.ChangedAt = FromMS(at)
		set[s.Key] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list settings: %w", err)
	}
	out := make([]Setting, 0, len(settingDefs))
	for _, d := range settingDefs {
		s, ok := set[d.key]
		if !ok || d.check(s.Value) != nil {
			s = Setting{Key: d.key, Value: d.def}
		}
		s.Default, s.Help = d.def, d.help
		out = append(out, s)
	}
	return out, nil
}

// ErrUnchanged means a change asked for is already so.
var ErrUnchanged = errors.New("already so")

// SetSetting changes one setting, as an administrator. The value is checked
// against what the setting accepts; setting what is already set is refused
// with ErrUnchanged.
func (sess *Session) SetSetting(ctx context.Context, key, value string) error {
	if err := sess.Check(ctx, ActSettingsChange, "setting:"+key); err != nil {
		return err
	}
	d, ok := settingDefOf(key)
	if !ok {
		keys := make([]string, len(settingDefs))
		for i, d := range settingDefs {
			keys[i] = d.key
		}
		return fmt.Errorf("store: no setting %q (settings: %s): %w", key, strings.Join(keys, ", "), ErrInvalid)
	}
	value = strings.TrimSpace(value)
	if err := d.check(value); err != nil {
		return fmt.Errorf("store: setting %s takes %v: %w", key, err, ErrInvalid)
	}
	err := sess.st.Tx(ctx, func(tx *sql.Tx) error {
		from := d.def
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&from)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if from == value {
			return fmt.Errorf("store: setting %s is already %q: %w", key, value, ErrUnchanged)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value, changed_at, changed_by) VALUES (?,?,?,?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
			key, value, UnixMS(sess.st.Now()), sess.actor.LedgerName()); err != nil {
			return err
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), "settings.set", "setting:"+key,
			map[string]any{"key": key, "from": from, "to": value})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set %s: %w", key, err)
	}
	return nil
}

package safekeeping

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"evidock/ledger"
	"evidock/retention"
	"evidock/store"
)

// The tables hold the state every decision reads (whose a recording is,
// when it was made, how secret it is, what holds it, who may do what), and
// the ledger holds every entry that set it. verifyState replays the ledger
// into that state and compares it with the tables, so a row changed behind
// evidock's back (a direct SQL UPDATE) is found and named.

// stateActions are the ledger actions that set state the check replays.
var stateActions = []string{
	"recording.import", "recording.categorize", "recording.late_reason", "recording.classify",
	"case.add", "case.link", "case.unlink", "case.close", "case.retention",
	"retention.policy", "user.add", "user.roles", "user.disable", "user.enable",
	"device.add", "device.update", "export.complete", "export.failed", "export.release", "device.time_habit",
}

type recState struct {
	officer, device, category, lateReason string
	classification                        store.Classification
	recordedAt, importedAt                int64 // unix ms
	recordedAtSecond                      bool  // an entry written before times were kept to the ms
	importedFromEntry                     bool  // imported_at taken from the entry's own time: compare loosely
}

type caseState struct {
	retention  retention.Retention
	closedAt   int64
	closeLoose bool
	recordings map[string]bool
}

type userState struct {
	roles    []store.Role
	disabled bool
	officer  string
}

// ledgerState is the state the ledger's entries set.
type ledgerState struct {
	recs    map[string]*recState
	cases   map[string]*caseState
	users   map[string]*userState
	devices map[string]store.Device
	exports map[int64]*exportState
	habits  map[string]string // recorder serial -> its learned MP4 time habit
	years   int
}

func replayState(ctx context.Context, st *store.Store) (*ledgerState, error) {
	ls := &ledgerState{recs: map[string]*recState{}, cases: map[string]*caseState{}, users: map[string]*userState{},
		devices: map[string]store.Device{}, exports: map[int64]*exportState{}, habits: map[string]string{}, years: retention.MinRetentionYears}
	args := make([]any, len(stateActions))
	for i, a := range stateActions {
		args[i] = a
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT seq, time, action, subject, details FROM ledger
		WHERE action IN (`+store.Placeholders(len(args))+`) ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: verify state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var at, action, subject, details string
		if err := rows.Scan(&seq, &at, &action, &subject, &details); err != nil {
			return nil, fmt.Errorf("store: verify state: %w", err)
		}
		when, _ := time.Parse(ledger.TimeFormat, at)
		ls.apply(action, subject, details, when)
	}
	return ls, rows.Err()
}

// apply replays one entry. Entries are trusted here: verifyLedger has
// checked each against the tree.
func (ls *ledgerState) apply(action, subject, details string, when time.Time) {
	var d struct {
		Officer      string              `json:"officer"`
		Device       json.RawMessage     `json:"device"`
		RecordedAt   string              `json:"recorded_at"`
		ImportedAt   string              `json:"imported_at"`
		Category     string              `json:"category"`
		Reason       string              `json:"reason"`
		To           json.RawMessage     `json:"to"`
		ToYears      int                 `json:"to_years"`
		Retention    retention.Retention `json:"retention"`
		Recordings   []string            `json:"recordings"`
		ClosedAt     string              `json:"closed_at"`
		Roles        []store.Role        `json:"roles"`
		DeviceBefore json.RawMessage     `json:"before"`
	}
	json.Unmarshal([]byte(details), &d)
	switch action {
	case "recording.import":
		r := &recState{officer: d.Officer, classification: store.Normal, importedAt: when.UnixMilli(), importedFromEntry: true}
		json.Unmarshal(d.Device, &r.device)
		if t, err := time.Parse(time.RFC3339Nano, d.RecordedAt); err == nil {
			r.recordedAt = t.UnixMilli()
			r.recordedAtSecond = !strings.Contains(d.RecordedAt, ".")
		}
		if t, err := time.Parse(time.RFC3339Nano, d.ImportedAt); err == nil {
			r.importedAt, r.importedFromEntry = t.UnixMilli(), false
		}
		ls.recs[subject] = r
	case "recording.categorize":
		if r := ls.recs[subject]; r != nil {
			r.category = d.Category
		}
	case "recording.late_reason":
		if r := ls.recs[subject]; r != nil {
			r.lateReason = d.Reason
		}
	case "recording.classify":
		if r := ls.recs[subject]; r != nil {
			json.Unmarshal(d.To, &r.classification)
		}
	case "case.add":
		ls.cases[strings.TrimPrefix(subject, "case:")] = &caseState{retention: d.Retention, recordings: map[string]bool{}}
	case "case.link", "case.unlink":
		if c := ls.cases[strings.TrimPrefix(subject, "case:")]; c != nil {
			for _, id := range d.Recordings {
				c.recordings[id] = action == "case.link"
			}
		}
	case "case.close":
		if c := ls.cases[strings.TrimPrefix(subject, "case:")]; c != nil {
			c.closedAt, c.closeLoose = when.UnixMilli(), true
			if t, err := time.Parse(time.RFC3339Nano, d.ClosedAt); err == nil {
				c.closedAt, c.closeLoose = t.UnixMilli(), false
			}
		}
	case "case.retention":
		if c := ls.cases[strings.TrimPrefix(subject, "case:")]; c != nil {
			json.Unmarshal(d.To, &c.retention)
		}
	case "retention.policy":
		ls.years = max(d.ToYears, retention.MinRetentionYears)
	case "user.add":
		ls.users[strings.TrimPrefix(subject, "user:")] = &userState{roles: d.Roles, officer: d.Officer}
	case "user.roles":
		if u := ls.users[strings.TrimPrefix(subject, "user:")]; u != nil {
			u.roles = d.Roles
		}
	case "user.disable", "user.enable":
		if u := ls.users[strings.TrimPrefix(subject, "user:")]; u != nil {
			u.disabled = action == "user.disable"
		}
	case "device.time_habit":
		var h struct {
			To string `json:"to"`
		}
		if json.Unmarshal([]byte(details), &h) == nil {
			ls.habits[subject] = h.To
		}
	case "export.complete", "export.failed", "export.release":
		ls.applyExport(action, subject)
	case "device.add", "device.update":
		var dev store.Device
		if json.Unmarshal(d.Device, &dev) == nil {
			ls.devices[subject] = dev
		}
	}
}

// VerifyState compares the tables with the state the ledger sets.
func VerifyState(ctx context.Context, st *store.Store, rep *VerifyReport) error {
	ls, err := replayState(ctx, st)
	if err != nil {
		return err
	}
	add := func(ref, what string) {
		rep.Problems = append(rep.Problems, store.Problem{Kind: "state", Ref: ref, What: what})
	}
	differ := func(ref, field string, table, ledger any) {
		add(ref, fmt.Sprintf("%s is %v in the database but %v by the ledger: changed behind evidock's back", field, show(table), show(ledger)))
	}
	if err := verifyRecordingState(ctx, st, ls, add, differ); err != nil {
		return err
	}
	if err := verifyCaseState(ctx, st, ls, add, differ); err != nil {
		return err
	}
	if err := verifyUserState(ctx, st, ls, add, differ); err != nil {
		return err
	}
	if err := verifyExportState(ctx, st, ls, differ); err != nil {
		return err
	}
	if err := verifyHabitState(ctx, st, ls, differ); err != nil {
		return err
	}
	var years int
	if err := st.DB().QueryRowContext(ctx, `SELECT years FROM retention_policy WHERE id = 1`).Scan(&years); err != nil {
		return fmt.Errorf("store: verify state: %w", err)
	}
	if years != ls.years {
		differ("retention policy", "the base retention (years)", years, ls.years)
	}
	return nil
}

func show(v any) any {
	if s, ok := v.(string); ok && s == "" {
		return `""`
	}
	return v
}

func verifyRecordingState(ctx context.Context, st *store.Store, ls *ledgerState, add func(string, string), differ func(string, string, any, any)) error {
	rows, err := st.DB().QueryContext(ctx, `SELECT id, sha256, officer_id, device_id, recorded_at, imported_at, classification, category, late_reason FROM recordings`)
	if err != nil {
		return fmt.Errorf("store: verify state: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var id, sha, officer, device, category, lateReason string
		var rec, imp int64
		var class store.Classification
		if err := rows.Scan(&id, &sha, &officer, &device, &rec, &imp, &class, &category, &lateReason); err != nil {
			return fmt.Errorf("store: verify state: %w", err)
		}
		seen[id] = true
		ref := fmt.Sprintf("recording %s (sha256 %s)", id, sha)
		r := ls.recs[id]
		if r == nil {
			add(ref, "has no recording.import entry in the ledger")
			continue
		}
		if officer != r.officer {
			differ(ref, "officer_id", officer, r.officer)
		}
		if device != r.device {
			differ(ref, "device_id", device, r.device)
		}
		if want := r.recordedAt; rec != want && !(r.recordedAtSecond && rec/1000 == want/1000) {
			differ(ref, "recorded_at", store.FromMS(rec).Format(time.RFC3339Nano), store.FromMS(want).Format(time.RFC3339Nano))
		}
		if d := imp - r.importedAt; d != 0 && !(r.importedFromEntry && d > -2000 && d < 2000) {
			differ(ref, "imported_at", store.FromMS(imp).Format(time.RFC3339Nano), store.FromMS(r.importedAt).Format(time.RFC3339Nano))
		}
		if class != r.classification {
			differ(ref, "classification", class, r.classification)
		}
		if category != r.category {
			differ(ref, "category", category, r.category)
		}
		if lateReason != r.lateReason {
			differ(ref, "late_reason", lateReason, r.lateReason)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: verify state: %w", err)
	}
	for id := range ls.recs {
		if !seen[id] {
			add("recording "+id, "the ledger imported it but the database has no row for it")
		}
	}
	return nil
}

func verifyCaseState(ctx context.Context, st *store.Store, ls *ledgerState, add func(string, string), differ func(string, string, any, any)) error {
	cases, err := retention.QueryCases(ctx, st, st.DB(), "")
	if err != nil {
		return err
	}
	for _, c := range cases {
		ref := "case " + c.Number
		want := ls.cases[c.Number]
		if want == nil {
			add(ref, "has no case.add entry in the ledger")
			continue
		}
		if c.Retention != want.retention {
			differ(ref, "retention", c.Retention, want.retention)
		}
		closed := store.UnixMS(c.ClosedAt)
		if d := closed - want.closedAt; d != 0 && !(want.closeLoose && d > -2000 && d < 2000) {
			differ(ref, "closed_at", c.ClosedAt.Format(time.RFC3339Nano), store.FromMS(want.closedAt).Format(time.RFC3339Nano))
		}
		var linked []string
		for id, on := range want.recordings {
			if on {
				linked = append(linked, id)
			}
		}
		sort.Strings(linked)
		have := slices.Clone(c.Recordings)
		sort.Strings(have)
		if !slices.Equal(have, linked) {
			differ(ref, "its recordings (holds)", have, linked)
		}
	}
	return nil
}

func verifyUserState(ctx context.Context, st *store.Store, ls *ledgerState, add func(string, string), differ func(string, string, any, any)) error {
	users, err := st.Users(ctx, "")
	if err != nil {
		return err
	}
	for _, u := range users {
		ref := "user " + u.Name
		want := ls.users[u.Name]
		if want == nil {
			add(ref, "has no user.add entry in the ledger")
			continue
		}
		if !slices.Equal(store.SortRoles(joinRoles(u.Roles)), store.SortRoles(joinRoles(want.roles))) {
			differ(ref, "roles", u.Roles, want.roles)
		}
		if u.Disabled != want.disabled {
			differ(ref, "disabled", u.Disabled, want.disabled)
		}
		if u.OfficerID != want.officer {
			differ(ref, "officer_id (whose recordings the user sees and answers for)", u.OfficerID, want.officer)
		}
	}
	devices, err := st.DB().QueryContext(ctx, `SELECT serial, officer, timezone FROM devices`)
	if err != nil {
		return fmt.Errorf("store: verify state: %w", err)
	}
	defer devices.Close()
	for devices.Next() {
		var serial, officer, zone string
		if err := devices.Scan(&serial, &officer, &zone); err != nil {
			return fmt.Errorf("store: verify state: %w", err)
		}
		want, ok := ls.devices[serial]
		ref := "recorder " + serial
		switch {
		case !ok:
			add(ref, "has no device.add entry in the ledger")
		case officer != want.Officer:
			differ(ref, "its assigned officer", officer, want.Officer)
		case zone != want.Timezone:
			differ(ref, "its time zone", zone, want.Timezone)
		}
	}
	return devices.Err()
}

func joinRoles(rs []store.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

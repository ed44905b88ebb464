package followups

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"evidock/custody"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// Kinds of open item: something that stays on the list until it is answered.
const (
	ItemGap            = "gap"           // an interruption not explained (Art. 11)
	ItemUncategorised  = "uncategorised" // a recording without its activity type (Art. 6)
	ItemLate           = "late"          // a late import without a reason (Art. 13)
	ItemNotRecorded    = "not_recorded"  // a work record the leader has not acknowledged (Art. 7)
	ItemImport         = "import"        // a failed or interrupted import, not yet finished by a later one
	ItemIntegrity      = "integrity"     // a problem the last integrity check found
	ItemOverdue        = "overdue"       // a recorder out past its expected return (Art. 13)
	ItemTimeConflict   = "time_conflict" // a recording whose name and metadata disagree on its time (Art. 11, 13)
	ItemUnregistered   = "unregistered"  // a recorder docked but never registered (Art. 4, 20)
	ItemOfficerUnknown = "officer_unknown"
	ItemEmpty          = "empty" // a zero-length file found on a recorder
)

// ItemKinds lists the kinds of open item in the order screens show them.
var ItemKinds = []string{ItemGap, ItemUncategorised, ItemLate, ItemNotRecorded, ItemImport, ItemIntegrity, ItemOverdue,
	ItemTimeConflict, ItemUnregistered, ItemOfficerUnknown, ItemEmpty}

// answerable are the kinds closed by a custodian's or administrator's note
// (AnswerItem); the others by their own actions.
var answerable = []string{ItemImport, ItemTimeConflict, ItemOfficerUnknown, ItemEmpty}

// OpenItem is one thing waiting for an answer.
type OpenItem struct {
	Kind    string    `json:"kind"`
	Ref     string    `json:"ref"` // gap id, recording id, work record id, import id, problem, custody id
	Officer string    `json:"officer,omitempty"`
	Device  string    `json:"device,omitempty"`
	Day     string    `json:"date,omitempty"`
	Time    time.Time `json:"time,omitzero"`
	Detail  string    `json:"detail,omitempty"` // a file name, a status, what is wrong
	// NameTime and MetadataTime are both times of a time_conflict item.
	NameTime     time.Time `json:"name_time,omitzero"`
	MetadataTime time.Time `json:"metadata_time,omitzero"`
}

// OpenItemFilter selects open items. Zero fields match everything.
type OpenItemFilter struct {
	Kind    string `json:"kind,omitempty"`
	Officer string `json:"officer,omitempty"`
	From    string `json:"from,omitempty"` // YYYY-MM-DD: the item's day on or after
	To      string `json:"to,omitempty"`   // YYYY-MM-DD: on or before
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`

	// visible limits the items about recordings to what the actor may
	// see (Session.visibility's condition on recordings).
	visible     string
	visibleArgs []any
	// perOfficer lists an unregistered recorder once per officer who docked
	// it, under that officer (OpenByOfficer), not once under nobody.
	perOfficer bool
}

// recordingVisible is the condition that the recording whose id is the
// column col is visible.
func (f OpenItemFilter) recordingVisible(col string) (string, []any) {
	if f.visible == "" {
		return "", nil
	}
	return `EXISTS (SELECT 1 FROM recordings v WHERE v.id = ` + col + ` AND ` + f.visible + `)`, f.visibleArgs
}

// OpenItemsFor lists what is open for one officer, to show them when they
// Dock. An officer may ask only about themselves.
func OpenItemsFor(ctx context.Context, sess *store.Session, officer string) ([]OpenItem, error) {
	return OpenItems(ctx, sess, OpenItemFilter{Officer: officer})
}

// OpenItems lists open items, by kind and then by time: the drill-down of
// the supervisor's screen. An officer (without another reading role) sees
// only their own.
func OpenItems(ctx context.Context, sess *store.Session, f OpenItemFilter) ([]OpenItem, error) {
	if err := checkItems(ctx, sess, &f); err != nil {
		return nil, err
	}
	var out []OpenItem
	for _, k := range ItemKinds {
		if f.Kind != "" && f.Kind != k {
			continue
		}
		items, err := openItems(ctx, sess.Store(), k, f)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	if out == nil {
		out = []OpenItem{}
	}
	if !sess.Actor().Has(store.RoleWorkstation) {
		if _, err := sess.Log(ctx, "openitems.read", f.Officer, map[string]any{"filter": f, "results": len(out)}); err != nil {
			return nil, fmt.Errorf("store: record open-item lookup: %w", err)
		}
	}
	return out, nil
}

func checkItems(ctx context.Context, sess *store.Session, f *OpenItemFilter) error {
	if err := sess.Check(ctx, store.ActOpenitemsRead, f.Officer); err != nil {
		return err
	}
	if f.Kind != "" && !slices.Contains(ItemKinds, f.Kind) {
		return fmt.Errorf("store: open item kind %q is not one of %v: %w", f.Kind, ItemKinds, store.ErrInvalid)
	}
	f.visible, f.visibleArgs = sess.Visibility()
	if sess.Actor().Has(store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleSupervisor, store.RoleLeader, store.RoleAdmin) {
		return nil
	}
	own := custody.OfficerNumber(ctx, sess)
	if own == "" || f.Officer != "" && f.Officer != own {
		return sess.Refuse(ctx, store.ActOpenitemsRead, f.Officer, "an officer sees only their own open items")
	}
	f.Officer = own
	return nil
}

// AnswerItem closes an open import item (a failed or interrupted import
// that no later import of the recorder finished) with what was done about
// it. The other kinds are answered by their own actions: Explain,
// Categorize, ExplainLate, AckNotRecorded, CheckIn or a dock, and the
// custodian's Acknowledge of an integrity problem.
func AnswerItem(ctx context.Context, sess *store.Session, kind, ref, note string) error {
	note = strings.TrimSpace(note)
	if !slices.Contains(answerable, kind) {
		return fmt.Errorf("store: only %v items are answered with a note: %w", answerable, store.ErrInvalid)
	}
	if ref == "" || note == "" {
		return fmt.Errorf("store: an answer needs the item and a note: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActOpenitemAnswer, kind+":"+ref); err != nil {
		return err
	}
	st := sess.Store()
	return st.Tx(ctx, func(tx *sql.Tx) error {
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "openitem.answer", kind+":"+ref, map[string]any{"note": note})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO item_answers(kind, ref, note, by, at, ledger_seq) VALUES (?,?,?,?,?,?)`,
			kind, ref, note, sess.Actor().LedgerName(), store.UnixMS(st.Now()), seq)
		return err
	})
}

// itemQuery is the query listing or counting one kind of open item. Its
// columns are ref, officer, device, day, time (ms), detail.
func itemQuery(s *store.Store, kind string, f OpenItemFilter) (string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	period := func(col string, ms bool) error {
		if f.From != "" {
			if !ms {
				add(col+" >= ?", f.From)
			} else if v, err := store.DayMS(f.From, false); err != nil {
				return err
			} else {
				add(col+" >= ?", v)
			}
		}
		if f.To != "" {
			if !ms {
				add(col+" <= ?", f.To)
			} else if v, err := store.DayMS(f.To, true); err != nil {
				return err
			} else {
				add(col+" < ?", v)
			}
		}
		return nil
	}
	var sel, from string
	var err error
	switch kind {
	case ItemGap:
		sel = `'gap:' || g.id, coalesce(r.officer_id, ''), g.device_id, g.day, g.from_ms, coalesce(r.original_name, '')`
		from = `gaps g LEFT JOIN recordings r ON r.id = g.after_rec`
		add("g.explained_at = 0")
		if vis, va := f.recordingVisible("g.before_rec"); vis != "" {
			add(vis, va...)
			vis, va = f.recordingVisible("g.after_rec")
			add(vis, va...)
		}
		if f.Officer != "" {
			add("r.officer_id = ?", f.Officer)
		}
		err = period("g.day", false)
	case ItemUncategorised, ItemLate:
		sel = `r.id, r.officer_id, r.device_id, r.day, r.recorded_at, r.original_name`
		from = `recordings r`
		if kind == ItemLate {
			add("r.late = 1 AND r.late_reason = ''")
		} else {
			add("r.category = ''")
		}
		if vis, va := f.recordingVisible("r.id"); vis != "" {
			add(vis, va...)
		}
		if f.Officer != "" {
			add("r.officer_id = ?", f.Officer)
		}
		err = period("r.day", false)
	case ItemNotRecorded:
		sel = `'notrecorded:' || n.id, n.officer_id, '', n.day, n.filed_at, n.place`
		from = `not_recorded n`
		add("n.ack_at = 0")
		if f.Officer != "" {
			add("n.officer_id = ?", f.Officer)
		}
		err = period("n.day", false)
	case ItemImport:
		sel = `i.id, i.officer_id, i.device_id, '', i.started_at, i.status || ': ' || i.message`
		from = `imports i`
		add(`i.status IN ('failed','interrupted')`)
		add(`NOT EXISTS (SELECT 1 FROM imports j WHERE i.device_id <> '' AND j.device_id = i.device_id AND j.started_at > i.started_at AND j.status = 'complete')`)
		add(`NOT EXISTS (SELECT 1 FROM item_answers a WHERE a.kind = 'import' AND a.ref = i.id)`)
		if f.Officer != "" {
			add("i.officer_id = ?", f.Officer)
		}
		err = period("i.started_at", true)
	case ItemOverdue:
		sel = `'custody:' || c.id, c.officer_id, c.device_id, '', c.due_at, 'out since ' || c.out_at`
		from = `custody c`
		add("c.in_at = 0 AND c.lost_at = 0 AND c.due_at < ?", store.UnixMS(s.Now()))
		add(`NOT EXISTS (SELECT 1 FROM imports i WHERE i.device_id = c.device_id AND i.started_at >= c.out_at)`)
		if f.Officer != "" {
			add("c.officer_id = ?", f.Officer)
		}
		err = period("c.out_at", true)
	case ItemTimeConflict, ItemOfficerUnknown:
		flag := records.FlagTimeConflict
		detail := `r.name_time || ' ' || r.metadata_time || ' ' || r.original_name`
		if kind == ItemOfficerUnknown {
			flag, detail = records.FlagOfficerUnknown, `r.original_name`
		}
		sel = `r.id, r.officer_id, r.device_id, r.day, r.recorded_at, ` + detail
		from = `recordings r`
		add(`instr(r.flags, '"` + flag + `"') > 0`)
		add(`NOT EXISTS (SELECT 1 FROM item_answers a WHERE a.kind = ? AND a.ref = r.id)`, kind)
		if vis, va := f.recordingVisible("r.id"); vis != "" {
			add(vis, va...)
		}
		if f.Officer != "" {
			add("r.officer_id = ?", f.Officer)
		}
		err = period("r.day", false)
	case ItemEmpty:
		sel = `'empty:' || e.id, e.officer_id, e.device_id, '', e.seen_at, e.source_path`
		from = `empty_files e`
		add(`NOT EXISTS (SELECT 1 FROM item_answers a WHERE a.kind = 'empty' AND a.ref = 'empty:' || e.id)`)
		if f.Officer != "" {
			add("e.officer_id = ?", f.Officer)
		}
		err = period("e.seen_at", true)
	case ItemUnregistered:
		sel = `'device:' || i.device_id, '', i.device_id, '', min(i.started_at), sum(i.new_files) || ' recordings'`
		from = `imports i`
		add(`i.device_id <> '' AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.serial = i.device_id)`)
		if f.Officer != "" {
			add("i.officer_id = ?", f.Officer)
		}
		err = period("i.started_at", true)
		group := ` GROUP BY i.device_id`
		if f.perOfficer {
			sel = strings.Replace(sel, `, '', `, `, i.officer_id, `, 1)
			group += `, i.officer_id`
		}
		return `SELECT ` + sel + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND ") + group, args, err
	default: // the equipment's (equipment.go)
		var col string
		var w []string
		var a []any
		if sel, from, col, w, a, err = EquipmentItemQuery(kind, f); err != nil {
			return "", nil, err
		}
		where, args = append(where, w...), append(args, a...)
		err = period(col, true)
	}
	return `SELECT ` + sel + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND "), args, err
}

func openItems(ctx context.Context, s *store.Store, kind string, f OpenItemFilter) ([]OpenItem, error) {
	if kind == ItemIntegrity {
		items, _, err := integrityItems(ctx, s, f)
		return items, err
	}
	q, args, err := itemQuery(s, kind, f)
	if err != nil {
		return nil, err
	}
	q += " ORDER BY 5, 1"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	rows, err := s.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: open items %s: %w", kind, err)
	}
	defer rows.Close()
	var out []OpenItem
	for rows.Next() {
		it := OpenItem{Kind: kind}
		var ms int64
		if err := rows.Scan(&it.Ref, &it.Officer, &it.Device, &it.Day, &ms, &it.Detail); err != nil {
			return nil, fmt.Errorf("store: open items %s: %w", kind, err)
		}
		it.Time = store.FromMS(ms)
		if kind == ItemTimeConflict { // detail: name_time metadata_time name
			var name, meta int64
			fmt.Sscanf(it.Detail, "%d %d", &name, &meta)
			it.NameTime, it.MetadataTime = store.FromMS(name), store.FromMS(meta)
			parts := strings.SplitN(it.Detail, " ", 3)
			it.Detail = fmt.Sprintf("%s: name %s, metadata %s", parts[len(parts)-1],
				it.NameTime.Local().Format(time.DateTime), it.MetadataTime.Local().Format(time.DateTime))
		}
		if kind == ItemOverdue {
			var out int64
			fmt.Sscanf(it.Detail, "out since %d", &out)
			it.Detail = "out since " + store.FromMS(out).Local().Format(time.DateTime)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// OpenCounts counts the open items of each kind matching f.
func OpenCounts(ctx context.Context, s *store.Store, f OpenItemFilter) (map[string]int, error) {
	counts := map[string]int{}
	for _, k := range ItemKinds {
		if k == ItemIntegrity {
			_, n, err := integrityItems(ctx, s, f)
			if err != nil {
				return nil, err
			}
			counts[k] = n
			continue
		}
		q, args, err := countQuery(s, k, f)
		if err != nil {
			return nil, err
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count open items %s: %w", k, err)
		}
		counts[k] = n
	}
	return counts, nil
}

// countQuery counts one kind of open item. Interruptions, late imports and
// uncategorised recordings are counted from covering partial indexes, or an
// officer's interruptions from the officer_day counters, never by joining
// QueryRecordings; the others count their list query.
func countQuery(s *store.Store, kind string, f OpenItemFilter) (string, []any, error) {
	var from, cond string
	if f.visible != "" { // not everything is visible: count what is listed
		kind = "listed:" + kind
	}
	switch kind {
	case ItemGap:
		if f.Officer != "" {
			from, cond = "officer_day", "officer_id = ?"
			q, args := periodCond(`SELECT coalesce(sum(gaps_open), 0) FROM `+from+` WHERE `+cond, []any{f.Officer}, f)
			return q, args, checkDays(f)
		}
		from, cond = "gaps", "explained_at = 0"
	case ItemLate:
		from, cond = "recordings INDEXED BY recordings_late_open", "late = 1 AND late_reason = ''"
	case ItemUncategorised:
		from, cond = "recordings INDEXED BY recordings_uncategorised", "category = ''"
	default:
		q, args, err := itemQuery(s, strings.TrimPrefix(kind, "listed:"), f)
		return `SELECT count(*) FROM (` + q + `)`, args, err
	}
	var args []any
	if f.Officer != "" {
		cond, args = cond+" AND officer_id = ?", append(args, f.Officer)
	}
	q, args := periodCond(`SELECT count(*) FROM `+from+` WHERE `+cond, args, f)
	return q, args, checkDays(f)
}

// periodCond adds f's days to a query on a table with a day column.
func periodCond(q string, args []any, f OpenItemFilter) (string, []any) {
	if f.From != "" {
		q, args = q+" AND day >= ?", append(args, f.From)
	}
	if f.To != "" {
		q, args = q+" AND day <= ?", append(args, f.To)
	}
	return q, args
}

func checkDays(f OpenItemFilter) error {
	for _, d := range []string{f.From, f.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return fmt.Errorf("store: date %q is not YYYY-MM-DD: %w", d, store.ErrInvalid)
		}
	}
	return nil
}

var problemRecording = regexp.MustCompile(`recording ([0-9a-f-]{8,})`)

// integrityItems are the integrity problems no custodian has acknowledged
// (integrity_problems, kept by the scheduled check). In a data folder
// without that table they are the problems of the latest verify run (its
// ledger entry), open until a later run no longer finds them.
func integrityItems(ctx context.Context, s *store.Store, f OpenItemFilter) ([]OpenItem, int, error) {
	var items []OpenItem
	rows, err := s.DB().QueryContext(ctx, `SELECT 'problem:' || id, found_at, ref, what FROM integrity_problems WHERE acknowledged_at = 0 ORDER BY id`)
	switch {
	case err == nil:
		for rows.Next() {
			it := OpenItem{Kind: ItemIntegrity}
			var ms int64
			var ref, what string
			if err := rows.Scan(&it.Ref, &ms, &ref, &what); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("store: integrity problems: %w", err)
			}
			it.Time, it.Detail = store.FromMS(ms), ref+": "+what
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, fmt.Errorf("store: integrity problems: %w", err)
		}
	case strings.Contains(err.Error(), "no such table"):
		if items, err = verifyItems(ctx, s); err != nil {
			return nil, 0, err
		}
	default:
		return nil, 0, fmt.Errorf("store: integrity problems: %w", err)
	}
	out := items[:0]
	for _, it := range items {
		if m := problemRecording.FindStringSubmatch(it.Detail); m != nil {
			s.DB().QueryRowContext(ctx, `SELECT officer_id, device_id, day FROM recordings WHERE id = ?`, m[1]).Scan(&it.Officer, &it.Device, &it.Day)
		}
		if f.Officer == "" || it.Officer == f.Officer {
			out = append(out, it)
		}
	}
	return out, len(out), nil
}

// verifyItems are the problems the latest verify ledger entry lists.
func verifyItems(ctx context.Context, s *store.Store) ([]OpenItem, error) {
	var timeText, details string
	err := s.DB().QueryRowContext(ctx, `SELECT time, details FROM ledger WHERE action = 'verify' ORDER BY seq DESC LIMIT 1`).Scan(&timeText, &details)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: last integrity check: %w", err)
	}
	at, _ := time.Parse(ledger.TimeFormat, timeText)
	var v struct {
		Problems []store.Problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(details), &v); err != nil {
		return nil, fmt.Errorf("store: last integrity check: %w", err)
	}
	var items []OpenItem
	for _, p := range v.Problems {
		items = append(items, OpenItem{Kind: ItemIntegrity, Ref: p.Ref, Time: at, Detail: p.Ref + ": " + p.What})
	}
	return items, nil
}

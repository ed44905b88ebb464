package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// TimeFormat is how the ledger writes times: UTC, fixed width, so that the
// text sorts as the time does and the leaf bytes never depend on a locale.
const TimeFormat = "2006-01-02T15:04:05.000000000Z"

// Entry is one row of the ledger.
type Entry struct {
	Seq     int64           `json:"seq"`
	Time    time.Time       `json:"time"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Subject string          `json:"subject,omitempty"`
	Details json.RawMessage `json:"details"`

	timeText string
}

// Leaf is the entry's canonical bytes: the record hashed into the Merkle tree
// (tlog.RecordHash) and carried in inclusion proofs.
func (e Entry) Leaf() []byte {
	t := e.timeText
	if t == "" {
		t = e.Time.UTC().Format(TimeFormat)
	}
	return leafBytes(e.Seq, t, e.Actor, e.Action, e.Subject, string(e.Details))
}

// leafBytes builds {"seq":…,"time":…,"actor":…,"action":…,"subject":…,"details":…}
// with the stored text of every field, so the leaf can be rebuilt from the row.
func leafBytes(seq int64, timeText, actor, action, subject, details string) []byte {
	var b bytes.Buffer
	str := func(s string) {
		j, _ := json.Marshal(s) // a string always marshals
		b.Write(j)
	}
	fmt.Fprintf(&b, `{"seq":%d,"time":`, seq)
	str(timeText)
	b.WriteString(`,"actor":`)
	str(actor)
	b.WriteString(`,"action":`)
	str(action)
	b.WriteString(`,"subject":`)
	str(subject)
	b.WriteString(`,"details":`)
	if details == "" {
		details = "{}"
	}
	b.WriteString(details)
	b.WriteByte('}')
	return b.Bytes()
}

// TreeHead is the Merkle tree's size and root hash after an append.
type TreeHead struct {
	Size int64     `json:"size"`
	Root tlog.Hash `json:"root"`
	Time time.Time `json:"time"`
}

// Append writes one ledger entry inside tx, at time now, with its tree
// hashes and the new tree head. It returns the entry's sequence number.
func Append(ctx context.Context, tx *sql.Tx, at time.Time, actor, action, subject string, details any) (int64, error) {
	var d []byte
	switch v := details.(type) {
	case nil:
		d = []byte("{}")
	case json.RawMessage:
		d = v
	default:
		var err error
		if d, err = json.Marshal(v); err != nil {
			return 0, fmt.Errorf("store: ledger details: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, d); err != nil {
		return 0, fmt.Errorf("store: ledger details: %w", err)
	}
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq)+1, 0) FROM ledger`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: ledger size: %w", err)
	}
	now := at.UTC().Format(TimeFormat)
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger(seq, time, actor, action, subject, details) VALUES (?,?,?,?,?,?)`,
		n, now, actor, action, subject, buf.String()); err != nil {
		return 0, fmt.Errorf("store: ledger append: %w", err)
	}
	r := HashReader(ctx, tx)
	hashes, err := tlog.StoredHashes(n, leafBytes(n, now, actor, action, subject, buf.String()), r)
	if err != nil {
		return 0, fmt.Errorf("store: ledger hashes: %w", err)
	}
	base := tlog.StoredHashIndex(0, n)
	for i, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_hashes(id, hash) VALUES (?, ?)`, base+int64(i), h[:]); err != nil {
			return 0, fmt.Errorf("store: ledger hashes: %w", err)
		}
	}
	root, err := tlog.TreeHash(n+1, r)
	if err != nil {
		return 0, fmt.Errorf("store: tree head: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tree_heads(size, root, time) VALUES (?, ?, ?)`, n+1, root[:], now); err != nil {
		return 0, fmt.Errorf("store: tree head: %w", err)
	}
	return n, nil
}

// HashReader reads the tree's stored hashes (tlog's layout) through q:
// the database, a transaction or a snapshot.
func HashReader(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) tlog.HashReader {
	return txHashReader{ctx, q}
}

// txHashReader reads tlog's stored hashes inside a transaction.
type txHashReader struct {
	ctx context.Context
	q   interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
}

func (r txHashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, id := range indexes {
		var b []byte
		if err := r.q.QueryRowContext(r.ctx, `SELECT hash FROM ledger_hashes WHERE id = ?`, id).Scan(&b); err != nil {
			return nil, fmt.Errorf("stored hash %d: %w", id, err)
		}
		if len(b) != tlog.HashSize {
			return nil, fmt.Errorf("stored hash %d: %d bytes", id, len(b))
		}
		copy(out[i][:], b)
	}
	return out, nil
}

// Filter selects ledger entries. Zero fields match everything.
type Filter struct {
	ActionPrefix string // e.g. "recording." or "import.start"
	Actor        string
	Subject      string
	AfterSeq     int64 // entries with seq > AfterSeq; -1 or 0 with FromStart
	BeforeSeq    int64 // entries with seq < BeforeSeq when > 0
	Newest       bool  // newest first
	Limit        int   // 0: no limit
}

// QueryLedger reads entries; it is not itself logged (callers decide).
func Query(ctx context.Context, db *sql.DB, f Filter) ([]Entry, error) {
	var where []string
	var args []any
	if f.ActionPrefix != "" {
		where = append(where, `action >= ? AND action < ?`)
		args = append(args, f.ActionPrefix, f.ActionPrefix+"\uffff")
	}
	if f.Actor != "" {
		where = append(where, `actor = ?`)
		args = append(args, f.Actor)
	}
	if f.Subject != "" {
		where = append(where, `subject = ?`)
		args = append(args, f.Subject)
	}
	if f.AfterSeq > 0 {
		where = append(where, `seq > ?`)
		args = append(args, f.AfterSeq)
	}
	if f.BeforeSeq > 0 {
		where = append(where, `seq < ?`)
		args = append(args, f.BeforeSeq)
	}
	q := `SELECT seq, time, actor, action, subject, details FROM ledger`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Newest {
		q += ` ORDER BY seq DESC`
	} else {
		q += ` ORDER BY seq`
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read ledger: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := Scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func Scan(rows interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var details string
	if err := rows.Scan(&e.Seq, &e.timeText, &e.Actor, &e.Action, &e.Subject, &details); err != nil {
		return e, fmt.Errorf("store: read ledger: %w", err)
	}
	e.Details = json.RawMessage(details)
	t, err := time.Parse(TimeFormat, e.timeText)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, e.timeText)
	}
	e.Time = t
	return e, nil
}

// Head returns the latest tree head, or a zero head for an empty ledger.
func Head(ctx context.Context, db *sql.DB) (TreeHead, error) {
	var h TreeHead
	var root []byte
	var t string
	err := db.QueryRowContext(ctx, `SELECT size, root, time FROM tree_heads ORDER BY size DESC LIMIT 1`).Scan(&h.Size, &root, &t)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil
	}
	if err != nil {
		return h, fmt.Errorf("store: tree head: %w", err)
	}
	copy(h.Root[:], root)
	h.Time, _ = time.Parse(TimeFormat, t)
	return h, nil
}

// Proof is one ledger entry and its inclusion proof in the tree of a given
// head: what the workstation answers and what a disc carries.
type Proof struct {
	Seq    int64       `json:"seq"`   // the entry's index in the tree
	Leaf   []byte      `json:"leaf"`  // the entry's canonical bytes (a JSON object)
	Hashes []tlog.Hash `json:"proof"` // tlog.RecordProof for Seq in the tree of the head
}

// Check verifies p against the tree head of size and root.
func (p Proof) Check(size int64, root tlog.Hash) error {
	if err := tlog.CheckRecord(tlog.RecordProof(p.Hashes), size, root, p.Seq, tlog.RecordHash(p.Leaf)); err != nil {
		return fmt.Errorf("ledger entry %d: %w", p.Seq, err)
	}
	return nil
}

// Prove returns inclusion proofs of the entries seqs in the tree of size head.
func Prove(ctx context.Context, db *sql.DB, head int64, seqs []int64) ([]Proof, error) {
	r := HashReader(ctx, db)
	var out []Proof
	for _, seq := range seqs {
		rows, err := db.QueryContext(ctx, `SELECT seq, time, actor, action, subject, details FROM ledger WHERE seq = ?`, seq)
		if err != nil {
			return nil, fmt.Errorf("store: prove %d: %w", seq, err)
		}
		if !rows.Next() {
			rows.Close()
			return nil, fmt.Errorf("store: prove %d: no such entry", seq)
		}
		e, err := Scan(rows)
		rows.Close()
		if err != nil {
			return nil, err
		}
		p, err := tlog.ProveRecord(head, seq, r)
		if err != nil {
			return nil, fmt.Errorf("store: prove %d in %d: %w", seq, head, err)
		}
		out = append(out, Proof{Seq: seq, Leaf: e.Leaf(), Hashes: p})
	}
	return out, nil
}

// TimeText writes an instant into ledger details: UTC, to the
// millisecond, as the tables keep it.
func TimeText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

package followups

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"evidock/custody"
	"evidock/store"
)

// Follow-up questions (why a recording was interrupted, what activity it
// shows, why it was imported late, why an activity went unrecorded) are
// answered by the officer they belong to: the user whose officer number is
// the item's officer. A supervisor or leader may answer on an officer's
// behalf, only with a reason (Session.OnBehalf); the ledger then names both
// who answered and for whom. Anyone else is refused, and the refusal is a
// ledger entry. Before the data folder has users, the workstation answers
// As it docks.

// Kinds of answer kept in the answers table.
const (
	AnswerGap        = "gap"         // an interruption's explanation (Art. 11)
	AnswerCategory   = "category"    // a recording's activity type (Art. 6)
	AnswerLateReason = "late_reason" // why a recording was imported late (Art. 13)
)

// Answer is one answer given to a follow-up question. A later answer to the
// same question amends it; every one is kept.
type Answer struct {
	Kind         string    `json:"kind"`           // AnswerGap, AnswerCategory or AnswerLateReason
	Value        string    `json:"value"`          // the reason or category key, or the late reason
	Text         string    `json:"text,omitempty"` // a gap's description
	Stated       bool      `json:"stated_on_recording,omitempty"`
	By           string    `json:"by"`          // who answered, as the ledger names them
	For          string    `json:"for_officer"` // whose item it is
	OnBehalf     bool      `json:"on_behalf,omitempty"`
	BehalfReason string    `json:"behalf_reason,omitempty"`
	At           time.Time `json:"at"`
	Seq          int64     `json:"ledger_seq"`
}

// answerFor decides whether the session may answer, for officer, a question
// of action about subject. It returns what the ledger entry says about who
// answered for whom, or the refusal (a ledger entry too).
func answerFor(ctx context.Context, sess *store.Session, action store.Action, subject, officer string) (answering, error) {
	if err := sess.Check(ctx, action, subject); err != nil {
		return answering{}, err
	}
	a := answering{For: officer}
	if sess.Actor().Has(store.RoleWorkstation) || sess.Actor().SettingUp() {
		has, err := sess.Store().HasUsers(ctx)
		if err != nil {
			return a, err
		}
		if !has {
			return a, nil
		}
	}
	if own := custody.OfficerNumber(ctx, sess); own != "" && own == officer && sess.Actor().Has(store.RoleOfficer) {
		return a, nil
	}
	who := officer
	if who == "" {
		who = "(unknown)"
	}
	if sess.Actor().Has(store.RoleSupervisor, store.RoleLeader) {
		if sess.Behalf() == "" {
			return a, sess.Refuse(ctx, action, subject, fmt.Sprintf("this is officer %s's to answer; a supervisor or leader answers for them only on their behalf, with a reason (--on-behalf)", who))
		}
		a.OnBehalf, a.Reason = true, sess.Behalf()
		return a, nil
	}
	return a, sess.Refuse(ctx, action, subject, fmt.Sprintf("only officer %s answers this (or a supervisor or leader on their behalf)", who))
}

// answering is who answers for whom.
type answering struct {
	For      string
	OnBehalf bool
	Reason   string
}

// details adds who answered for whom to a ledger entry's details.
func (a answering) details(d map[string]any) map[string]any {
	d["for_officer"] = a.For
	if a.OnBehalf {
		d["on_behalf"], d["behalf_reason"] = true, a.Reason
	}
	return d
}

// keepAnswer writes an answer into the answers table, inside tx.
func keepAnswer(ctx context.Context, sess *store.Session, tx *sql.Tx, kind, ref string, a answering, ans Answer, seq int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO answers(kind, ref, officer, value, text, stated, by, on_behalf, behalf_reason, at, ledger_seq)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, kind, ref, a.For, ans.Value, ans.Text, ans.Stated, sess.Actor().LedgerName(),
		a.OnBehalf, a.Reason, store.UnixMS(sess.Store().Now()), seq)
	return err
}

// previousAnswer is the ledger entry of the latest answer to (kind, ref), 0
// when there is none: a new answer amends it.
func previousAnswer(ctx context.Context, tx *sql.Tx, kind, ref string) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(ledger_seq), 0) FROM answers WHERE kind = ? AND ref = ?`, kind, ref).Scan(&seq)
	return seq, err
}

// answers reads the answers to questions of kind about refs, oldest first,
// by ref.
func answers(ctx context.Context, s *store.Store, kind string, refs []string) (map[string][]Answer, error) {
	out := map[string][]Answer{}
	if len(refs) == 0 {
		return out, nil
	}
	args := []any{kind}
	for _, r := range refs {
		args = append(args, r)
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT ref, officer, value, text, stated, by, on_behalf, behalf_reason, at, ledger_seq
		FROM answers WHERE kind = ? AND ref IN (`+store.Placeholders(len(refs))+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var a Answer
		var at int64
		if err := rows.Scan(&ref, &a.For, &a.Value, &a.Text, &a.Stated, &a.By, &a.OnBehalf, &a.BehalfReason, &at, &a.Seq); err != nil {
			return nil, fmt.Errorf("store: answers: %w", err)
		}
		a.At, a.Kind = store.FromMS(at), kind
		out[ref] = append(out[ref], a)
	}
	return out, rows.Err()
}

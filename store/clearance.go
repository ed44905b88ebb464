package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Classification is a recording's secrecy level (Art. 19).
type Classification string

// The levels, from open to secret.
const (
	Normal     Classification = "normal"     // 普通
	Privacy    Classification = "privacy"    // 个人隐私
	Commercial Classification = "commercial" // 商业秘密
	State      Classification = "state"      // 国家秘密
)

// Classifications lists the levels from open to secret.
var Classifications = []Classification{Normal, Privacy, Commercial, State}

// Classified reports whether c is anything but Normal. Viewing a classified
// recording needs a leader's approval; the legal office's is not enough.
func (c Classification) Classified() bool { return c != Normal }

// Clearance: which recordings a role finds in search. A user with several
// roles sees the union.
//
//   - leader (主管领导), the workstation and the service account (which
//     docks and must see what it docked): every recording;
//   - custodian (保管人) and legal office (法制办): normal, privacy and commercial,
//     not state secrets;
//   - officer (执法人员): their own recordings (recordings.officer_id is the
//     officer number linked to the user) that are normal or privacy;
//   - supervisor (督查) and administrator: normal recordings only; classified
//     ones are left out and only their number is reported (hidden counts in
//     [Session.ClassifiedCounts]).
//
// Seeing a recording in search does not let anyone play it: that always
// needs an approved request.
var clearance = map[Role][]Classification{
	RoleLeader:      Classifications,
	RoleWorkstation: Classifications,
	RoleService:     Classifications,
	RoleCustodian:   {Normal, Privacy, Commercial},
	RoleLegal:       {Normal, Privacy, Commercial},
	RoleSupervisor:  {Normal},
	RoleAdmin:       {Normal},
}

// officerClearance is what officers see of their own recordings.
var officerClearance = []Classification{Normal, Privacy}

// Visibility returns the SQL condition (on the recordings table) that
// limits search to what the actor may see, and its arguments. An empty
// condition means everything.
func (sess *Session) Visibility() (string, []any) {
	levels := map[Classification]bool{}
	for _, r := range sess.actor.Roles {
		for _, c := range clearance[r] {
			levels[c] = true
		}
	}
	if len(levels) == len(Classifications) {
		return "", nil
	}
	var or []string
	var args []any
	if len(levels) > 0 {
		var in []string
		for _, c := range Classifications {
			if levels[c] {
				in = append(in, "?")
				args = append(args, string(c))
			}
		}
		or = append(or, `classification IN (`+strings.Join(in, ",")+`)`)
	}
	if sess.actor.Has(RoleOfficer) {
		or = append(or, `(officer_id <> '' AND officer_id = (SELECT officer_id FROM users WHERE name = ?) AND classification IN (?,?))`)
		args = append(args, sess.actor.Name, string(officerClearance[0]), string(officerClearance[1]))
	}
	if len(or) == 0 {
		return "0", nil
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// ClassifiedCounts returns how many recordings there are at each level. It
// is what a supervisor learns of classified recordings: their number, not
// their details. The lookup is a ledger entry.
func (sess *Session) ClassifiedCounts(ctx context.Context) (map[Classification]int, error) {
	if err := sess.Check(ctx, ActRecordingsSearch, ""); err != nil {
		return nil, err
	}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT classification, count(*) FROM recordings GROUP BY classification`)
	if err != nil {
		return nil, fmt.Errorf("store: count classifications: %w", err)
	}
	defer rows.Close()
	out := map[Classification]int{}
	for rows.Next() {
		var c Classification
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("store: count classifications: %w", err)
		}
		out[c] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count classifications: %w", err)
	}
	if _, err := sess.Log(ctx, "recordings.count", "", map[string]any{"counts": out}); err != nil {
		return nil, fmt.Errorf("store: record count: %w", err)
	}
	return out, nil
}

// Classify sets a recording's level, with the reason, as a custodian or
// leader. A level may be raised to any other, but only someone cleared for
// the recording's present level changes it: a custodian may mark a recording
// a state secret, and from then on only a leader changes that.
func (sess *Session) Classify(ctx context.Context, recID string, level Classification, reason string) error {
	subject := recID
	if err := sess.Check(ctx, ActRecordingClassify, subject); err != nil {
		return err
	}
	if !slices.Contains(Classifications, level) {
		return fmt.Errorf("store: classify %s: unknown level %q", recID, level)
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("store: classify %s: a reason is required", recID)
	}
	var refusal string
	err := sess.st.Tx(ctx, func(tx *sql.Tx) error {
		var from Classification
		err := tx.QueryRowContext(ctx, `SELECT classification FROM recordings WHERE id = ?`, recID).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !sess.Cleared(from) {
			refusal = fmt.Sprintf("the recording is %s, beyond the actor's clearance", from)
			return ErrRefused
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recordings SET classification = ? WHERE id = ?`, string(level), recID); err != nil {
			return err
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), "recording.classify", subject,
			map[string]any{"from": from, "to": level, "reason": reason})
		return err
	})
	if refusal != "" {
		return sess.Refuse(ctx, ActRecordingClassify, subject, refusal)
	}
	if err != nil {
		return fmt.Errorf("store: classify %s: %w", recID, err)
	}
	return nil
}

// Cleared reports whether a role of the actor other than the officer's is
// Cleared for level.
func (sess *Session) Cleared(level Classification) bool {
	for _, r := range sess.actor.Roles {
		if slices.Contains(clearance[r], level) {
			return true
		}
	}
	return false
}

// Refuse writes a refusal entry for a permitted action that a rule forbids
// in this case (self-approval, an expired grant, a secret beyond the
// approver's weight) and returns ErrRefused with the reason.
func (sess *Session) Refuse(ctx context.Context, action Action, subject, reason string) error {
	_, err := sess.Log(ctx, "refused", subject, map[string]any{
		"attempted": action, "roles": sess.actor.Roles, "reason": reason})
	if err != nil {
		return fmt.Errorf("store: %s: record refusal: %w", action, err)
	}
	return fmt.Errorf("store: %s by %s: %s: %w", action, sess.actor.Name, reason, ErrRefused)
}

package followups

import (
	"context"
	"fmt"

	"evidock/custody"
	"evidock/store"
)

// WaitingFor counts what awaits the actor's own decision, for the badge on
// the window's 审批 tab: the same rules Decide, DecidePurge, AckNotRecorded
// and DecideViolation apply, so a count never offers what would be refused.
type Waiting struct {
	// Requests are viewing and extraction requests pending, not the
	// actor's own; for the legal office, none with a classified recording
	// (only a leader approves those, Art. 19).
	Requests int `json:"requests"`
	// Purges are purge requests pending a leader, not the actor's own.
	Purges int `json:"purges"`
	// NotRecorded are work records (Art. 7) awaiting the leader's
	// acknowledgement.
	NotRecorded int `json:"not_recorded"`
	// Violations are opened cases of the violation register awaiting a
	// leader's decision (Art. 21).
	Violations int `json:"violations"`
}

// Total is everything that waits.
func (w Waiting) Total() int { return w.Requests + w.Purges + w.NotRecorded + w.Violations }

// WaitingFor counts what awaits the actor's decision. It is not a ledger
// entry: the window asks it whenever something may have changed.
func WaitingFor(ctx context.Context, sess *store.Session) (Waiting, error) {
	var w Waiting
	me := sess.Actor().Name
	count := func(n *int, q string, args ...any) error {
		if err := sess.Store().DB().QueryRowContext(ctx, q, args...).Scan(n); err != nil {
			return fmt.Errorf("store: waiting: %w", err)
		}
		return nil
	}
	if sess.May(store.ActRequestDecide) {
		q := `SELECT count(*) FROM requests r WHERE status = 'pending' AND requester != ?`
		if !sess.Actor().Has(store.RoleLeader) {
			q += ` AND NOT EXISTS (SELECT 1 FROM request_recordings rr JOIN recordings c ON c.id = rr.recording_id
				WHERE rr.request_id = r.id AND c.classification != ?)`
			if err := count(&w.Requests, q, me, string(store.Normal)); err != nil {
				return w, err
			}
		} else if err := count(&w.Requests, q, me); err != nil {
			return w, err
		}
	}
	if sess.May(store.ActPurgeDecide) {
		if err := count(&w.Purges, `SELECT count(*) FROM purge_requests WHERE status = 'pending' AND requester != ?`, me); err != nil {
			return w, err
		}
	}
	if sess.May(store.ActNotrecordedAck) {
		if err := count(&w.NotRecorded, `SELECT count(*) FROM not_recorded WHERE ack_at = 0`); err != nil {
			return w, err
		}
	}
	if sess.May(store.ActViolationDecide) {
		if err := count(&w.Violations, `SELECT count(*) FROM violations WHERE status = ?`, custody.ViolationOpen); err != nil {
			return w, err
		}
	}
	return w, nil
}

package safekeeping

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"evidock/access"
	"evidock/store"
)

// exportState is what the ledger says of one export: how its attempt ended
// and whether its hold on its recordings was released.
type exportState struct {
	status   access.ExportStatus
	released bool
}

// exportActions are the entries that end an export or release its hold.
var exportActions = map[string]access.ExportStatus{"export.complete": access.ExportComplete, "export.failed": access.ExportFailed}

// applyExport replays an export entry into ls.
func (ls *ledgerState) applyExport(action, subject string) {
	id, err := strconv.ParseInt(strings.TrimPrefix(subject, "export:"), 10, 64)
	if err != nil {
		return
	}
	e := ls.exports[id]
	if e == nil {
		e = &exportState{}
		ls.exports[id] = e
	}
	if s, ok := exportActions[action]; ok {
		e.status = s
	}
	if action == "export.release" {
		e.released = true
	}
}

// verifyExportState compares each ended export with the ledger: a completed
// export holds its recordings until released (Art. 14), so a status or a
// Release changed in the table would change what may be purged.
func verifyExportState(ctx context.Context, st *store.Store, ls *ledgerState, differ func(string, string, any, any)) error {
	rows, err := st.DB().QueryContext(ctx, `SELECT id, status, released_at != 0 FROM exports WHERE status != ?`, string(access.ExportRunning))
	if err != nil {
		return fmt.Errorf("store: verify exports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var status access.ExportStatus
		var released bool
		if err := rows.Scan(&id, &status, &released); err != nil {
			return fmt.Errorf("store: verify exports: %w", err)
		}
		want := ls.exports[id]
		if want == nil {
			want = &exportState{}
		}
		ref := "export " + strconv.FormatInt(id, 10)
		if status != want.status {
			differ(ref, "status", string(status), string(want.status))
		}
		if released != want.released {
			differ(ref, "released (its hold on its recordings)", released, want.released)
		}
	}
	return rows.Err()
}

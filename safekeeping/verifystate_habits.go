package safekeeping

import (
	"context"
	"fmt"

	"evidock/store"
)

// verifyHabitState compares each recorder's learned MP4 time habit with the
// ledger's device.time_habit entries: the habit decides how its clips are
// timed, so one changed in the table would move recordings in time.
func verifyHabitState(ctx context.Context, st *store.Store, ls *ledgerState, differ func(string, string, any, any)) error {
	rows, err := st.DB().QueryContext(ctx, `SELECT serial, habit FROM device_time_habits`)
	if err != nil {
		return fmt.Errorf("store: verify time habits: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var serial, habit string
		if err := rows.Scan(&serial, &habit); err != nil {
			return fmt.Errorf("store: verify time habits: %w", err)
		}
		seen[serial] = true
		if want := ls.habits[serial]; habit != want {
			differ("recorder "+serial, "the MP4 time habit", habit, want)
		}
	}
	for serial, want := range ls.habits {
		if !seen[serial] {
			differ("recorder "+serial, "the MP4 time habit", "", want)
		}
	}
	return rows.Err()
}

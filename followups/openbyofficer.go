package followups

import (
	"context"
	"fmt"

	"evidock/store"
)

// OpenByOfficer counts the open items matching f (its Officer and Kind
// ignored) per officer number: for each officer, the number of items
// OpenItems lists for the same filter with that officer. Items that name no
// officer (an unregistered recorder, an integrity problem outside any
// recording) are counted under "".
func OpenByOfficer(ctx context.Context, s *store.Store, f OpenItemFilter) (map[string]int, error) {
	f.Officer, f.Kind, f.perOfficer = "", "", true
	out := map[string]int{}
	for _, k := range ItemKinds {
		if k == ItemIntegrity {
			items, _, err := integrityItems(ctx, s, f)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				out[it.Officer]++
			}
			continue
		}
		q, args, err := itemQuery(s, k, f)
		if err != nil {
			return nil, err
		}
		// The list query's columns are ref, officer, device, day, time, detail.
		q = `WITH items(ref, officer, device, day, at, detail) AS (` + q + `)
			SELECT coalesce(officer, ''), count(*) FROM items GROUP BY 1`
		if err := countRows(ctx, s, q, args, out); err != nil {
			return nil, fmt.Errorf("store: open items %s by officer: %w", k, err)
		}
	}
	return out, nil
}

// countRows adds the (officer, count) rows of q to out.
func countRows(ctx context.Context, s *store.Store, q string, args []any, out map[string]int) error {
	rows, err := s.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return err
		}
		out[o] += n
	}
	return rows.Err()
}

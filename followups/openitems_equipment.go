package followups

import (
	"fmt"

	"evidock/custody"
	"evidock/store"
)

func init() {
	// The equipment's open items follow the others on every list.
	ItemKinds = append(ItemKinds, custody.ItemClock, custody.ItemPreUse)
}

// EquipmentItemQuery is what itemQuery needs for the equipment's open
// items: the columns (those of itemQuery), the table, the column of the
// item's time (unix ms) for a period, and the conditions with their
// arguments.
func EquipmentItemQuery(kind string, f OpenItemFilter) (sel, from, timeCol string, where []string, args []any, err error) {
	switch kind {
	case custody.ItemClock:
		sel = `'clock:' || i.device_id, i.officer_id, i.device_id, '', i.started_at, printf('%+d s', i.clock_offset_ms / 1000)`
		from, timeCol = `imports i`, "i.started_at"
		where, args = []string{custody.ClockOpen}, []any{custody.ClockLimit.Milliseconds()}
		if f.Officer != "" {
			where, args = append(where, "i.officer_id = ?"), append(args, f.Officer)
		}
	case custody.ItemPreUse:
		sel = `'preuse:' || p.id, p.officer_id, p.device_id, '', p.at, replace(replace(replace(p.problems, '[', ''), ']', ''), '"', '')`
		from, timeCol = `preuse_checks p`, "p.at"
		where = []string{"p.problems <> '[]' AND p.ack_at = 0"}
		if f.Officer != "" {
			where, args = append(where, "p.officer_id = ?"), append(args, f.Officer)
		}
	default:
		err = fmt.Errorf("store: open item kind %q: %w", kind, store.ErrInvalid)
	}
	return sel, from, timeCol, where, args, err
}

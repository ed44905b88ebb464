package records_test

import (
	"strings"
	"testing"

	"evidock/internal/storetest"
	"evidock/records"
)

// Every recording fetched asks about gaps before it and its tombstone; those
// lookups must use an index, or a page of the library scans whole tables
// once per row.
func TestRecordingLookupsUseIndexes(t *testing.T) {
	st := storetest.Open(t)
	f := records.RecordingFilter{Flag: records.FlagUnexplainedGap}
	cond, args := f.Where()
	rows, err := st.DB().Query(`EXPLAIN QUERY PLAN SELECT `+records.RecordingColumns+` FROM recordings WHERE `+cond, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	for _, step := range plan {
		onGaps := strings.HasPrefix(step, "SEARCH g ") || strings.HasPrefix(step, "SCAN g")
		onTombs := strings.HasPrefix(step, "SEARCH t ") || strings.HasPrefix(step, "SCAN t")
		if (onGaps && !strings.Contains(step, "(after_rec=?)")) || (onTombs && !strings.Contains(step, "(recording_id=?)")) {
			t.Errorf("a per-recording lookup is not by that recording: %q\nplan:\n%s", step, strings.Join(plan, "\n"))
		}
	}
}

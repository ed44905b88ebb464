package records_test

import (
	"context"
	"encoding/json"
	"testing"

	"evidock/internal/storetest"
	"evidock/records"
)

// A recorder's MP4 time habit is learned from the majority of a docking's
// clips, kept, applied when a later docking's clips do not tell (no votes
// or a tie), and learned anew when a later majority says otherwise — each
// change one device.time_habit entry.
func TestTimeHabitIsLearnedKeptAndRelearned(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	ws := fx.St.Workstation()
	changes := func() []string {
		t.Helper()
		var out []string
		for _, e := range storetest.EntriesSince(t, fx.St, 0) {
			if e.Action == "device.time_habit" && e.Subject == "CAM9" {
				var d struct {
					From records.TimeHabit `json:"from"`
					To   records.TimeHabit `json:"to"`
				}
				storetest.Must(t, json.Unmarshal(e.Details, &d))
				out = append(out, string(d.From)+"→"+string(d.To))
			}
		}
		return out
	}
	steps := []struct {
		name     string
		votes    records.HabitVotes
		fallback records.TimeHabit
		want     records.TimeHabit
		known    records.TimeHabit
		changes  int
	}{
		{"nothing known, no votes: the fallback", records.HabitVotes{}, records.HabitUTC, records.HabitUTC, "", 0},
		{"a majority for local wall time is learned", records.HabitVotes{UTC: 1, Local: 3}, records.HabitUTC, records.HabitLocal, records.HabitLocal, 1},
		{"a tie keeps what was learned", records.HabitVotes{UTC: 2, Local: 2}, records.HabitUTC, records.HabitLocal, records.HabitLocal, 1},
		{"no votes keep what was learned", records.HabitVotes{}, records.HabitUTC, records.HabitLocal, records.HabitLocal, 1},
		{"the same majority again changes nothing", records.HabitVotes{Local: 5}, records.HabitUTC, records.HabitLocal, records.HabitLocal, 1},
		{"a new majority is learned anew", records.HabitVotes{UTC: 4, Local: 1}, records.HabitLocal, records.HabitUTC, records.HabitUTC, 2},
	}
	for _, s := range steps {
		got, err := records.LearnTimeHabit(ctx, ws, "CAM9", s.votes, s.fallback)
		storetest.Must(t, err)
		known, err := records.KnownHabit(ctx, fx.St, "CAM9")
		storetest.Must(t, err)
		if got != s.want || known != s.known || len(changes()) != s.changes {
			t.Fatalf("%s: applied %q, stored %q, changes %v; want %q, %q and %d changes", s.name, got, known, changes(), s.want, s.known, s.changes)
		}
	}
	if c := changes(); c[0] != "→local" || c[1] != "local→utc" {
		t.Errorf("the ledger's changes %v", c)
	}
	// Another recorder's habit is its own.
	if h, err := records.KnownHabit(ctx, fx.St, "CAM8"); err != nil || h != "" {
		t.Errorf("CAM8's habit %q, %v", h, err)
	}
}

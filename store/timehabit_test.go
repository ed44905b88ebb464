package store

import (
	"context"
	"encoding/json"
	"testing"
)

// A recorder's MP4 time habit is learned from the majority of a docking's
// clips, kept, applied when a later docking's clips do not tell (no votes
// or a tie), and learned anew when a later majority says otherwise — each
// change one device.time_habit entry.
func TestTimeHabitIsLearnedKeptAndRelearned(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	ws := fx.st.Workstation()
	changes := func() []string {
		t.Helper()
		var out []string
		for _, e := range entriesSince(t, fx.st, 0) {
			if e.Action == "device.time_habit" && e.Subject == "CAM9" {
				var d struct {
					From TimeHabit `json:"from"`
					To   TimeHabit `json:"to"`
				}
				must(t, json.Unmarshal(e.Details, &d))
				out = append(out, string(d.From)+"→"+string(d.To))
			}
		}
		return out
	}
	steps := []struct {
		name     string
		votes    HabitVotes
		fallback TimeHabit
		want     TimeHabit
		known    TimeHabit
		changes  int
	}{
		{"nothing known, no votes: the fallback", HabitVotes{}, HabitUTC, HabitUTC, "", 0},
		{"a majority for local wall time is learned", HabitVotes{UTC: 1, Local: 3}, HabitUTC, HabitLocal, HabitLocal, 1},
		{"a tie keeps what was learned", HabitVotes{UTC: 2, Local: 2}, HabitUTC, HabitLocal, HabitLocal, 1},
		{"no votes keep what was learned", HabitVotes{}, HabitUTC, HabitLocal, HabitLocal, 1},
		{"the same majority again changes nothing", HabitVotes{Local: 5}, HabitUTC, HabitLocal, HabitLocal, 1},
		{"a new majority is learned anew", HabitVotes{UTC: 4, Local: 1}, HabitLocal, HabitUTC, HabitUTC, 2},
	}
	for _, s := range steps {
		got, err := ws.LearnTimeHabit(ctx, "CAM9", s.votes, s.fallback)
		must(t, err)
		known, err := fx.st.TimeHabit(ctx, "CAM9")
		must(t, err)
		if got != s.want || known != s.known || len(changes()) != s.changes {
			t.Fatalf("%s: applied %q, stored %q, changes %v; want %q, %q and %d changes", s.name, got, known, changes(), s.want, s.known, s.changes)
		}
	}
	if c := changes(); c[0] != "→local" || c[1] != "local→utc" {
		t.Errorf("the ledger's changes %v", c)
	}
	// Another recorder's habit is its own.
	if h, err := fx.st.TimeHabit(ctx, "CAM8"); err != nil || h != "" {
		t.Errorf("CAM8's habit %q, %v", h, err)
	}
}

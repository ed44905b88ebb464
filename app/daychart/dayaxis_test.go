package daychart

import (
	"math"
	"testing"
	"time"

	"evidock/app/shell"
)

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 0.01 }

// The day's axis in the zones without summer time the suite runs under
// (TZ=UTC and TZ=Asia/Shanghai both reach time.Local), and in fixed ones.
func TestDayAxisMapsTimesToX(t *testing.T) {
	for _, loc := range []*time.Location{time.Local, time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("-0330", -(3*3600 + 1800))} {
		start, end, ok := DayBounds("2025-03-05", loc)
		if !ok || end.Sub(start) != 24*time.Hour || start.Hour() != 0 || start.In(loc).Day() != 5 {
			t.Fatalf("%s: day %v – %v", loc, start, end)
		}
		at := func(h, m int) time.Time { return time.Date(2025, 3, 5, h, m, 0, 0, loc) }
		const w = 960
		for _, c := range []struct {
			what string
			t    time.Time
			x    float32
		}{
			{"midnight", at(0, 0), 0},
			{"06:00", at(6, 0), 240},
			{"noon", at(12, 0), 480},
			{"18:30", at(18, 30), 740},
			{"the next midnight", at(24, 0), w},
			{"after the day: clamped", at(26, 0), w},
			{"before the day: clamped", at(-1, 0), 0},
			{"the same instant in another zone", at(12, 0).UTC(), 480},
		} {
			if x := dayX(start, end, c.t, w); !near(x, c.x) {
				t.Errorf("%s %s: x %v, want %v", loc, c.what, x, c.x)
			}
		}
		for _, c := range []struct {
			what     string
			from, to time.Time
			x0, x1   float32
		}{
			{"the whole day", at(0, 0), at(24, 0), 0, w},
			{"08:00–09:00", at(8, 0), at(9, 0), 320, 360},
			{"crossing midnight: clipped at 24:00", at(23, 0), at(25, 0), 920, w},
			{"zero length: still minW wide", at(12, 0), at(12, 0), 478, 482},
			{"zero length at midnight: inside the axis", at(0, 0), at(0, 0), 0, 4},
			{"zero length at 24:00: inside the axis", at(24, 0), at(24, 0), w - 4, w},
			{"wholly after the day: at the end", at(25, 0), at(26, 0), w - 4, w},
			{"reversed", at(9, 0), at(8, 0), 320, 360},
		} {
			x0, x1 := spanX(start, end, c.from, c.to, w, 4)
			if !near(x0, c.x0) || !near(x1, c.x1) {
				t.Errorf("%s %s: %v–%v, want %v–%v", loc, c.what, x0, x1, c.x0, c.x1)
			}
		}
		ticks := hourTicks(start, end)
		if len(ticks) != 25 || !ticks[0].Equal(start) || !ticks[24].Equal(end) || ticks[13].In(loc).Hour() != 13 {
			t.Errorf("%s: %d ticks %v … %v", loc, len(ticks), ticks[0], ticks[len(ticks)-1])
		}
	}
	if _, _, ok := DayBounds("5.3.2025", time.Local); ok {
		t.Error("a day that is not YYYY-MM-DD was read")
	}
}

func TestDayAxisLabelsAndTaps(t *testing.T) {
	for _, c := range []struct {
		width, labelW float32
		want          int
	}{{960, 30, 1}, {600, 30, 2}, {300, 30, 3}, {200, 30, 6}, {100, 30, 12}, {0, 30, 12}} {
		if got := labelEvery(c.width, c.labelW, 24); got != c.want {
			t.Errorf("labels on %v px: every %d h, want %d", c.width, got, c.want)
		}
	}
	bars := [][2]float32{{100, 200}, {200, 260}, {150, 152}}
	for _, c := range []struct {
		x    float32
		want int
	}{{120, 0}, {151, 2}, {230, 1}, {261, 1}, {97, 0}, {300, -1}, {0, -1}} {
		if got := hitBar(bars, c.x, 4); got != c.want {
			t.Errorf("tap at %v: bar %d, want %d", c.x, got, c.want)
		}
	}
}

func TestGroupedBarsAreProportional(t *testing.T) {
	boxes := shell.GroupedBars([][]int{{10, 5}, {0, 20}, {4, 0}}, 300, 200)
	if len(boxes) != 3 {
		t.Fatalf("%d groups", len(boxes))
	}
	for i, want := range [][2]float32{{100, 50}, {0, 200}, {40, 0}} {
		for s := range 2 {
			b := boxes[i][s]
			if !near(b.H, want[s]) || !near(b.Y+b.H, 200) {
				t.Errorf("group %d bar %d: %+v, want height %v on the floor", i, s, b, want[s])
			}
			if b.X < float32(i)*100 || b.X+b.W > float32(i+1)*100 {
				t.Errorf("group %d bar %d: %+v outside its slot", i, s, b)
			}
		}
		if boxes[i][0].X+boxes[i][0].W > boxes[i][1].X {
			t.Errorf("group %d: bars overlap %+v", i, boxes[i])
		}
	}
	if b := shell.GroupedBars([][]int{{0, 0}}, 100, 100); b[0][0].H != 0 || b[0][1].H != 0 {
		t.Errorf("all zero: %+v", b)
	}
	if shell.GroupedBars(nil, 100, 100) != nil {
		t.Error("no groups gave bars")
	}
}

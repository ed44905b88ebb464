package daychart

import "time"

// The pure geometry of the timeline's day (daychart.go): where an instant
// and a span fall on an axis from the day's local midnight to the next, and
// which bar a tap at x hits. Positions are proportional to elapsed time, so
// a day is drawn by its real length (24 h in the zones without summer time
// the suite runs under).

// dayBounds is the local day named YYYY-MM-DD in loc, from its midnight to
// the next; ok is false when day is not a date.
func DayBounds(day string, loc *time.Location) (start, end time.Time, ok bool) {
	t, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	return t, t.AddDate(0, 0, 1), true
}

// dayX is where t falls on an axis of width pixels from start to end,
// clamped to the axis.
func dayX(start, end, t time.Time, width float32) float32 {
	span := end.Sub(start)
	if span <= 0 || width <= 0 {
		return 0
	}
	x := float32(float64(t.Sub(start)) / float64(span) * float64(width))
	return min(max(x, 0), width)
}

// spanX is the bar of the span from–to on the axis: clipped to the day
// (a recording crossing midnight ends at the axis' end) and at least minW
// wide, kept inside the axis, so a zero-length recording, or one past the
// day's end, still shows and can be tapped.
func spanX(start, end, from, to time.Time, width, minW float32) (x0, x1 float32) {
	if to.Before(from) {
		from, to = to, from
	}
	x0, x1 = dayX(start, end, from, width), dayX(start, end, to, width)
	if x1-x0 < minW {
		mid := (x0 + x1) / 2
		x0, x1 = mid-minW/2, mid+minW/2
		if x0 < 0 {
			x0, x1 = 0, min(minW, width)
		}
		if x1 > width {
			x0, x1 = max(width-minW, 0), width
		}
	}
	return x0, x1
}

// hourTicks are the local hours from start to end, both included: 00:00,
// 01:00 … 24:00 on a day without a clock change.
func hourTicks(start, end time.Time) []time.Time {
	var out []time.Time
	for t := start; !t.After(end); t = t.Add(time.Hour) {
		out = append(out, t)
	}
	return out
}

// labelEvery is how many hours apart the tick labels stand so that labels
// of labelW pixels do not touch on an axis of width pixels: 1, 2, 3, 4, 6
// or 12.
func labelEvery(width, labelW float32, hours int) int {
	if hours <= 0 || width <= 0 {
		return 12
	}
	per := width / float32(hours)
	for _, n := range []int{1, 2, 3, 4, 6} {
		if per*float32(n) >= labelW+6 {
			return n
		}
	}
	return 12
}

// hitBar is the bar a tap at x hits: the narrowest holding x (a short
// recording rather than the gap beside it), else the nearest within slop;
// -1 for none.
func hitBar(bars [][2]float32, x, slop float32) int {
	best, bestW := -1, float32(0)
	for i, b := range bars {
		if x >= b[0] && x <= b[1] && (best < 0 || b[1]-b[0] < bestW) {
			best, bestW = i, b[1]-b[0]
		}
	}
	if best >= 0 {
		return best
	}
	bestD := slop
	for i, b := range bars {
		d := max(b[0]-x, x-b[1])
		if d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

package volume

import (
	"os"
	"sort"
	"time"
)

// volState is one volume as seen by one scan.
type volState struct {
	// ev holds Path, Source, FSType, Label and Serial; Kind and Time are set
	// when an Event is made from it.
	ev Event
	// id tells two volumes at the same path apart: a mount ID and device
	// number on Linux, a serial number on Windows. Empty when unknown.
	id string
	// fi is the volume's root folder as last seen, if probed; a different
	// file at the same path (os.SameFile false) is a different volume.
	fi os.FileInfo
}

// same reports whether a and b are the same volume.
func (a volState) same(b volState) bool {
	if a.id != b.id || a.ev.Source != b.ev.Source || a.ev.FSType != b.ev.FSType || a.ev.Serial != b.ev.Serial {
		return false
	}
	if a.fi != nil && b.fi != nil && !os.SameFile(a.fi, b.fi) {
		return false
	}
	return true
}

// snapshot is the set of volumes present at one moment, by Path.
type snapshot map[string]volState

// diff returns the events that turn old into cur: Gone for volumes no longer
// present, Appeared for new ones, and Gone then Appeared for a path whose
// volume was replaced between two scans. Gone events come first; each group
// is sorted by path so that the order is stable.
func diff(old, cur snapshot, now time.Time) []Event {
	var gone, appeared []Event
	for p, o := range old {
		c, ok := cur[p]
		if ok && o.same(c) {
			continue
		}
		gone = append(gone, o.event(Gone, now))
		if ok {
			appeared = append(appeared, c.event(Appeared, now))
		}
	}
	for p, c := range cur {
		if _, ok := old[p]; !ok {
			appeared = append(appeared, c.event(Appeared, now))
		}
	}
	byPath := func(evs []Event) {
		sort.Slice(evs, func(i, j int) bool { return evs[i].Path < evs[j].Path })
	}
	byPath(gone)
	byPath(appeared)
	return append(gone, appeared...)
}

func (v volState) event(k Kind, now time.Time) Event {
	e := v.ev
	e.Kind = k
	e.Time = now
	return e
}

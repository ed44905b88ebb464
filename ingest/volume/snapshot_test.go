package volume

import (
	"reflect"
	"testing"
	"time"
)

func vol(path, src, id string) volState {
	return volState{ev: Event{Path: path, Source: src, FSType: "vfat", Label: "L"}, id: id}
}

func TestDiff(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := vol("/m/A", "/dev/sdb1", "mount 1")
	b := vol("/m/B", "/dev/sdc1", "mount 2")
	a2 := vol("/m/A", "/dev/sdd1", "mount 9") // another recorder on the same folder
	type ke struct {
		Kind Kind
		Path string
		Src  string
	}
	tests := []struct {
		name     string
		old, cur snapshot
		want     []ke
	}{
		{"nothing", snapshot{}, snapshot{}, nil},
		{"start", snapshot{}, snapshot{"/m/B": b, "/m/A": a},
			[]ke{{Appeared, "/m/A", "/dev/sdb1"}, {Appeared, "/m/B", "/dev/sdc1"}}},
		{"unchanged", snapshot{"/m/A": a}, snapshot{"/m/A": a}, nil},
		{"gone", snapshot{"/m/A": a, "/m/B": b}, snapshot{"/m/B": b}, []ke{{Gone, "/m/A", "/dev/sdb1"}}},
		{"replaced between scans", snapshot{"/m/A": a}, snapshot{"/m/A": a2},
			[]ke{{Gone, "/m/A", "/dev/sdb1"}, {Appeared, "/m/A", "/dev/sdd1"}}},
		{"gone before appeared", snapshot{"/m/B": b}, snapshot{"/m/A": a},
			[]ke{{Gone, "/m/B", "/dev/sdc1"}, {Appeared, "/m/A", "/dev/sdb1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []ke
			for _, e := range diff(tt.old, tt.cur, now) {
				if !e.Time.Equal(now) || e.FSType != "vfat" || e.Label != "L" {
					t.Errorf("event %+v lost its details or time", e)
				}
				got = append(got, ke{e.Kind, e.Path, e.Source})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diff = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	if Appeared.String() != "appeared" || Gone.String() != "gone" || Kind(7).String() != "Kind(7)" {
		t.Error("Kind.String")
	}
}

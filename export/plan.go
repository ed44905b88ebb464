package export

import (
	"errors"
	"fmt"
)

// Medium is a kind of writable disc.
type Medium string

// The media evidock burns to.
const (
	CD     Medium = "cd"     // CD-R, 700 MB
	DVD    Medium = "dvd"    // DVD±R, 4.7 GB
	DVDDL  Medium = "dvd-dl" // DVD±R DL, 8.5 GB
	BluRay Medium = "bd"     // BD-R, 25 GB
)

// Capacity returns the medium's nominal capacity in bytes (decimal units, as
// printed on the disc; the real media hold slightly more).
func (m Medium) Capacity() (int64, error) {
	switch m {
	case CD:
		return 700 * 1000 * 1000, nil
	case DVD:
		return 4_700_000_000, nil
	case DVDDL:
		return 8_500_000_000, nil
	case BluRay:
		return 25_000_000_000, nil
	}
	return 0, fmt.Errorf("unknown disc medium %q (want cd, dvd, dvd-dl or bd)", string(m))
}

// Reserve is the room kept free on every disc for the tag files (bagit.txt,
// bag-info.txt, manifests, 说明.pdf, ledger/) and the ISO 9660, Joliet and
// Rock Ridge structures.
const Reserve = 8 << 20

// perItemOverhead is what one recording adds beyond its own sectors:
// directory records in three trees, manifest lines, its ledger proof and its
// rows in the description.
const perItemOverhead = 8 << 10

// sector is the ISO 9660 logical block size; every file takes whole sectors.
const sector = 2048

// discCost is the room an item takes on a disc.
func discCost(it Item) int64 {
	return (it.Size+sector-1)/sector*sector + perItemOverhead
}

// Plan splits items into discs of medium m, keeping their order: each disc
// gets as many of the following items as fit, leaving Reserve free. An item
// too large for one disc is an error naming it.
func Plan(items []Item, m Medium) ([][]Item, error) {
	c, err := m.Capacity()
	if err != nil {
		return nil, err
	}
	return PlanBytes(items, c)
}

// PlanBytes is Plan for a disc of capacity bytes, for media not listed as a
// Medium (and for tests).
func PlanBytes(items []Item, capacity int64) ([][]Item, error) {
	if len(items) == 0 {
		return nil, errors.New("plan discs: no recordings to export")
	}
	room := capacity - Reserve
	if room <= 0 {
		return nil, fmt.Errorf("plan discs: a disc of %d bytes has no room beyond the %d bytes kept for the description and manifests", capacity, Reserve)
	}
	var discs [][]Item
	var cur []Item
	var used int64
	for _, it := range items {
		if it.Size < 0 {
			return nil, fmt.Errorf("plan discs: recording %q has negative size %d", it.Name, it.Size)
		}
		cost := discCost(it)
		if cost > room {
			return nil, fmt.Errorf("plan discs: recording %q (%d bytes) does not fit on one disc of %d bytes", it.Name, it.Size, capacity)
		}
		if used+cost > room {
			discs = append(discs, cur)
			cur, used = nil, 0
		}
		cur = append(cur, it)
		used += cost
	}
	return append(discs, cur), nil
}

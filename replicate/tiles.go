package replicate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// TileHeight is the height of C2SP tlog-tiles tiles: 256 hashes wide.
const TileHeight = 8

// TilePath is the C2SP tlog-tiles path of t below ledger/: tile/<L>/<N>
// with N in 3-digit x-prefixed groups and .p/<W> for a partial tile;
// level -1 is the entry bundle tile/entries/<N>[.p/<W>].
func TilePath(t tlog.Tile) string {
	level := strconv.Itoa(t.L)
	if t.L < 0 {
		level = "entries"
	}
	p := "tile/" + level + "/" + indexPath(t.N)
	if t.W != 1<<TileHeight {
		p += ".p/" + strconv.Itoa(t.W)
	}
	return p
}

// indexPath encodes n as zero-padded 3-digit path elements, all but the
// last prefixed with x: 1234067 → x001/x234/067.
func indexPath(n int64) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n /= 1000; n > 0; n /= 1000 {
		s = fmt.Sprintf("x%03d/", n%1000) + s
	}
	return s
}

// ParseTilePath is the inverse of TilePath.
func ParseTilePath(p string) (tlog.Tile, error) {
	bad := fmt.Errorf("replicate: %q is not a tlog-tiles path", p)
	rest, ok := strings.CutPrefix(p, "tile/")
	if !ok {
		return tlog.Tile{}, bad
	}
	level, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return tlog.Tile{}, bad
	}
	t := tlog.Tile{H: TileHeight, W: 1 << TileHeight}
	if level == "entries" {
		t.L = -1
	} else if l, err := strconv.Atoi(level); err == nil && l >= 0 && l <= 63 && strconv.Itoa(l) == level {
		t.L = l
	} else {
		return tlog.Tile{}, bad
	}
	if i := strings.Index(rest, ".p/"); i >= 0 {
		w, err := strconv.Atoi(rest[i+3:])
		if err != nil || w < 1 || w > 255 || strconv.Itoa(w) != rest[i+3:] {
			return tlog.Tile{}, bad
		}
		t.W, rest = w, rest[:i]
	}
	parts := strings.Split(rest, "/")
	for i, part := range parts {
		last := i == len(parts)-1
		if !last {
			part, ok = strings.CutPrefix(part, "x")
			if !ok {
				return tlog.Tile{}, bad
			}
		}
		if len(part) != 3 || strings.Trim(part, "0123456789") != "" {
			return tlog.Tile{}, bad
		}
		d, _ := strconv.Atoi(part)
		if t.N > (1<<62)/1000 {
			return tlog.Tile{}, bad
		}
		t.N = t.N*1000 + int64(d)
	}
	if len(parts) > 1 && parts[0] == "x000" {
		return tlog.Tile{}, bad // no leading zero groups
	}
	return t, nil
}

// EntryBundle encodes leaves as a C2SP entry bundle: each entry a big-endian
// uint16 length and its bytes.
func EntryBundle(leaves [][]byte) ([]byte, error) {
	var b bytes.Buffer
	for i, l := range leaves {
		if len(l) > 0xffff {
			return nil, fmt.Errorf("replicate: entry %d of the bundle is %d bytes, more than an entry bundle holds (65535)", i, len(l))
		}
		var n [2]byte
		binary.BigEndian.PutUint16(n[:], uint16(len(l)))
		b.Write(n[:])
		b.Write(l)
	}
	return b.Bytes(), nil
}

// ParseEntryBundle decodes an entry bundle.
func ParseEntryBundle(b []byte) ([][]byte, error) {
	var out [][]byte
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, errors.New("replicate: entry bundle ends inside a length")
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, fmt.Errorf("replicate: entry bundle: entry %d is cut short", len(out))
		}
		out = append(out, b[2:2+n])
		b = b[2+n:]
	}
	return out, nil
}

// tilesFor lists the hash tiles and entry bundles a tree of size newSize
// adds to one of size oldSize (tlog.NewTiles, and for each level-0 tile its
// bundle, level -1).
func tilesFor(oldSize, newSize int64) []tlog.Tile {
	var out []tlog.Tile
	for _, t := range tlog.NewTiles(TileHeight, oldSize, newSize) {
		out = append(out, t)
		if t.L == 0 {
			e := t
			e.L = -1
			out = append(out, e)
		}
	}
	return out
}

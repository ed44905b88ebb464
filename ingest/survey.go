package ingest

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"evidock/ingest/profile"
)

// Why an entry of a volume is not imported. Every entry is accounted for:
// imported, or listed by name with one of these.
const (
	SkipNotMedia = "not_media"   // a file that is no recording (a text file, a small unknown file)
	SkipOSFile   = "os_file"     // left by an operating system (Thumbs.db, ._x, System Volume Information)
	SkipLink     = "symlink"     // a symbolic link: never followed, its target is imported where it lies on the volume
	SkipSpecial  = "not_regular" // a named pipe, socket or device node
	SkipTooDeep  = "too_deep"    // a folder nested deeper than MaxDepth
)

// MaxDepth is how deep in folders a volume is searched; no recorder nests
// its recordings deeper, and a hostile tree a thousand levels deep must not
// hold up the docking.
const MaxDepth = 32

// OtherMinSize is the size from which a file of unknown type in a media
// folder is imported anyway, as kind "other": a recorder's unknown format
// must not be left behind.
const OtherMinSize = 1 << 20

// KindOther is an imported file of no known media type.
const KindOther = "other"

// Skipped is an entry of a volume that is not imported, and why.
type Skipped struct {
	Path   string `json:"file"`
	Reason string `json:"reason"`
}

// osFolders are folders operating systems put on removable volumes.
var osFolders = map[string]bool{
	"system volume information": true, "$recycle.bin": true, ".trashes": true,
	".spotlight-v100": true, ".fseventsd": true, "lost+found": true, ".temporaryitems": true,
}

// osFiles are files operating systems leave on removable volumes.
var osFiles = map[string]bool{"thumbs.db": true, "desktop.ini": true, ".ds_store": true, "ehthumbs.db": true}

// Survey is everything on a volume: what to import, what not and why, and
// what could not be read.
type Survey struct {
	Files    []File
	Skipped  []Skipped
	Problems []Problem
}

// Survey walks the whole volume without following links and sorts every
// entry. mediaDirs are the folders recordings live in (the device
// profile's, compared without regard to case); in them an unknown file of
// OtherMinSize or more is imported as KindOther. With no mediaDirs the
// whole volume is a media folder. Files are listed largest first.
func (v *VolumeFS) Survey(mediaDirs []string) Survey {
	var s Survey
	inMedia := func(p string) bool { return len(mediaDirs) == 0 || InMediaFolder(p, mediaDirs) }
	var walk func(raw string, depth int)
	walk = func(raw string, depth int) {
		entries, err := v.readDir(raw)
		if err != nil {
			s.Problems = append(s.Problems, Problem{Path: ShowName(raw), Err: fmt.Errorf("cannot read the folder: %w", err)})
			return
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, d := range entries {
			rawPath := joinRaw(raw, d.Name())
			show := ShowName(rawPath)
			lower := strings.ToLower(d.Name())
			mode := d.Type()
			switch {
			case mode&fs.ModeSymlink != 0:
				s.Skipped = append(s.Skipped, Skipped{show, SkipLink})
			case d.IsDir():
				switch {
				case osFolders[lower]:
					s.Skipped = append(s.Skipped, Skipped{show, SkipOSFile})
				case depth >= MaxDepth:
					s.Skipped = append(s.Skipped, Skipped{show, SkipTooDeep})
				default:
					walk(rawPath, depth+1)
				}
			case !mode.IsRegular():
				s.Skipped = append(s.Skipped, Skipped{show, SkipSpecial})
			case osFiles[lower] || strings.HasPrefix(d.Name(), "._"):
				s.Skipped = append(s.Skipped, Skipped{show, SkipOSFile})
			default:
				mod, size, err := entryTime(d)
				if err != nil {
					s.Problems = append(s.Problems, Problem{Path: show, Err: fmt.Errorf("cannot read: %w", err)})
					continue
				}
				kind := profile.Kind(d.Name())
				if kind == "" && size >= OtherMinSize && inMedia(show) {
					kind = KindOther
				}
				if kind == "" {
					s.Skipped = append(s.Skipped, Skipped{show, SkipNotMedia})
					continue
				}
				f := File{Path: show, Size: size, ModTime: mod, Kind: kind}
				if show != rawPath {
					f.Raw = rawPath
				}
				s.Files = append(s.Files, f)
			}
		}
	}
	walk(".", 0)
	sort.SliceStable(s.Files, func(i, j int) bool {
		if s.Files[i].Size != s.Files[j].Size {
			return s.Files[i].Size > s.Files[j].Size
		}
		return s.Files[i].Path < s.Files[j].Path
	})
	return s
}

// InMediaFolder tells whether a file lies in one of the profile's media
// folders: of two copies of one content on a volume, that one is the
// recording.
func InMediaFolder(p string, mediaDirs []string) bool {
	lp := strings.ToLower(path.Clean(p))
	for _, d := range mediaDirs {
		d = strings.ToLower(strings.Trim(d, "/"))
		if d == "." || d == "" || strings.HasPrefix(lp, d+"/") {
			return true
		}
	}
	return false
}

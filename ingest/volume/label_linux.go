//go:build linux

package volume

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// byLabelDir holds udev's symlinks from volume labels to block devices.
const byLabelDir = "/dev/disk/by-label"

// labelOf returns the filesystem label of a block device source from udev's
// /dev/disk/by-label links, or fallback (the mount folder's name) when the
// source is not a labelled device, e.g. tmpfs or a FUSE mount.
func labelOf(source, fallback string) string {
	if !strings.HasPrefix(source, "/dev/") {
		return fallback
	}
	dev, err := filepath.EvalSymlinks(source)
	if err != nil {
		return fallback
	}
	ents, err := os.ReadDir(byLabelDir)
	if err != nil {
		return fallback
	}
	for _, e := range ents {
		target, err := filepath.EvalSymlinks(filepath.Join(byLabelDir, e.Name()))
		if err == nil && target == dev {
			return unescapeUdev(e.Name())
		}
	}
	return fallback
}

// unescapeUdev decodes udev's \xNN escapes in link names ("MY\x20CAM" is
// "MY CAM"). Anything else is kept as it is.
func unescapeUdev(s string) string {
	if !strings.Contains(s, `\x`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

package volume

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Mount is one line of /proc/<pid>/mountinfo (see proc(5)).
type Mount struct {
	// ID is the unique mount ID, ParentID that of the parent mount.
	ID, ParentID int
	// Major and Minor are the st_dev of files on this filesystem.
	Major, Minor int
	// Root is the folder of the filesystem mounted here (not "/" for bind
	// mounts).
	Root string
	// MountPoint is where it is mounted, relative to the process's root.
	MountPoint string
	// Options are the per-mount options, e.g. "rw,nosuid,relatime".
	Options string
	// Optional are the optional fields, e.g. "shared:1", "master:2".
	Optional []string
	// FSType is the filesystem type, "type.subtype" for FUSE (fuse.fusefat).
	FSType string
	// Source is the mount source, e.g. /dev/sdb1, tmpfs, fusefat.
	Source string
	// SuperOptions are the per-superblock options.
	SuperOptions string
}

// maxMountInfoLine bounds one mountinfo line; superblock options can be long.
const maxMountInfoLine = 1 << 20

// ParseMountInfo parses the mountinfo format of the Linux kernel. Octal
// escapes (\040 for a space, \011, \012, \134) in the root, mount point,
// type and source are decoded. Blank lines are skipped; any other malformed
// line is an error naming its line number.
func ParseMountInfo(r io.Reader) ([]Mount, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxMountInfoLine)
	var mounts []Mount
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		m, err := parseMountInfoLine(line)
		if err != nil {
			return mounts, fmt.Errorf("mountinfo line %d: %w", n, err)
		}
		mounts = append(mounts, m)
	}
	if err := sc.Err(); err != nil {
		return mounts, fmt.Errorf("read mountinfo: %w", err)
	}
	return mounts, nil
}

func parseMountInfoLine(line string) (Mount, error) {
	var m Mount
	f := strings.Fields(line)
	if len(f) < 9 {
		return m, fmt.Errorf("want at least 9 fields, got %d", len(f))
	}
	var err error
	if m.ID, err = strconv.Atoi(f[0]); err != nil {
		return m, fmt.Errorf("mount ID: %w", err)
	}
	if m.ParentID, err = strconv.Atoi(f[1]); err != nil {
		return m, fmt.Errorf("parent ID: %w", err)
	}
	maj, min, ok := strings.Cut(f[2], ":")
	if !ok {
		return m, fmt.Errorf("device %q: want major:minor", f[2])
	}
	if m.Major, err = strconv.Atoi(maj); err != nil {
		return m, fmt.Errorf("device major: %w", err)
	}
	if m.Minor, err = strconv.Atoi(min); err != nil {
		return m, fmt.Errorf("device minor: %w", err)
	}
	m.Root = unescapeOctal(f[3])
	m.MountPoint = unescapeOctal(f[4])
	m.Options = f[5]
	sep := -1
	for i := 6; i < len(f); i++ {
		if f[i] == "-" {
			sep = i
			break
		}
		m.Optional = append(m.Optional, f[i])
	}
	if sep < 0 {
		return m, fmt.Errorf("no \"-\" separator")
	}
	rest := f[sep+1:]
	if len(rest) < 2 {
		return m, fmt.Errorf("want type and source after \"-\", got %d fields", len(rest))
	}
	m.FSType = unescapeOctal(rest[0])
	m.Source = unescapeOctal(rest[1])
	if len(rest) > 2 {
		m.SuperOptions = strings.Join(rest[2:], " ")
	}
	return m, nil
}

// unescapeOctal decodes the kernel's \ooo escapes. A backslash not followed
// by three octal digits of value up to 255 is kept as it is.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

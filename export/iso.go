package export

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// BuildISO makes an ISO 9660 image of the bag in bagDir at isoPath, with
// Rock Ridge (full names and times for Linux) and Joliet (names for
// Windows, UTF-16, up to 103 characters) trees, level 3 so recordings may
// exceed 4 GiB. volumeID is sanitised with VolumeID (a case number may be
// passed as is), keeping a secrecy level LabelVolume put in front. isoPath
// is written whole or not at all.
func BuildISO(ctx context.Context, bagDir, isoPath, volumeID string) error {
	level, id := splitLevel(volumeID)
	vol := LabelVolume(level, VolumeID(id, time.Now()))
	tmp, err := os.CreateTemp(filepath.Dir(isoPath), "."+filepath.Base(isoPath)+".partial-")
	if err != nil {
		return fmt.Errorf("build ISO: %w", err)
	}
	tmp.Close()
	_, err = runXorriso(ctx, "-as", "mkisofs",
		"-input-charset", "utf-8", "-iso-level", "3",
		"-r", "-J", "-joliet-long", "-joliet-utf16",
		"-V", vol, "-publisher", "evidock",
		"-o", tmp.Name(), bagDir)
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644) // CreateTemp made it private
	}
	if err == nil {
		err = os.Rename(tmp.Name(), isoPath)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("build ISO %s from %s: %w", isoPath, bagDir, err)
	}
	return nil
}

// Burn writes the image at isoPath to the blank disc in device ("/dev/sr0",
// or "stdio:/path/file" for a file-backed pseudo drive). It does not eject,
// so the disc can be read back (ReadBack, VerifyDisc).
func Burn(ctx context.Context, isoPath, device string) error {
	if _, err := os.Stat(isoPath); err != nil {
		return fmt.Errorf("burn: %w", err)
	}
	if _, err := runXorriso(ctx, "-as", "cdrecord", "-v", "dev="+device, isoPath); err != nil {
		return fmt.Errorf("burn %s to %s: %w", isoPath, device, err)
	}
	return nil
}

// ReadBack reads the first size bytes of the medium in device (the length
// of the image that was burned) and returns their hashes, to be compared
// with ImageHash of the image.
func ReadBack(ctx context.Context, device string, size int64) (Hashes, error) {
	f, err := os.Open(strings.TrimPrefix(device, "stdio:"))
	if err != nil {
		return Hashes{}, fmt.Errorf("read back %s: %w", device, err)
	}
	defer f.Close()
	h, err := copyHashed(ctx, nil, io.LimitReader(f, size), nil)
	if err != nil {
		return Hashes{}, fmt.Errorf("read back %s: %w", device, err)
	}
	if h.Size != size {
		return Hashes{}, fmt.Errorf("read back %s: the medium holds %d bytes, the image %d", device, h.Size, size)
	}
	return h, nil
}

// ImageHash returns the SHA-256, SM3 and size of an image file; this is the
// disc hash recorded in the export's ledger entry.
func ImageHash(isoPath string) (Hashes, error) {
	h, err := hashFile(context.Background(), isoPath)
	if err != nil {
		return Hashes{}, fmt.Errorf("image hash: %w", err)
	}
	return h, nil
}

// BurnAndCheck burns isoPath to device, reads the medium back and compares
// it with the image byte for byte (by hash), then verifies the disc's
// content with VerifyDisc. It returns the image's hashes and the report.
func BurnAndCheck(ctx context.Context, isoPath, device string) (Hashes, Report, error) {
	return burnAndCheck(ctx, isoPath, device, func() {})
}

// burnAndCheck is BurnAndCheck, calling burned between the burn and the
// read-back.
func burnAndCheck(ctx context.Context, isoPath, device string, burned func()) (Hashes, Report, error) {
	img, err := ImageHash(isoPath)
	if err != nil {
		return Hashes{}, Report{}, err
	}
	if err := Burn(ctx, isoPath, device); err != nil {
		return img, Report{}, err
	}
	burned()
	back, err := ReadBack(ctx, device, img.Size)
	if err != nil {
		return img, Report{}, err
	}
	if back != img {
		return img, Report{}, fmt.Errorf("burn %s: the disc in %s reads back with SHA-256 %s, the image has %s", isoPath, device, back.SHA256, img.SHA256)
	}
	rep, err := VerifyDisc(ctx, device)
	return img, rep, err
}

// extent is one contiguous run of a file's data in an image.
type extent struct {
	Index int   // extent number; files over 4 GiB have several
	LBA   int64 // first 2048-byte block
	Size  int64 // bytes
}

var lbaLine = regexp.MustCompile(`^File data lba:\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(.*)$`)

// listExtents asks xorriso for every regular file in the image or drive dev
// and where its data lies, from the Rock Ridge tree or, if joliet, from the
// Joliet tree. Paths are relative to the image root.
func listExtents(ctx context.Context, dev string, joliet bool) (map[string][]extent, error) {
	if !strings.HasPrefix(dev, "stdio:") && !strings.HasPrefix(dev, "/") {
		abs, err := filepath.Abs(dev)
		if err != nil {
			return nil, err
		}
		dev = abs
	}
	args := []string{"-local_charset", "UTF-8"}
	if joliet {
		args = append(args, "-read_fs", "norock")
	}
	args = append(args, "-indev", dev,
		"-find", "/", "-type", "f", "-exec", "report_lba", "--",
		"-find", "/", "-type", "f")
	out, err := runXorriso(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dev, err)
	}
	files := map[string][]extent{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := lbaLine.FindStringSubmatch(line); m != nil {
			name, err := shellUnquote(m[5])
			if err != nil {
				return nil, fmt.Errorf("list %s: %w", dev, err)
			}
			var e extent
			e.Index, _ = strconv.Atoi(m[1])
			e.LBA, _ = strconv.ParseInt(m[2], 10, 64)
			e.Size, _ = strconv.ParseInt(m[4], 10, 64)
			name = strings.TrimPrefix(name, "/")
			files[name] = append(files[name], e)
			continue
		}
		if strings.HasPrefix(line, "'") {
			name, err := shellUnquote(line)
			if err != nil {
				return nil, fmt.Errorf("list %s: %w", dev, err)
			}
			name = strings.TrimPrefix(name, "/")
			if _, ok := files[name]; !ok {
				files[name] = nil // a file without data blocks
			}
		}
	}
	for _, ext := range files {
		sort.Slice(ext, func(i, j int) bool { return ext[i].Index < ext[j].Index })
	}
	return files, sc.Err()
}

// shellUnquote undoes xorriso's quoting of paths: 'text' with embedded
// single quotes written as '"'"'.
func shellUnquote(s string) (string, error) {
	var b strings.Builder
	for len(s) > 0 {
		q := s[0]
		if q != '\'' && q != '"' {
			return "", fmt.Errorf("cannot read quoted path %q", s)
		}
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return "", fmt.Errorf("unterminated quoted path %q", s)
		}
		b.WriteString(s[1 : end+1])
		s = s[end+2:]
	}
	return b.String(), nil
}

// runXorriso runs xorriso with args and returns its standard output; on
// failure the error carries the end of its messages.
func runXorriso(ctx context.Context, args ...string) ([]byte, error) {
	bin, err := exec.LookPath("xorriso")
	if err != nil {
		return nil, errors.New("xorriso is not installed (Debian: apt-get install xorriso)")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("xorriso: %w: %s", err, lastLines(stderr.String(), 4))
	}
	return stdout.Bytes(), nil
}

// lastLines returns the last n non-empty lines of s, joined by " / ".
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

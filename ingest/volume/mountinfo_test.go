package volume

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"evidock/internal/mounttest"
)

func TestParseMountInfo(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Mount
	}{
		{
			name: "proc(5) example",
			in:   "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n",
			want: []Mount{{ID: 36, ParentID: 35, Major: 98, Minor: 0, Root: "/mnt1", MountPoint: "/mnt/parent",
				Options: "rw,noatime", Optional: []string{"master:1"}, FSType: "ext3", Source: "/dev/root",
				SuperOptions: "rw,errors=continue"}},
		},
		{
			name: "udisks vfat with space in label",
			in:   "512 30 8:17 / /media/alice/MY\\040CAM rw,nosuid,nodev,relatime shared:274 - vfat /dev/sdb1 rw,fmask=0022,codepage=936,iocharset=utf8\n",
			want: []Mount{{ID: 512, ParentID: 30, Major: 8, Minor: 17, Root: "/", MountPoint: "/media/alice/MY CAM",
				Options: "rw,nosuid,nodev,relatime", Optional: []string{"shared:274"}, FSType: "vfat", Source: "/dev/sdb1",
				SuperOptions: "rw,fmask=0022,codepage=936,iocharset=utf8"}},
		},
		{
			name: "fusefat, no optional fields, Chinese name",
			in:   "41 26 0:38 / /tmp/x/执法\\011记录仪 rw,nosuid,nodev,relatime - fuse.fusefat fusefat rw,user_id=0,group_id=0",
			want: []Mount{{ID: 41, ParentID: 26, Major: 0, Minor: 38, Root: "/", MountPoint: "/tmp/x/执法\t记录仪",
				Options: "rw,nosuid,nodev,relatime", FSType: "fuse.fusefat", Source: "fusefat",
				SuperOptions: "rw,user_id=0,group_id=0"}},
		},
		{
			name: "escaped backslash and newline, several optional fields, blank lines",
			in:   "\n1 0 0:1 /a\\134b /m\\012n rw shared:1 master:2 propagate_from:3 - tmpfs my\\040src rw\n\n",
			want: []Mount{{ID: 1, ParentID: 0, Major: 0, Minor: 1, Root: `/a\b`, MountPoint: "/m\nn",
				Options: "rw", Optional: []string{"shared:1", "master:2", "propagate_from:3"}, FSType: "tmpfs",
				Source: "my src", SuperOptions: "rw"}},
		},
		{
			name: "no super options; invalid escapes kept",
			in:   "2 1 0:2 / /x\\9y\\400\\04 rw - tmpfs none",
			want: []Mount{{ID: 2, ParentID: 1, Major: 0, Minor: 2, Root: "/", MountPoint: `/x\9y\400\04`,
				Options: "rw", FSType: "tmpfs", Source: "none"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMountInfo(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseMountInfoErrors(t *testing.T) {
	for _, in := range []string{
		"36 35 98:0 /mnt1 /mnt/parent rw",                          // too short
		"x 35 98:0 / /m rw - ext4 /dev/sda rw extra",               // bad ID
		"36 y 98:0 / /m rw - ext4 /dev/sda rw extra",               // bad parent
		"36 35 980 / /m rw a b - ext4 /dev/sda rw",                 // no colon
		"36 35 a:0 / /m rw a b - ext4 /dev/sda rw",                 // bad major
		"36 35 8:b / /m rw a b - ext4 /dev/sda rw",                 // bad minor
		"36 35 8:0 / /m rw a b c d e f",                            // no separator
		"36 35 8:0 / /m rw a b c d -",                              // nothing after separator
		"1 0 0:1 / / rw - tmpfs tmpfs rw\n36 35 8:0 / /m rw a b c", // second line bad
	} {
		ms, err := ParseMountInfo(strings.NewReader(in))
		if err == nil {
			t.Errorf("ParseMountInfo(%q) = %v, want an error", in, ms)
			continue
		}
		if !strings.Contains(err.Error(), "line") {
			t.Errorf("error %q does not name the line", err)
		}
	}
}

func formatMount(m Mount) string {
	f := []string{fmt.Sprint(m.ID), fmt.Sprint(m.ParentID), fmt.Sprintf("%d:%d", m.Major, m.Minor),
		mounttest.EscapeMountInfo(m.Root), mounttest.EscapeMountInfo(m.MountPoint), m.Options}
	f = append(f, m.Optional...)
	f = append(f, "-", mounttest.EscapeMountInfo(m.FSType), mounttest.EscapeMountInfo(m.Source))
	if m.SuperOptions != "" {
		f = append(f, m.SuperOptions)
	}
	return strings.Join(f, " ")
}

func FuzzParseMountInfo(f *testing.F) {
	f.Add("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n")
	f.Add("41 26 0:38 / /tmp/x/REC\\04001 rw,nosuid - fuse.fusefat fusefat rw,user_id=0\n")
	f.Add("1 0 0:1 /a\\134b /m\\012n rw shared:1 master:2 - tmpfs my\\040src rw\n\n2 1 0:2 / /x\\9 rw - t s")
	f.Add("- - - - - - - - - -")
	f.Fuzz(func(t *testing.T, in string) {
		ms, err := ParseMountInfo(strings.NewReader(in))
		if err != nil {
			return
		}
		// What parsed must survive being written the kernel's way and read
		// again.
		var lines []string
		for _, m := range ms {
			if strings.ContainsAny(m.Options+m.SuperOptions+strings.Join(m.Optional, ""), " \t\n") {
				return
			}
			lines = append(lines, formatMount(m))
		}
		again, err := ParseMountInfo(strings.NewReader(strings.Join(lines, "\n")))
		if err != nil {
			t.Fatalf("reparse of %q: %v", lines, err)
		}
		if len(again) != len(ms) {
			t.Fatalf("reparse gave %d mounts, want %d", len(again), len(ms))
		}
		for i := range ms {
			a, b := ms[i], again[i]
			if a.MountPoint != b.MountPoint || a.Root != b.Root || a.Source != b.Source || a.FSType != b.FSType {
				t.Fatalf("round trip changed %#v into %#v", a, b)
			}
		}
	})
}

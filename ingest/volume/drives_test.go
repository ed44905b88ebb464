package volume

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// fakeDrives is a Windows machine for driveCandidates: letters to type and
// volume information (nil info: no medium in the drive).
type fakeDrives struct {
	types map[string]uint32
	infos map[string]*driveInfo
	err   error
}

func (f *fakeDrives) os(sys string) driveOS {
	return driveOS{
		logicalDrives: func() (uint32, error) {
			var mask uint32
			for root := range f.types {
				mask |= 1 << (root[0] - 'A')
			}
			return mask, f.err
		},
		driveType: func(root string) uint32 { return f.types[root] },
		volumeInfo: func(root string) (driveInfo, error) {
			if i := f.infos[root]; i != nil {
				return *i, nil
			}
			return driveInfo{}, errors.New("The device is not ready.")
		},
		systemDrive: sys,
	}
}

func drivePaths(t *testing.T, d driveOS) snapshot {
	t.Helper()
	cands, err := driveCandidates(d)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{}
	for _, c := range cands {
		if c.probe {
			t.Errorf("drive %s would be probed: that opens the drive", c.st.ev.Path)
		}
		s[c.st.ev.Path] = c.st
	}
	return s
}

func TestDriveCandidates(t *testing.T) {
	f := &fakeDrives{
		types: map[string]uint32{
			`C:\`: driveFixed, `D:\`: driveFixed, `E:\`: driveRemovable, `F:\`: driveRemovable,
			`G:\`: driveCDROM, `Z:\`: driveRemote,
		},
		infos: map[string]*driveInfo{
			`C:\`: {Label: "Windows", FSType: "NTFS", Serial: 1},
			`D:\`: {Label: "", FSType: "NTFS", Serial: 0xDEADBEEF},
			`E:\`: {Label: "执法记录仪", FSType: "FAT32", Serial: 0x1A2B3C4D, VolumeName: `\\?\Volume{e}\`},
			// F: is an empty card reader.
			`G:\`: {Label: "DVD", FSType: "UDF"},
			`Z:\`: {Label: "share", FSType: "NTFS"},
		},
	}
	got := drivePaths(t, f.os("c:"))
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	if len(got) != 2 || got[`D:\`].ev.Path == "" || got[`E:\`].ev.Path == "" {
		t.Fatalf("drives = %v, want D: and E:", paths)
	}
	e := got[`E:\`].ev
	want := Event{Path: `E:\`, Source: `\\?\Volume{e}\`, FSType: "FAT32", Label: "执法记录仪", Serial: "1A2B-3C4D"}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("E: = %+v, want %+v", e, want)
	}
	d := got[`D:\`].ev
	if d.Label != "D:" || d.Source != `D:\` || d.Serial != "DEAD-BEEF" {
		t.Errorf("D: = %+v, want label D:, source D:\\, serial DEAD-BEEF", d)
	}
}

func TestDriveDiff(t *testing.T) {
	now := time.Now()
	f := &fakeDrives{types: map[string]uint32{`C:\`: driveFixed, `E:\`: driveRemovable}, infos: map[string]*driveInfo{}}
	var prev snapshot
	step := func(want ...Kind) {
		t.Helper()
		cur := drivePaths(t, f.os("C:"))
		evs := diff(prev, cur, now)
		prev = cur
		var got []Kind
		for _, e := range evs {
			got = append(got, e.Kind)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("events %v, want %v", evs, want)
		}
	}
	step()                                                                 // empty card reader
	f.infos[`E:\`] = &driveInfo{Label: "CAM1", FSType: "exFAT", Serial: 1} // card in
	step(Appeared)
	step()
	f.infos[`E:\`] = &driveInfo{Label: "CAM2", FSType: "exFAT", Serial: 2} // swapped between polls
	step(Gone, Appeared)
	f.infos[`E:\`] = nil // card out
	step(Gone)
	f.types[`F:\`] = driveRemovable // a new USB recorder takes F:
	f.infos[`F:\`] = &driveInfo{Label: "REC", FSType: "FAT32", Serial: 3}
	step(Appeared)
	delete(f.types, `F:\`) // unplugged: letter gone
	step(Gone)
}

func TestDriveListError(t *testing.T) {
	f := &fakeDrives{err: errors.New("boom")}
	if _, err := driveCandidates(f.os("C:")); err == nil {
		t.Fatal("want an error when the drive letters cannot be listed")
	}
}

package volume

import (
	"fmt"
	"strings"
)

// Drive types returned by Windows' GetDriveTypeW, kept here so that the
// drive logic builds and is tested on every OS.
const (
	driveRemovable = 2 // DRIVE_REMOVABLE: USB sticks, SD cards, most recorders
	driveFixed     = 3 // DRIVE_FIXED: internal disks, some USB recorders
	driveRemote    = 4 // DRIVE_REMOTE: network shares
	driveCDROM     = 5 // DRIVE_CDROM
)

// driveInfo is what GetVolumeInformationW and
// GetVolumeNameForVolumeMountPointW tell about a drive.
type driveInfo struct {
	Label      string
	FSType     string // "FAT32", "exFAT", "NTFS"
	Serial     uint32
	VolumeName string // `\\?\Volume{GUID}\`, empty if unknown
}

// driveOS is the part of Windows the drive scan asks.
type driveOS struct {
	// logicalDrives is GetLogicalDrives: bit 0 is A:, bit 25 is Z:.
	logicalDrives func() (uint32, error)
	// driveType is GetDriveTypeW on a root such as `E:\`.
	driveType func(root string) uint32
	// volumeInfo asks about the volume in a drive; it fails for a card
	// reader without a card ("device not ready").
	volumeInfo func(root string) (driveInfo, error)
	// systemDrive is the drive Windows runs from, e.g. "C:".
	systemDrive string
}

// driveCandidates lists the drives that count as volumes: removable drives,
// and fixed drives other than the system drive, that hold a readable volume.
// Nothing here opens a handle on a drive, so safe removal is never blocked.
func driveCandidates(d driveOS) ([]candidate, error) {
	mask, err := d.logicalDrives()
	if err != nil {
		return nil, fmt.Errorf("list drive letters: %w", err)
	}
	var cands []candidate
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		letter := string(rune('A' + i))
		root := letter + `:\`
		switch d.driveType(root) {
		case driveRemovable:
		case driveFixed:
			if strings.EqualFold(letter+":", d.systemDrive) {
				continue
			}
		default:
			continue
		}
		info, err := d.volumeInfo(root)
		if err != nil {
			continue // no medium, or not formatted: not a volume yet
		}
		serial := fmt.Sprintf("%04X-%04X", info.Serial>>16, info.Serial&0xFFFF)
		src := info.VolumeName
		if src == "" {
			src = root
		}
		label := info.Label
		if label == "" {
			label = letter + ":"
		}
		cands = append(cands, candidate{st: volState{
			ev: Event{Path: root, Source: src, FSType: info.FSType, Label: label, Serial: serial},
			id: "serial " + serial,
		}})
	}
	return cands, nil
}

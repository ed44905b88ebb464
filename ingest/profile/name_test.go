package profile

import (
	"testing"
	"time"
)

func TestParseName(t *testing.T) {
	ps := builtins(t)
	shanghai := time.FixedZone("CST", 8*3600)
	at := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, shanghai)
	}
	for _, tc := range []struct {
		profile, name string
		ok            bool
		want          NameInfo
	}{
		{"generic", "DSJ001_012345_20260314083005.MP4", true, NameInfo{Serial: "DSJ001", Officer: "012345", Start: at(2026, 3, 14, 8, 30, 5), HasStart: true}},
		{"generic", "DSJ001_012345_20260314083005_2.MP4", true, NameInfo{Serial: "DSJ001", Officer: "012345", Start: at(2026, 3, 14, 8, 30, 5), HasStart: true, Seq: 2}},
		{"generic", "dsj-1_A7_20261231235959_12.wav", true, NameInfo{Serial: "dsj-1", Officer: "A7", Start: at(2026, 12, 31, 23, 59, 59), HasStart: true, Seq: 12}},
		{"generic", "DSJ001_012345_20240229120000.jpg", true, NameInfo{Serial: "DSJ001", Officer: "012345", Start: at(2024, 2, 29, 12, 0, 0), HasStart: true}},
		{"generic", "DSJ001_012345_20261399083005.MP4", false, NameInfo{}}, // month 13
		{"generic", "DSJ001_012345_20260230083005.MP4", false, NameInfo{}}, // 30 February
		{"generic", "DSJ001_012345_20250229083005.MP4", false, NameInfo{}}, // not a leap year
		{"generic", "DSJ001_012345_20260314243005.MP4", false, NameInfo{}}, // hour 24
		{"generic", "DSJ001_012345_20260314086005.MP4", false, NameInfo{}}, // minute 60
		{"generic", "DSJ001_012345_19700101000000.MP4", false, NameInfo{}}, // before 1980
		{"generic", "DSJ001_012345_20260314083005.txt", false, NameInfo{}},
		{"generic", "DSJ001_012345_20260314083005_.MP4", false, NameInfo{}},
		{"generic", "DSJ001_012345_2026031408300.MP4", false, NameInfo{}},
		{"generic", "录音_ZFY001_071234_20261128094500.WAV", true, NameInfo{Serial: "ZFY001", Officer: "071234", Start: at(2026, 11, 28, 9, 45, 0), HasStart: true}},
		{"generic", "AB_ZFY001_071234_20261128094500.WAV", true, NameInfo{Serial: "ZFY001", Officer: "071234", Start: at(2026, 11, 28, 9, 45, 0), HasStart: true}},
		{"generic", "copy of DSJ001_012345_20260314083005.MP4", true, NameInfo{Serial: "DSJ001", Officer: "012345", Start: at(2026, 3, 14, 8, 30, 5), HasStart: true}},
		{"generic", "DSJ001_012345_20260314083005.MP4.bak", false, NameInfo{}},
		{"generic", "", false, NameInfo{}},
		{"bodycam-100media", "20260314_083000_BC123456_0001.MP4", true, NameInfo{Serial: "BC123456", Start: at(2026, 3, 14, 8, 30, 0), HasStart: true, Seq: 1}},
		{"bodycam-100media", "20260314_083000_BC123456_2.mov", true, NameInfo{Serial: "BC123456", Start: at(2026, 3, 14, 8, 30, 0), HasStart: true, Seq: 2}},
		{"bodycam-100media", "20261399_083000_BC123456_0001.MP4", false, NameInfo{}},
		{"bodycam-100media", "20260314_083000_BC123456.MP4", false, NameInfo{}},
		{"voice-recorder", "20260314-083000.WAV", true, NameInfo{Start: at(2026, 3, 14, 8, 30, 0), HasStart: true}},
		{"voice-recorder", "REC001.WAV", true, NameInfo{Seq: 1}},
		{"voice-recorder", "rec0123.mp3", true, NameInfo{Seq: 123}},
		{"voice-recorder", "20260314-996000.WAV", false, NameInfo{}},
		{"voice-recorder", "REC01.WAV", false, NameInfo{}},
		{"camera-dcf", "IMG_1234.JPG", true, NameInfo{Seq: 1234}},
		{"camera-dcf", "MVI_1235.MOV", true, NameInfo{Seq: 1235}},
		{"camera-dcf", "DSC01234.JPG", true, NameInfo{Seq: 1234}},
		{"camera-dcf", "IMG_12345.JPG", false, NameInfo{}},
		{"camera-dcf", "XIMG_1234.JPG", false, NameInfo{}},
		{"camera-dcf", "备份-IMG_1234.JPG", true, NameInfo{Seq: 1234}},
		{"bodycam-split-folders", "SF01_0001_20260314083000_3.MP4", true, NameInfo{Serial: "SF01", Officer: "0001", Start: at(2026, 3, 14, 8, 30, 0), HasStart: true, Seq: 3}},
	} {
		t.Run(tc.profile+"/"+tc.name, func(t *testing.T) {
			got, ok := byName(t, ps, tc.profile).ParseName(tc.name, shanghai)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.ok, got)
			}
			if got.Serial != tc.want.Serial || got.Officer != tc.want.Officer || got.HasStart != tc.want.HasStart ||
				got.Seq != tc.want.Seq || !got.Start.Equal(tc.want.Start) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			if got.HasStart && got.Start.Location() != shanghai {
				t.Errorf("start in %v, want the given zone", got.Start.Location())
			}
		})
	}
}

func TestParseNameZones(t *testing.T) {
	local := mustParse(t, `{"name":"l","description":"d","markers":["X/"],"recording_dirs":["X"],
		"name_patterns":["(?P<start>[0-9]{14})\\.mp4"]}`)
	// local_time is accepted in old profiles and ignored: names are always
	// the recorder's wall-clock time.
	old := mustParse(t, `{"name":"l","description":"d","markers":["X/"],"recording_dirs":["X"],"local_time":false,
		"name_patterns":["(?P<start>[0-9]{14})\\.mp4"]}`)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	info, ok := local.ParseName("20260705120000.mp4", berlin)
	if !ok || !info.Start.Equal(time.Date(2026, 7, 5, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("local: %v %v", info.Start, ok)
	}
	info, ok = old.ParseName("20260705120000.mp4", berlin)
	if !ok || !info.Start.Equal(time.Date(2026, 7, 5, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("local_time false: %v %v, want the Berlin wall time", info.Start, ok)
	}
	info, ok = local.ParseName("20260705120000.mp4", time.UTC)
	if !ok || !info.Start.Equal(time.Date(2026, 7, 5, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("a recorder registered in UTC: %v %v", info.Start, ok)
	}
	// 02:30 on 29 March 2026 does not exist in Berlin (clocks jump 02:00 → 03:00).
	if info, ok := local.ParseName("20260329023000.mp4", berlin); ok {
		t.Errorf("non-existent local time accepted: %v", info.Start)
	}
	// nil location means time.Local.
	if _, ok := local.ParseName("20260705120000.mp4", nil); !ok {
		t.Error("nil location rejected")
	}
}

func TestParseNameWithoutParse(t *testing.T) {
	// A profile built as a literal compiles its patterns on demand.
	p := Profile{NamePatterns: []string{`(`, `(?P<serial>[A-Z]+)-(?P<seq>[0-9]+)\.mp4`}}
	info, ok := p.ParseName("AB-7.mp4", nil)
	if !ok || info.Serial != "AB" || info.Seq != 7 {
		t.Errorf("got %+v %v", info, ok)
	}
}

func TestParseNameSeqOverflow(t *testing.T) {
	p := mustParse(t, `{"name":"s","description":"d","markers":["X/"],"recording_dirs":["X"],
		"name_patterns":["x(?P<seq>[0-9]+)\\.mp4"]}`)
	if _, ok := p.ParseName("x1234567890123456789012.mp4", nil); ok {
		t.Error("huge seq accepted")
	}
	if info, ok := p.ParseName("x000000042.mp4", nil); !ok || info.Seq != 42 {
		t.Errorf("got %+v %v", info, ok)
	}
}

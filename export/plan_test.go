package export

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func sized(sizes ...int64) []Item {
	items := make([]Item, len(sizes))
	for i, s := range sizes {
		items[i] = Item{Name: fmt.Sprintf("clip%d.mp4", i), Size: s}
	}
	return items
}

func TestPlanBytes(t *testing.T) {
	const mb = 1000 * 1000
	cost := func(s int64) int64 { return discCost(Item{Size: s}) }
	tests := []struct {
		name     string
		items    []Item
		capacity int64
		want     [][]int // item indexes per disc
		wantErr  string
	}{
		{"all on one", sized(1, 2, 3), Reserve + 3*cost(3), [][]int{{0, 1, 2}}, ""},
		{"order kept", sized(60*mb, 10*mb, 50*mb, 10*mb), Reserve + cost(60*mb) + cost(10*mb), [][]int{{0, 1}, {2, 3}}, ""},
		{"exactly full", sized(2048, 2048), Reserve + 2*cost(2048), [][]int{{0, 1}}, ""},
		{"one byte over", sized(2048, 2049), Reserve + 2*cost(2048), [][]int{{0}, {1}}, ""},
		{"too big", sized(1, 100*mb, 1), Reserve + cost(50*mb), nil, `"clip1.mp4"`},
		{"nothing", nil, 700 * mb, nil, "no recordings"},
		{"no room", sized(1), Reserve, nil, "no room"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PlanBytes(tc.items, tc.capacity)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v; want one saying %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var idx [][]int
			for _, disc := range got {
				var d []int
				for _, it := range disc {
					var n int
					fmt.Sscanf(it.Name, "clip%d.mp4", &n)
					d = append(d, n)
				}
				idx = append(idx, d)
			}
			if fmt.Sprint(idx) != fmt.Sprint(tc.want) {
				t.Errorf("discs %v, want %v", idx, tc.want)
			}
		})
	}
}

func TestMediumCapacity(t *testing.T) {
	tests := []struct {
		m    Medium
		want int64
	}{
		{CD, 700_000_000}, {DVD, 4_700_000_000}, {DVDDL, 8_500_000_000}, {BluRay, 25_000_000_000},
	}
	for _, tc := range tests {
		if got, err := tc.m.Capacity(); err != nil || got != tc.want {
			t.Errorf("%s: %d, %v; want %d", tc.m, got, err, tc.want)
		}
	}
	if _, err := Medium("floppy").Capacity(); err == nil {
		t.Error("floppy has a capacity")
	}
	// A 600 MB recording fits a CD, 700 MB does not.
	if _, err := Plan(sized(600_000_000), CD); err != nil {
		t.Error(err)
	}
	if _, err := Plan(sized(700_000_000), CD); err == nil {
		t.Error("a 700 MB recording was planned onto a CD")
	}
	discs, err := Plan(sized(3_000_000_000, 3_000_000_000, 3_000_000_000), DVD)
	if err != nil || len(discs) != 3 {
		t.Errorf("3×3 GB on DVD: %d discs, %v; want 3", len(discs), err)
	}
}

func TestVolumeID(t *testing.T) {
	day := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"JYWL-2026-0012", "JYWL_2026_0012"},
		{"江源文旅罚〔2026〕12号", "2026_12"},
		{"案件", "EVIDENCE_20261130"},
		{"", "EVIDENCE_20261130"},
		{"abc def", "ABC_DEF"},
		{strings.Repeat("A1", 30), strings.Repeat("A1", 16)},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234_-X", "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234"},
	}
	for _, tc := range tests {
		if got := VolumeID(tc.in, day); got != tc.want {
			t.Errorf("VolumeID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := discVolumeID(strings.Repeat("A", 32), 2, 3); got != strings.Repeat("A", 27)+"_2OF3" {
		t.Errorf("discVolumeID = %q", got)
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"张三_20261129_081502_DEV001.mp4", "a b.wav", "录音 (1).amr", "x.jpg", strings.Repeat("长", 99) + ".mp4"} {
		if err := ValidName(ok); err != nil {
			t.Errorf("ValidName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "..", "a/b", `a\b`, "..mp4", "a..b", "a*b", "a?b", "a;1", " a", "a ", "a.", "CON.mp4", "a\tb", "\xff.mp4", strings.Repeat("长", 100) + ".mp4"} {
		if err := ValidName(bad); err == nil {
			t.Errorf("ValidName(%q) accepted it", bad)
		}
	}
}

func TestManifestRoundTrip(t *testing.T) {
	in := map[string]string{"data/张三 1.mp4": "aa", "data/100%.wav": "bb", "data/a\nb": "cc"}
	lines, probs := parseManifest("m", formatManifest(in))
	if len(probs) != 0 || len(lines) != 3 {
		t.Fatalf("lines %v, problems %v", lines, probs)
	}
	for _, l := range lines {
		if in[l.Path] != l.Hash {
			t.Errorf("%q: %q, want %q", l.Path, l.Hash, in[l.Path])
		}
	}
	if _, probs := parseManifest("m", []byte("nohash\n")); len(probs) != 1 {
		t.Errorf("malformed line: problems %v", probs)
	}
}

func TestBagInfoRoundTrip(t *testing.T) {
	in := []infoField{{"Payload-Oxum", "12.3"}, {"External-Description", "第一行\n第二行\r\n第三行"}}
	out := parseBagInfo(formatBagInfo(in))
	if v, _ := infoValue(out, "payload-oxum"); v != "12.3" {
		t.Errorf("Payload-Oxum %q", v)
	}
	if v, _ := infoValue(out, "External-Description"); v != "第一行\n第二行\n第三行" {
		t.Errorf("External-Description %q", v)
	}
}

func TestShellUnquote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`'/data/张三.mp4'`, "/data/张三.mp4"},
		{`'/data/it'"'"'s.mp4'`, "/data/it's.mp4"},
		{`'/a"b'`, `/a"b`},
	}
	for _, tc := range tests {
		if got, err := shellUnquote(tc.in); err != nil || got != tc.want {
			t.Errorf("shellUnquote(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := shellUnquote(`'open`); err == nil {
		t.Error("unterminated quote accepted")
	}
}

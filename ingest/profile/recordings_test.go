package profile

import (
	"slices"
	"testing"
)

func TestKind(t *testing.T) {
	for name, want := range map[string]string{
		"a.MP4": KindVideo, "a.mov": KindVideo, "a.AVI": KindVideo, "a.ts": KindVideo, "a.mkv": KindVideo,
		"a.WAV": KindAudio, "a.mp3": KindAudio, "a.AMR": KindAudio, "a.aac": KindAudio, "a.M4A": KindAudio,
		"a.JPG": KindPhoto, "a.jpeg": KindPhoto, "a.PNG": KindPhoto,
		"a.txt": "", "a.THM": "", "a.LRV": "", "MP4": "", "": "", "a.mp4.part": "", "dir.mp4/x": "",
	} {
		if got := Kind(name); got != want {
			t.Errorf("Kind(%q) = %q, want %q", name, got, want)
		}
		if IsRecording(name) != (want != "") {
			t.Errorf("IsRecording(%q) = %v", name, !(want != ""))
		}
	}
}

func TestRecordings(t *testing.T) {
	fsys := volumeFS(t, map[string]string{
		"DCIM/100MEDIA/b.MP4":       "v",
		"DCIM/100MEDIA/a.mp4":       "v",
		"DCIM/100MEDIA/a.THM":       "thumbnail",
		"DCIM/101MEDIA/deep/c.JPG":  "p",
		"DCIM/x.wav":                "a",
		"Record/r.AMR":              "a",
		"录像/z.ts":                   "v",
		"elsewhere/not-listed.mp4":  "v",
		"DCIM/folder.mp4/inner.txt": "t",
	})
	p := mustParse(t, `{"name": "r", "description": "d", "markers": ["DCIM/"],
		"recording_dirs": ["DCIM/100MEDIA", "dcim", "RECORD/", "录像", "Missing"]}`)
	got, err := p.Recordings(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"DCIM/100MEDIA/a.mp4", "DCIM/100MEDIA/b.MP4", "DCIM/101MEDIA/deep/c.JPG", "DCIM/x.wav", "Record/r.AMR", "录像/z.ts"}
	if !slices.Equal(got, want) {
		t.Errorf("Recordings =\n%q\nwant\n%q", got, want)
	}
	root := mustParse(t, `{"name": "r", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["."]}`)
	all, err := root.Recordings(fsys)
	if err != nil || len(all) != len(want)+1 {
		t.Errorf("root Recordings = %q, %v", all, err)
	}
}

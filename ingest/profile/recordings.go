package profile

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Kinds of recording returned by [Kind].
const (
	KindVideo = "video"
	KindAudio = "audio"
	KindPhoto = "photo"
)

// kinds maps a lower-case extension to its kind of recording.
var kinds = map[string]string{
	".mp4": KindVideo, ".mov": KindVideo, ".avi": KindVideo, ".ts": KindVideo, ".mkv": KindVideo,
	".3gp": KindVideo, ".m4v": KindVideo, ".mts": KindVideo, ".m2ts": KindVideo, ".mpg": KindVideo,
	".mpeg": KindVideo, ".wmv": KindVideo, ".flv": KindVideo, ".vob": KindVideo,
	".wav": KindAudio, ".mp3": KindAudio, ".amr": KindAudio, ".aac": KindAudio, ".m4a": KindAudio,
	".wma": KindAudio, ".ogg": KindAudio, ".opus": KindAudio, ".flac": KindAudio, ".3ga": KindAudio,
	".jpg": KindPhoto, ".jpeg": KindPhoto, ".png": KindPhoto, ".heic": KindPhoto, ".heif": KindPhoto,
	".dng": KindPhoto, ".tif": KindPhoto, ".tiff": KindPhoto, ".bmp": KindPhoto,
}

// Kind returns "video", "audio" or "photo" for a file name whose extension is
// a recording (compared case-insensitively), and "" otherwise.
func Kind(name string) string {
	return kinds[strings.ToLower(path.Ext(name))]
}

// IsRecording reports whether name's extension is that of a recording
// (video such as mp4, mov, avi, ts, mkv, 3gp; audio such as wav, mp3, amr,
// aac, m4a; photos such as jpg, png, heic), in any case.
func IsRecording(name string) bool { return Kind(name) != "" }

// Recordings returns the relative paths, sorted, of every recording (see
// [IsRecording]) under the profile's recording folders on the volume fsys,
// searched recursively. Folders are found case-insensitively; a folder the
// volume does not have is skipped, and a folder reached twice is listed once.
// Any error reading the volume is returned, so that no recording is missed
// silently.
func (p Profile) Recordings(fsys fs.FS) ([]string, error) {
	var names []string
	err := p.walkRecordings(newResolver(fsys), func(name string) bool {
		names = append(names, name)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("recordings of profile %s: %w", p.Name, err)
	}
	sort.Strings(names)
	return names, nil
}

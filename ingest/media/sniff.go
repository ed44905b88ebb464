package media

import (
	"bytes"
	"io"
)

// signatures are the first bytes of the media formats recorders write,
// beyond those Probe reads the metadata of.
var signatures = []struct {
	off   int
	magic []byte
}{
	{0, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}}, // PNG
	{0, []byte("ID3")},                  // MP3 with an ID3 tag
	{0, []byte("#!AMR")},                // AMR
	{0, []byte("OggS")},                 // Ogg (Opus, Vorbis)
	{0, []byte("fLaC")},                 // FLAC
	{0, []byte("FLV")},                  // Flash video
	{0, []byte("GIF8")},                 // GIF
	{0, []byte("BM")},                   // BMP
	{0, []byte("II*\x00")},              // TIFF, DNG (little-endian)
	{0, []byte("MM\x00*")},              // TIFF, DNG (big-endian)
	{0, []byte{0x1a, 0x45, 0xdf, 0xa3}}, // Matroska, WebM
	{0, []byte{0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11}}, // ASF: WMV, WMA
	{0, []byte{0x00, 0x00, 0x01, 0xba}},                         // MPEG program stream
	{4, []byte("ftyp")},                                         // ISO media: MP4, MOV, 3GP, HEIC, M4A
}

// Sniff reports whether the content r of size bytes starts like a media
// file: one of the formats Probe reads, or another that recorders write
// (PNG, MP3, AMR, MPEG-TS, Matroska, Ogg, FLAC, ASF, TIFF…). A file that is
// not is flagged not_media: it may be a placeholder or a damaged copy.
func Sniff(r io.ReaderAt, size int64) bool {
	head := make([]byte, min(size, 4096))
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	if isJPEG(head) || isRIFF(head) || isMP4(head) {
		return true
	}
	for _, s := range signatures {
		if len(head) >= s.off+len(s.magic) && bytes.Equal(head[s.off:s.off+len(s.magic)], s.magic) {
			return true
		}
	}
	// MP3 or AAC without a tag: an MPEG audio frame sync.
	if len(head) >= 2 && head[0] == 0xff && head[1]&0xe0 == 0xe0 {
		return true
	}
	// MPEG transport stream: a sync byte every 188 bytes.
	if len(head) >= 3*188 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47 {
		return true
	}
	return false
}

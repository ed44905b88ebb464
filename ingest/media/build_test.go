package media

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// This file builds the inputs that ffmpeg cannot write: hand-made MP4 boxes
// (64-bit largesize, mvhd version 1), AVI headers with an IDIT date, and
// EXIF segments inserted into a real JPEG made by ffmpeg.

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func be64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// mp4Box returns a box with a 32-bit size.
func mp4Box(typ string, payload ...[]byte) []byte {
	body := bytes.Join(payload, nil)
	return append(append(be32(uint32(8+len(body))), typ...), body...)
}

// mp4LargeBox returns the header of a box with a 64-bit largesize covering
// payloadLen bytes after the 16-byte header.
func mp4LargeBoxHeader(typ string, payloadLen uint64) []byte {
	return append(append(be32(1), typ...), be64(16+payloadLen)...)
}

// mvhdBox returns a full mvhd box of the given version.
func mvhdBox(version byte, created uint64, timescale uint32, duration uint64) []byte {
	var p []byte
	p = append(p, version, 0, 0, 0)
	if version == 1 {
		p = append(p, be64(created)...)
		p = append(p, be64(created)...) // modification time
		p = append(p, be32(timescale)...)
		p = append(p, be64(duration)...)
	} else {
		p = append(p, be32(uint32(created))...)
		p = append(p, be32(uint32(created))...)
		p = append(p, be32(timescale)...)
		p = append(p, be32(uint32(duration))...)
	}
	p = append(p, make([]byte, 80)...) // rate, volume, matrix, next track id
	return mp4Box("mvhd", p)
}

// ftypBox is a plain isom ftyp.
func ftypBox() []byte { return mp4Box("ftyp", []byte("isom"), be32(0x200), []byte("isomiso2mp41")) }

// riffChunk returns a word-aligned RIFF chunk.
func riffChunk(id string, data ...[]byte) []byte {
	body := bytes.Join(data, nil)
	c := append(append([]byte(id), le32(uint32(len(body)))...), body...)
	if len(body)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

// riffList returns a LIST (or RIFF, when id is "RIFF") of the given type.
func riffList(id, typ string, chunks ...[]byte) []byte {
	return riffChunk(id, append([]byte(typ), bytes.Join(chunks, nil)...))
}

// aviWithIDIT builds a small AVI: usPerFrame × frames and an IDIT date.
func aviWithIDIT(usPerFrame, frames uint32, idit string) []byte {
	avih := make([]byte, 56)
	binary.LittleEndian.PutUint32(avih[0:], usPerFrame)
	binary.LittleEndian.PutUint32(avih[16:], frames)
	return riffList("RIFF", "AVI ",
		riffList("LIST", "hdrl", riffChunk("avih", avih), riffChunk("IDIT", []byte(idit))),
		riffList("LIST", "movi", riffChunk("00dc", []byte("not a real frame"))),
		riffChunk("idx1", make([]byte, 16)),
	)
}

// exifTag is one ASCII entry of a hand-made IFD.
type exifTag struct {
	tag uint16
	val string
}

// buildTIFF returns an EXIF TIFF block in byte order "II" or "MM" with the
// given ASCII tags in IFD0 and, when exif is not empty, an Exif IFD.
func buildTIFF(order string, ifd0, exif []exifTag) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	if order == "MM" {
		bo = binary.BigEndian
	}
	n0 := len(ifd0)
	if len(exif) > 0 {
		n0++
	}
	exifOff := 8 + 2 + 12*n0 + 4
	dataOff := exifOff
	if len(exif) > 0 {
		dataOff += 2 + 12*len(exif) + 4
	}
	buf := make([]byte, dataOff)
	copy(buf, order)
	bo.PutUint16(buf[2:], 42)
	bo.PutUint32(buf[4:], 8)
	var data []byte
	writeIFD := func(at int, tags []exifTag, pointer bool) {
		n := len(tags)
		if pointer {
			n++
		}
		bo.PutUint16(buf[at:], uint16(n))
		p := at + 2
		for _, t := range tags {
			v := append([]byte(t.val), 0)
			bo.PutUint16(buf[p:], t.tag)
			bo.PutUint16(buf[p+2:], 2)
			bo.PutUint32(buf[p+4:], uint32(len(v)))
			if len(v) <= 4 {
				copy(buf[p+8:], v)
			} else {
				bo.PutUint32(buf[p+8:], uint32(dataOff+len(data)))
				data = append(data, v...)
				if len(data)%2 == 1 {
					data = append(data, 0)
				}
			}
			p += 12
		}
		if pointer {
			bo.PutUint16(buf[p:], tagExifIFD)
			bo.PutUint16(buf[p+2:], 4)
			bo.PutUint32(buf[p+4:], 1)
			bo.PutUint32(buf[p+8:], uint32(exifOff))
			p += 12
		}
		bo.PutUint32(buf[p:], 0) // no next IFD
	}
	writeIFD(8, ifd0, len(exif) > 0)
	if len(exif) > 0 {
		writeIFD(exifOff, exif, false)
	}
	return append(buf, data...)
}

// withEXIF inserts an APP1 Exif segment holding tiff right after the SOI of
// the JPEG jpg.
func withEXIF(jpg, tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := append([]byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}, seg...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

// readFixture returns a file of testdata.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exifJPEGs returns the hand-made EXIF JPEGs, by name, built on noexif.jpg.
func exifJPEGs(t testing.TB) map[string][]byte {
	base := readFixture(t, "noexif.jpg")
	dto := []exifTag{{tagDateTimeOriginal, "2026:11:29 08:15:02"}}
	full := []exifTag{
		{tagDateTimeOriginal, "2026:11:29 08:15:02"},
		{tagOffsetTimeOrig, "+08:00"},
		{tagSubSecTimeOrig, "25"},
	}
	ifd0 := []exifTag{{0x010F, "Evidock Cam"}, {tagDateTime, "2026:11:30 09:00:00"}}
	return map[string][]byte{
		"exif_ii.jpg":       withEXIF(base, buildTIFF("II", ifd0, dto)),
		"exif_mm.jpg":       withEXIF(base, buildTIFF("MM", ifd0, dto)),
		"exif_datetime.jpg": withEXIF(base, buildTIFF("MM", ifd0, nil)),
		"exif_offset.jpg":   withEXIF(base, buildTIFF("II", ifd0, full)),
		"exif_blank.jpg": withEXIF(base, buildTIFF("II",
			[]exifTag{{tagDateTime, "2026:11:30 09:00:00"}},
			[]exifTag{{tagDateTimeOriginal, "    :  :     :  :  "}})),
	}
}

// builtMP4s returns the hand-made MP4 files, by name.
func builtMP4s() map[string][]byte {
	media := []byte("media data that is never read")
	return map[string][]byte{
		// mdat with a 64-bit largesize, then a version 1 mvhd with a
		// 64-bit creation time and duration.
		"large_v1.mp4": bytes.Join([][]byte{
			ftypBox(),
			mp4LargeBoxHeader("mdat", uint64(len(media))), media,
			mp4Box("moov", mvhdBox(1, 3878784902, 90000, 90000*3600+45000)),
		}, nil),
		// moov first, then an mdat of size 0 running to the end of file.
		"size0.mp4": bytes.Join([][]byte{
			ftypBox(),
			mp4Box("moov", mp4Box("iods", make([]byte, 8)), mvhdBox(0, 3878784902, 600, 1200)),
			be32(0), []byte("mdat"), media,
		}, nil),
		// creation time 0 (unknown) and timescale 0 (no duration).
		"unknown.mp4": bytes.Join([][]byte{
			ftypBox(), mp4Box("moov", mvhdBox(0, 0, 0, 1200)), mp4Box("mdat", media),
		}, nil),
	}
}

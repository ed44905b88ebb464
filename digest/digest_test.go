package digest

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"testing"
)

// Known answers: FIPS 180-2 ("abc") and coreutils sha256sum for SHA-256;
// GB/T 32905-2016 annex A examples 1 and 2 for SM3.
func TestKnownAnswers(t *testing.T) {
	tests := []struct {
		in        string
		sha, sm3v string
	}{
		{"abc",
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
		{strings.Repeat("abcd", 16),
			"625b41490b883891943c5fa54ad45d7c900b9b6e91e159334e320b1f5215a209",
			"debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"},
		{"",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"},
	}
	for _, tc := range tests {
		for name, sum := range map[string]Sum{"Bytes": Bytes([]byte(tc.in)), "Copy": copySum(t, tc.in)} {
			if got := sum.SHA256Hex(); got != tc.sha {
				t.Errorf("%s(%q) SHA-256 = %s, want %s", name, tc.in, got, tc.sha)
			}
			if got := sum.SM3Hex(); got != tc.sm3v {
				t.Errorf("%s(%q) SM3 = %s, want %s", name, tc.in, got, tc.sm3v)
			}
		}
	}
}

func copySum(t *testing.T, s string) Sum {
	t.Helper()
	var out bytes.Buffer
	sum, n, err := Copy(&out, strings.NewReader(s))
	if err != nil || n != int64(len(s)) || out.String() != s {
		t.Fatalf("Copy(%q) = %d, %v; copied %q", s, n, err, out.String())
	}
	return sum
}

// Sizes around chunk boundaries must hash and copy exactly.
func TestCopyMatchesBytes(t *testing.T) {
	for _, size := range []int{1, ChunkSize - 1, ChunkSize, ChunkSize + 1, inFlight*ChunkSize + 17} {
		data := make([]byte, size)
		rand.Read(data)
		var out bytes.Buffer
		sum, n, err := Copy(&out, iotestHalfReader{bytes.NewReader(data)})
		if err != nil || n != int64(size) {
			t.Fatalf("size %d: n=%d err=%v", size, n, err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("size %d: copy differs", size)
		}
		if sum != Bytes(data) {
			t.Fatalf("size %d: hashes differ from one-shot hashes", size)
		}
	}
}

// iotestHalfReader returns short reads, as USB volumes and pipes do.
type iotestHalfReader struct{ r io.Reader }

func (h iotestHalfReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:(len(p)+1)/2]
	}
	return h.r.Read(p)
}

type failingReader struct {
	ok  int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.ok <= 0 {
		return 0, f.err
	}
	n := min(len(p), f.ok)
	f.ok -= n
	return n, nil
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after < len(p) {
		return 0, errors.New("no space left on device")
	}
	f.after -= len(p)
	return len(p), nil
}

func TestCopyErrorsAreTold(t *testing.T) {
	boom := errors.New("input/output error")
	_, _, err := Copy(io.Discard, &failingReader{ok: 3 * ChunkSize, err: boom})
	var re *ReadError
	if !errors.As(err, &re) || !errors.Is(err, boom) {
		t.Fatalf("read failure: got %v, want a *ReadError wrapping %v", err, boom)
	}
	_, _, err = Copy(&failingWriter{after: 2 * ChunkSize}, bytes.NewReader(make([]byte, 20*ChunkSize)))
	var we *WriteError
	if !errors.As(err, &we) {
		t.Fatalf("write failure: got %v, want a *WriteError", err)
	}
}

func BenchmarkCopy(b *testing.B) {
	data := make([]byte, 64<<20)
	rand.Read(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Copy(io.Discard, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

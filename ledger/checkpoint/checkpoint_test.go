package checkpoint

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// memTree is an RFC 6962 tree in memory, built with tlog as the store builds
// the ledger's.
type memTree struct{ hashes []tlog.Hash }

func (m *memTree) ReadHashes(ids []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ids))
	for i, id := range ids {
		if id >= int64(len(m.hashes)) {
			return nil, fmt.Errorf("no hash %d", id)
		}
		out[i] = m.hashes[id]
	}
	return out, nil
}

func (m *memTree) add(t *testing.T, leaf string) {
	t.Helper()
	hs, err := tlog.StoredHashes(m.size(), []byte(leaf), m)
	if err != nil {
		t.Fatal(err)
	}
	m.hashes = append(m.hashes, hs...)
}

// size is the number of leaves whose hashes are stored.
func (m *memTree) size() int64 {
	var n int64
	for tlog.StoredHashCount(n) < int64(len(m.hashes)) {
		n++
	}
	return n
}

func (m *memTree) head(t *testing.T, origin string) Checkpoint {
	t.Helper()
	root, err := tlog.TreeHash(m.size(), m)
	if err != nil {
		t.Fatal(err)
	}
	return Checkpoint{Origin: origin, Size: m.size(), Root: root}
}

func tree(t *testing.T, leaves ...string) *memTree {
	m := &memTree{}
	for _, l := range leaves {
		m.add(t, l)
	}
	return m
}

func newKeys(t *testing.T) (*Keys, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	k, created, err := Ensure(dir)
	if err != nil || !created {
		t.Fatalf("Ensure: created %v, %v", created, err)
	}
	return k, dir
}

func TestKeysAreKeptAndPrivate(t *testing.T) {
	k, dir := newKeys(t)
	if !strings.HasPrefix(k.Origin, "evidock/") {
		t.Errorf("origin %q", k.Origin)
	}
	again, created, err := Ensure(dir)
	if err != nil || created {
		t.Fatalf("second Ensure: created %v, %v", created, err)
	}
	if again.Ed25519Verifier != k.Ed25519Verifier || again.SM2Verifier != k.SM2Verifier {
		t.Errorf("the keys changed when loaded again")
	}
	if !strings.HasPrefix(k.SM2Verifier, k.Origin+"/sm2+") {
		t.Errorf("SM2 verifier key %q is not named %s/sm2", k.SM2Verifier, k.Origin)
	}
	if runtime.GOOS == "windows" {
		return
	}
	for name, want := range map[string]os.FileMode{Ed25519KeyFile: 0o600, SM2KeyFile: 0o600, Ed25519VerifierFile: 0o644, SM2VerifierFile: 0o644} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
}

func TestCreateAfterACutShortCreate(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, "evidock/a"); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, Ed25519KeyFile)) // as if the process died before the last file
	k, created, err := Ensure(dir)
	if err != nil || !created {
		t.Fatalf("Ensure after a cut-short Create: created %v, %v", created, err)
	}
	if _, err := k.Sign(Checkpoint{Size: 0}); err != nil {
		t.Fatal(err)
	}
}

// TestSignaturesVerifyIndependently checks each signature line the way an
// outside verifier would: the Ed25519 one with x/mod's note.Open alone, the
// SM2 one from the definition with gmsm alone.
func TestSignaturesVerifyIndependently(t *testing.T) {
	k, _ := newKeys(t)
	cp := tree(t, "a", "b", "c").head(t, k.Origin)
	msg, err := k.Sign(cp)
	if err != nil {
		t.Fatal(err)
	}
	text, sigs, ok := bytes.Cut(msg, []byte("\n\n"))
	if !ok {
		t.Fatalf("no blank line before the signatures:\n%s", msg)
	}
	text = append(bytes.Clone(text), '\n')
	want := fmt.Sprintf("%s\n3\n%s\n", k.Origin, base64.StdEncoding.EncodeToString(cp.Root[:]))
	if string(text) != want {
		t.Fatalf("body\n%q\nwant\n%q", text, want)
	}
	lines := strings.Split(strings.TrimSuffix(string(sigs), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "— "+k.Origin+" ") || !strings.HasPrefix(lines[1], "— "+k.Origin+"/sm2 ") {
		t.Fatalf("signature lines, Ed25519 then SM2:\n%s", sigs)
	}

	// Ed25519: x/mod alone, given the verifier key text.
	v, err := note.NewVerifier(k.Ed25519Verifier)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open with the Ed25519 key: %v", err)
	}
	if n.Text != want || len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 {
		t.Errorf("note.Open: %d verified, %d unverified signatures", len(n.Sigs), len(n.UnverifiedSigs))
	}

	// SM2: key text <name>+<hex id>+<base64(0xff ‖ 04 ‖ X ‖ Y)>; line base64(id ‖ DER).
	parts := strings.SplitN(k.SM2Verifier, "+", 3)
	key, _ := base64.StdEncoding.DecodeString(parts[2])
	if len(key) != 66 || key[0] != 0xff || key[1] != 4 {
		t.Fatalf("SM2 verifier key bytes %x", key)
	}
	id := sha256.Sum256(append([]byte(parts[0]+"\n\xff"), key[1:]...))
	if fmt.Sprintf("%x", id[:4]) != parts[1] {
		t.Errorf("SM2 key ID %s, want %x", parts[1], id[:4])
	}
	sig, _ := base64.StdEncoding.DecodeString(strings.Fields(lines[1])[2])
	if !bytes.Equal(sig[:4], id[:4]) {
		t.Errorf("SM2 signature line starts with %x, want the key ID %x", sig[:4], id[:4])
	}
	pub, err := parseSM2Public(key[1:])
	if err != nil {
		t.Fatal(err)
	}
	if !sm2.VerifyASN1WithSM2(pub, []byte("1234567812345678"), text, sig[4:]) {
		t.Error("the SM2 signature does not verify over the note text with the default user ID")
	}
	if sm2.VerifyASN1WithSM2(pub, nil, append(bytes.Clone(text), 'x'), sig[4:]) {
		t.Error("the SM2 signature verifies over other text")
	}
	if binary.BigEndian.Uint32(id[:4]) != k.sm2.hash {
		t.Error("signer key hash differs")
	}

	s, err := k.Open(msg)
	if err != nil || !s.Ed25519 || !s.SM2 || s.Checkpoint.Size != 3 || s.Root != cp.Root {
		t.Fatalf("Open: %+v, %v", s, err)
	}
	if b, err := Body(msg); err != nil || b.Size != 3 || b.Root != cp.Root {
		t.Fatalf("Body: %+v, %v", b, err)
	}
}

func TestOpenRefuses(t *testing.T) {
	k, _ := newKeys(t)
	other, _ := newKeys(t)
	msg, err := k.Sign(tree(t, "a").head(t, k.Origin))
	if err != nil {
		t.Fatal(err)
	}
	edOnly := func(m []byte) []byte { // drop the SM2 line
		i := bytes.LastIndex(m[:len(m)-1], []byte("\n"))
		return m[:i+1]
	}
	tampered := bytes.Replace(msg, []byte("\n1\n"), []byte("\n2\n"), 1)
	for name, tc := range map[string]struct {
		msg  []byte
		keys *Keys
	}{
		"another workstation's keys": {msg, other},
		"a changed size":             {tampered, k},
		"the SM2 signature missing":  {edOnly(msg), k},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := tc.keys.Open(tc.msg); !errors.Is(err, ErrSignature) {
				t.Errorf("Open: %v, want ErrSignature", err)
			}
		})
	}
	if _, err := k.Open([]byte("not a note")); err == nil || errors.Is(err, ErrSignature) {
		t.Errorf("Open of garbage: %v", err)
	}
	if _, err := k.Sign(Checkpoint{Origin: "evidock/someone-else"}); err == nil {
		t.Error("signed a checkpoint of another log")
	}
}

func TestCheckRollbackAndFork(t *testing.T) {
	const origin = "evidock/test"
	old := tree(t, "a", "b", "c", "d", "e")
	cp := old.head(t, origin)
	for _, tc := range []struct {
		name string
		now  *memTree
		want error
	}{
		{"same", tree(t, "a", "b", "c", "d", "e"), nil},
		{"grown", tree(t, "a", "b", "c", "d", "e", "f", "g"), nil},
		{"rolled back", tree(t, "a", "b", "c"), ErrRollback},
		{"empty", tree(t), ErrRollback},
		{"forked, same size", tree(t, "a", "b", "X", "d", "e"), ErrFork},
		{"forked, grown", tree(t, "a", "b", "c", "d", "E", "f", "g", "h", "i"), ErrFork},
		{"rolled back and regrown past it", tree(t, "a", "b", "c", "x", "y", "z"), ErrFork},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(cp, tc.now.size(), tc.now)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("Check: %v, want %v", err, tc.want)
			}
			if errors.Is(err, ErrRollback) && !strings.Contains(err.Error(), "回滚") ||
				errors.Is(err, ErrFork) && !strings.Contains(err.Error(), "分叉") {
				t.Errorf("message %q lacks the Chinese word", err)
			}
		})
	}
}

func TestParse(t *testing.T) {
	root := base64.StdEncoding.EncodeToString(make([]byte, 32))
	good := "evidock/x\n12\n" + root + "\n"
	if cp, err := Parse([]byte(good)); err != nil || cp.Size != 12 || cp.Origin != "evidock/x" || string(cp.Format()) != good {
		t.Fatalf("Parse(good): %+v %v", cp, err)
	}
	if cp, err := Parse([]byte(good + "ext\n")); err != nil || len(cp.Extensions) != 1 || string(cp.Format()) != good+"ext\n" {
		t.Errorf("extension line: %+v %v", cp, err)
	}
	for _, bad := range []string{
		"", "evidock/x\n12\n" + root, "evidock/x\n012\n" + root + "\n", "evidock/x\n-1\n" + root + "\n",
		"evidock x\n1\n" + root + "\n", "evidock/x\n1\nAAAA\n", "evidock/x\n1\n" + root + "\n\n", "\n1\n" + root + "\n",
		"evidock/x\n1\n",
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	root := base64.StdEncoding.EncodeToString(make([]byte, 32))
	f.Add([]byte("evidock/x\n12\n" + root + "\n"))
	f.Add([]byte("evidock/x\n0\n" + root + "\next\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cp, err := Parse(b)
		if err != nil {
			return
		}
		if !bytes.Equal(cp.Format(), b) {
			t.Fatalf("Format(Parse(%q)) = %q", b, cp.Format())
		}
	})
}

func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	k, err := Create(dir, "evidock/fuzz")
	if err != nil {
		f.Fatal(err)
	}
	root := base64.StdEncoding.EncodeToString(make([]byte, 32))
	msg, err := k.Sign(Checkpoint{Origin: "evidock/fuzz", Size: 7})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(msg)
	f.Add([]byte("evidock/fuzz\n1\n" + root + "\n\n— evidock/fuzz AAAAAAAA\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if cp, err := Body(b); err == nil && !bytes.Contains(b, cp.Format()) {
			t.Fatalf("Body(%q) = %+v, not the note's text", b, cp)
		}
		s, err := k.Open(b)
		if err != nil {
			return
		}
		if !s.Ed25519 || !s.SM2 || s.Origin != "evidock/fuzz" {
			t.Fatalf("Open accepted %q as %+v", b, s)
		}
	})
}

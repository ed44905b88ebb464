// Package checkpoint signs and checks the ledger's checkpoints: the size
// and root hash of its RFC 6962 Merkle tree in the C2SP tlog-checkpoint
// form, as a C2SP signed note carrying two signatures, Ed25519 (verifiable
// with golang.org/x/mod/sumdb/note) and SM2 (GM/T 0003, for 国密 verifiers).
//
// A checkpoint held outside the workstation (printed on a disc, a backup, a
// report, a bucket) later proves that the workstation's ledger still
// contains the tree it names: Check finds a ledger that was rolled back to
// an earlier copy (回滚) or replaced by another history (分叉).
//
// The note's text is
//
//	<origin>\n
//	<tree size, decimal>\n
//	<root hash, base64>\n
//
// followed by a blank line and the signature lines
//
//	— <origin> <base64(key ID ‖ Ed25519 signature)>
//	— <origin>/sm2 <base64(key ID ‖ DER SM2 signature)>
//
// The SM2 key ID is the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0xff ‖ the
// 65-byte uncompressed public key), and its verifier key is
// <name>+<hex key ID>+<base64(0xff ‖ public key)>.
package checkpoint

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is a tree head of a named log.
type Checkpoint struct {
	Origin string    `json:"origin"`
	Size   int64     `json:"size"`
	Root   tlog.Hash `json:"root"`
	// Extensions are any further lines of the body (C2SP allows them);
	// evidock writes none.
	Extensions []string `json:"extensions,omitempty"`
}

// Format returns the checkpoint's body: the note text that is signed.
func (c Checkpoint) Format() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root[:]))
	for _, e := range c.Extensions {
		b.WriteString(e + "\n")
	}
	return b.Bytes()
}

// maxBody bounds the size of a checkpoint body Parse accepts.
const maxBody = 64 << 10

// Parse parses a checkpoint body (a note's text). It is strict: an origin
// without spaces or plus signs, a decimal size without leading zeros, a
// 32-byte root in standard base64, every line ending in a newline.
func Parse(text []byte) (Checkpoint, error) {
	var c Checkpoint
	if len(text) > maxBody {
		return c, errors.New("checkpoint: body too large")
	}
	if !bytes.HasSuffix(text, []byte("\n")) {
		return c, errors.New("checkpoint: the body does not end in a newline")
	}
	lines := strings.Split(string(text[:len(text)-1]), "\n")
	if len(lines) < 3 {
		return c, fmt.Errorf("checkpoint: %d lines, want origin, size and root hash", len(lines))
	}
	c.Origin = lines[0]
	if !validName(c.Origin) {
		return c, fmt.Errorf("checkpoint: bad origin line %q", c.Origin)
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return c, fmt.Errorf("checkpoint: bad tree size %q", lines[1])
	}
	c.Size = n
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return c, fmt.Errorf("checkpoint: bad root hash %q", lines[2])
	}
	copy(c.Root[:], root)
	for _, e := range lines[3:] {
		if e == "" {
			return c, errors.New("checkpoint: empty extension line")
		}
		c.Extensions = append(c.Extensions, e)
	}
	return c, nil
}

// Signed is an opened signed checkpoint.
type Signed struct {
	Checkpoint
	// Ed25519 and SM2 say which of the two signatures verified.
	Ed25519, SM2 bool
}

// ErrSignature means a signed checkpoint's signatures do not verify with
// the keys it was checked against, or one of the two is missing.
var ErrSignature = errors.New("the checkpoint's signatures do not verify")

// Open parses a signed checkpoint and checks its signatures against
// verifiers (each key text an Ed25519 or SM2 verifier key). Every key named
// must have signed it, and the origin must be the keys' name.
func Open(msg []byte, verifierKeys ...string) (Signed, error) {
	var vs []note.Verifier
	for _, k := range verifierKeys {
		v, err := NewVerifier(k)
		if err != nil {
			return Signed{}, err
		}
		vs = append(vs, v)
	}
	return open(msg, vs)
}

// Open parses a signed checkpoint and checks that both keys signed it.
func (k *Keys) Open(msg []byte) (Signed, error) {
	return Open(msg, k.Ed25519Verifier, k.SM2Verifier)
}

func open(msg []byte, vs []note.Verifier) (Signed, error) {
	if len(vs) == 0 {
		return Signed{}, errors.New("checkpoint: no verifier keys")
	}
	n, err := note.Open(msg, note.VerifierList(vs...))
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &unverified):
		return Signed{}, fmt.Errorf("checkpoint: signed by none of the keys %s: %w", names(vs), ErrSignature)
	case errors.As(err, &invalid):
		return Signed{}, fmt.Errorf("checkpoint: %v: %w", err, ErrSignature)
	case err != nil:
		return Signed{}, fmt.Errorf("checkpoint: not a signed note: %w", err)
	}
	cp, err := Parse([]byte(n.Text))
	if err != nil {
		return Signed{}, err
	}
	s := Signed{Checkpoint: cp}
	for _, v := range vs {
		found := false
		for _, sig := range n.Sigs {
			found = found || sig.Name == v.Name() && sig.Hash == v.KeyHash()
		}
		if !found {
			return Signed{}, fmt.Errorf("checkpoint: no signature by %s: %w", v.Name(), ErrSignature)
		}
		if _, ok := v.(*sm2Verifier); ok {
			s.SM2 = true
		} else {
			s.Ed25519 = true
		}
		if name := strings.TrimSuffix(v.Name(), SM2Suffix); name != cp.Origin {
			return Signed{}, fmt.Errorf("checkpoint: the log %s is not the one the key %s signs for: %w", cp.Origin, v.Name(), ErrSignature)
		}
	}
	return s, nil
}

func names(vs []note.Verifier) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Name())
	}
	return strings.Join(out, ", ")
}

// Body parses a signed checkpoint without checking its signatures, to
// compare it with what travels beside it (a disc's tree head); Open checks
// the signatures.
func Body(msg []byte) (Checkpoint, error) {
	_, err := note.Open(msg, note.VerifierList())
	var u *note.UnverifiedNoteError
	if !errors.As(err, &u) {
		return Checkpoint{}, fmt.Errorf("checkpoint: not a signed note: %v", err)
	}
	return Parse([]byte(u.Note.Text))
}

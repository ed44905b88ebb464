package checkpoint

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/ecdh"
	"github.com/emmansun/gmsm/sm2"
	"golang.org/x/mod/sumdb/note"
)

// AlgSM2 is the signature type byte of an SM2 key in a key ID and a
// verifier key. C2SP signed-note leaves 0xff to such private uses.
const AlgSM2 = 0xff

// SM2Suffix is appended to the Ed25519 key's name to name the SM2 key.
const SM2Suffix = "/sm2"

// sm2PublicBytes is the 65-byte uncompressed form 04 ‖ X ‖ Y.
func sm2PublicBytes(pub *ecdsa.PublicKey) []byte {
	k, err := sm2.PublicKeyToECDH(pub)
	if err != nil {
		// Only keys of another curve fail, and every key here is made
		// on the SM2 curve by this package.
		panic(fmt.Sprintf("checkpoint: SM2 public key: %v", err))
	}
	return k.Bytes()
}

// parseSM2Public parses the 65-byte uncompressed form of a point on the SM2
// curve.
func parseSM2Public(b []byte) (*ecdsa.PublicKey, error) {
	if len(b) != 65 || b[0] != 4 {
		return nil, errors.New("an SM2 public key is 65 bytes starting with 04")
	}
	if _, err := ecdh.P256().NewPublicKey(b); err != nil {
		return nil, errors.New("the SM2 public key is not a point on the curve")
	}
	// gmsm's SM2 verification takes an ecdsa.PublicKey, which is built
	// from its coordinates; the point was checked above.
	//lint:ignore SA1019 gmsm v0.15 has no other form of an SM2 public key
	return &ecdsa.PublicKey{Curve: sm2.P256(), X: new(big.Int).SetBytes(b[1:33]), Y: new(big.Int).SetBytes(b[33:65])}, nil
}

// sm2KeyID is the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0xff ‖ public key),
// as a big-endian number (the form note.Signer uses).
func sm2KeyID(name string, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', AlgSM2})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// SM2VerifierKey returns the verifier key text of an SM2 public key:
// <name>+<hex key ID>+<base64(0xff ‖ 65-byte public key)>.
func SM2VerifierKey(name string, pub *ecdsa.PublicKey) string {
	b := sm2PublicBytes(pub)
	return fmt.Sprintf("%s+%08x+%s", name, sm2KeyID(name, b), base64.StdEncoding.EncodeToString(append([]byte{AlgSM2}, b...)))
}

// sm2Signer signs notes with SM2 (GM/T 0003, SM3 digest, the default user
// ID 1234567812345678), the signature DER-encoded.
type sm2Signer struct {
	name string
	hash uint32
	key  *sm2.PrivateKey
}

func newSM2Signer(name string, key *sm2.PrivateKey) *sm2Signer {
	return &sm2Signer{name: name, hash: sm2KeyID(name, sm2PublicBytes(&key.PublicKey)), key: key}
}

func (s *sm2Signer) Name() string    { return s.name }
func (s *sm2Signer) KeyHash() uint32 { return s.hash }

// Sign signs msg, the note's text, as GM/T 0003 asks: SM3 over Z_A ‖ msg.
func (s *sm2Signer) Sign(msg []byte) ([]byte, error) {
	sig, err := s.key.Sign(rand.Reader, msg, sm2.NewSM2SignerOption(true, nil))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: SM2 signature: %w", err)
	}
	return sig, nil
}

// sm2Verifier checks SM2 signatures of notes.
type sm2Verifier struct {
	name string
	hash uint32
	pub  *ecdsa.PublicKey
}

func (v *sm2Verifier) Name() string    { return v.name }
func (v *sm2Verifier) KeyHash() uint32 { return v.hash }
func (v *sm2Verifier) Verify(msg, sig []byte) bool {
	return sm2.VerifyASN1WithSM2(v.pub, nil, msg, sig)
}

// NewSM2Verifier parses an SM2 verifier key (see SM2VerifierKey).
func NewSM2Verifier(vkey string) (note.Verifier, error) {
	name, rest, ok1 := strings.Cut(vkey, "+")
	hashText, keyText, ok2 := strings.Cut(rest, "+")
	if !ok1 || !ok2 || name == "" || strings.ContainsAny(name, " \n+") {
		return nil, fmt.Errorf("checkpoint: malformed SM2 verifier key %q", vkey)
	}
	h, err1 := strconv.ParseUint(hashText, 16, 32)
	key, err2 := base64.StdEncoding.DecodeString(keyText)
	if err1 != nil || err2 != nil || len(hashText) != 8 || len(key) != 66 || key[0] != AlgSM2 {
		return nil, fmt.Errorf("checkpoint: malformed SM2 verifier key %q", vkey)
	}
	pub, err := parseSM2Public(key[1:])
	if err != nil {
		return nil, fmt.Errorf("checkpoint: SM2 verifier key %s: %w", name, err)
	}
	if uint32(h) != sm2KeyID(name, key[1:]) {
		return nil, fmt.Errorf("checkpoint: SM2 verifier key %s: key ID %s does not match the key (%08x)", name, hashText, sm2KeyID(name, key[1:]))
	}
	return &sm2Verifier{name: name, hash: uint32(h), pub: pub}, nil
}

// NewVerifier parses a verifier key of either kind: an SM2 key (type byte
// 0xff) or any key note.NewVerifier knows (Ed25519).
func NewVerifier(vkey string) (note.Verifier, error) {
	vkey = strings.TrimSpace(vkey)
	_, rest, _ := strings.Cut(vkey, "+")
	_, key, _ := strings.Cut(rest, "+") // the base64 key may itself hold '+'
	if b, err := base64.StdEncoding.DecodeString(key); err == nil && len(b) > 0 && b[0] == AlgSM2 {
		return NewSM2Verifier(vkey)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: verifier key %q: %w", vkey, err)
	}
	return v, nil
}

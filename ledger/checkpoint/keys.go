package checkpoint

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/mod/sumdb/note"
)

// The files of a key folder (the data folder's keys/). Private keys are
// readable by their owner only (mode 0600).
const (
	Ed25519KeyFile      = "checkpoint-ed25519.key" // note private key text: PRIVATE+KEY+<name>+<id>+<base64>
	Ed25519VerifierFile = "checkpoint-ed25519.pub" // note verifier key text
	SM2KeyFile          = "checkpoint-sm2.key"     // PEM "SM2 PRIVATE KEY" (SEC 1 DER, as GmSSL reads it)
	SM2VerifierFile     = "checkpoint-sm2.pub"     // <name>/sm2+<id>+<base64(0xff ‖ 04 ‖ X ‖ Y)>
)

// Keys are a workstation's checkpoint signing keys: an Ed25519 key named
// for the log's origin, and an SM2 key named origin + "/sm2".
type Keys struct {
	ed  note.Signer
	sm2 *sm2Signer

	// Origin is the log's origin line, also the Ed25519 key's name.
	Origin string
	// Ed25519Verifier and SM2Verifier are the verifier keys, one line each.
	Ed25519Verifier, SM2Verifier string
}

// ErrNoKeys means a key folder has no checkpoint keys.
var ErrNoKeys = errors.New("no checkpoint keys")

var originChars = regexp.MustCompile(`[^a-z0-9-]+`)

// NewOrigin returns a fresh origin for a workstation: "evidock/" followed by
// the host's name in lower case and six random hex digits, so that two
// workstations never share one even when their names do.
func NewOrigin() string {
	host, _ := os.Hostname()
	host = strings.Trim(originChars.ReplaceAllString(strings.ToLower(host), "-"), "-")
	if host == "" {
		host = "workstation"
	}
	var b [3]byte
	rand.Read(b[:])
	return "evidock/" + host + "-" + hex.EncodeToString(b[:])
}

// Ensure loads the keys in dir, creating a new pair under a fresh origin
// (NewOrigin) when dir has none. It reports whether it created them.
func Ensure(dir string) (*Keys, bool, error) {
	k, err := Load(dir)
	if errors.Is(err, ErrNoKeys) {
		k, err = Create(dir, NewOrigin())
		return k, err == nil, err
	}
	return k, false, err
}

// Create makes a new Ed25519 and SM2 key pair named origin in dir and
// writes them. It refuses to replace keys that are there.
func Create(dir, origin string) (*Keys, error) {
	if !validName(origin) {
		return nil, fmt.Errorf("checkpoint: %q cannot name a key (no spaces or +)", origin)
	}
	if _, err := os.Stat(filepath.Join(dir, Ed25519KeyFile)); err == nil {
		return nil, fmt.Errorf("checkpoint: %s already holds keys", dir)
	}
	// The Ed25519 key is written last: without it the others are the
	// leftovers of a Create that was cut short.
	for _, f := range []string{SM2KeyFile, SM2VerifierFile, Ed25519VerifierFile} {
		os.Remove(filepath.Join(dir, f))
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: generate Ed25519 key: %w", err)
	}
	smKey, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: generate SM2 key: %w", err)
	}
	der, err := smx509.MarshalSM2PrivateKey(smKey)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: encode SM2 key: %w", err)
	}
	smPEM := pem.EncodeToMemory(&pem.Block{Type: "SM2 PRIVATE KEY", Bytes: der})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("checkpoint: key folder: %w", err)
	}
	// The private keys first: a folder with a verifier key has its private key.
	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{SM2KeyFile, smPEM, 0o600},
		{SM2VerifierFile, []byte(SM2VerifierKey(origin+SM2Suffix, &smKey.PublicKey) + "\n"), 0o644},
		{Ed25519VerifierFile, []byte(vkey + "\n"), 0o644},
		{Ed25519KeyFile, []byte(skey + "\n"), 0o600},
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			return nil, err
		}
	}
	return Load(dir)
}

// Load reads the keys in dir. A folder without them is ErrNoKeys.
func Load(dir string) (*Keys, error) {
	b, err := os.ReadFile(filepath.Join(dir, Ed25519KeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("checkpoint: %s: %w", dir, ErrNoKeys)
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint: read key: %w", err)
	}
	ed, err := note.NewSigner(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %s: %w", Ed25519KeyFile, err)
	}
	b, err = os.ReadFile(filepath.Join(dir, SM2KeyFile))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: read key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("checkpoint: %s is not PEM", SM2KeyFile)
	}
	smKey, err := smx509.ParseSM2PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %s: %w", SM2KeyFile, err)
	}
	k := &Keys{ed: ed, sm2: newSM2Signer(ed.Name()+SM2Suffix, smKey), Origin: ed.Name()}
	k.SM2Verifier = SM2VerifierKey(k.sm2.name, &smKey.PublicKey)
	edVerifier, err := os.ReadFile(filepath.Join(dir, Ed25519VerifierFile))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: read verifier key: %w", err)
	}
	k.Ed25519Verifier = strings.TrimSpace(string(edVerifier))
	v, err := note.NewVerifier(k.Ed25519Verifier)
	if err != nil || v.KeyHash() != ed.KeyHash() || v.Name() != ed.Name() {
		return nil, fmt.Errorf("checkpoint: %s does not belong to %s", Ed25519VerifierFile, Ed25519KeyFile)
	}
	return k, nil
}

// Verifiers are the keys' verifiers, for Open.
func (k *Keys) Verifiers() note.Verifiers {
	ed, _ := note.NewVerifier(k.Ed25519Verifier) // checked by Load
	return note.VerifierList(ed, &sm2Verifier{name: k.sm2.name, hash: k.sm2.hash, pub: &k.sm2.key.PublicKey})
}

// Sign signs cp with both keys: the Ed25519 signature line first, then the
// SM2 one.
func (k *Keys) Sign(cp Checkpoint) ([]byte, error) {
	if cp.Origin == "" {
		cp.Origin = k.Origin
	}
	if cp.Origin != k.Origin {
		return nil, fmt.Errorf("checkpoint: the keys of %s cannot sign a checkpoint of %s", k.Origin, cp.Origin)
	}
	msg, err := note.Sign(&note.Note{Text: string(cp.Format())}, k.ed, k.sm2)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: sign: %w", err)
	}
	return msg, nil
}

// validName is note's rule for key names: not empty, no spaces or plus signs.
func validName(name string) bool {
	return name != "" && !strings.ContainsAny(name, " +\n\t") && strings.ToValidUTF8(name, "") == name
}

// writeFile writes data to name with mode, flushed to disk.
func writeFile(name string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("checkpoint: write %s: %w", name, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("checkpoint: write %s: %w", name, err)
	}
	return os.Chmod(name, mode) // the umask may have taken bits away from a public key
}

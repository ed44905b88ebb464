package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLen is the fewest characters a password may have.
const MinPasswordLen = 8

// ErrWeakPassword means a new password is too short.
var ErrWeakPassword = fmt.Errorf("password must have at least %d characters", MinPasswordLen)

// argonParams are argon2id's cost parameters. They are stored with every
// hash, so changing them affects only new passwords.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// passwordCost is the cost of new hashes (RFC 9106's second recommended
// choice: 64 MiB, 3 passes). Tests lower it.
var passwordCost = argonParams{memory: 64 * 1024, time: 3, threads: 4}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding

// hashPassword returns the PHC string of password:
// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>.
func hashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("store: password salt: %w", err)
	}
	p := passwordCost
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("store: stored password hash is not an argon2id PHC string")

// checkPassword reports whether password matches the PHC string phc,
// comparing in constant time.
func checkPassword(phc, password string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p argonParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil || p.time == 0 || p.threads == 0 {
		return false, errBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a name is unknown, so that an unknown
// name takes as long to refuse as a wrong password.
func dummyHash() string {
	p := passwordCost
	zero := b64.EncodeToString(make([]byte, saltLen))
	key := b64.EncodeToString(make([]byte, keyLen))
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads, zero, key)
}

// SetPasswordCost sets the Argon2id cost (memory in KiB, passes, threads)
// of password hashes made from now on. evidock keeps the default; tests
// that make many users lower it.
func SetPasswordCost(memoryKiB, passes uint32, threads uint8) {
	passwordCost = argonParams{memory: memoryKiB, time: passes, threads: threads}
}

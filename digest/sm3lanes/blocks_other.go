//go:build !amd64

package sm3lanes

// available is empty: only amd64 has the eight-lane code; elsewhere every
// message is hashed on its own.
var available []namedKernel

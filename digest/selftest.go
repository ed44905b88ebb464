package digest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"evidock/digest/sm3lanes"
)

// Kernel is one implementation of a hash function that Copy and File
// compute with on this computer. verify names the kernels it used, so a
// report says not only that the hashes matched but what computed them.
type Kernel struct {
	Hash string `json:"hash"` // "SHA-256" or "SM3"
	Name string `json:"name"` // the code: "crypto/sha256", "gmsm/sm3", "sm3lanes/AVX2"
}

func (k Kernel) String() string { return k.Hash + " " + k.Name }

// ErrSelfTest means a hash kernel gave a wrong answer for a known vector:
// nothing it computes may be trusted, so no check may run with it.
var ErrSelfTest = errors.New("digest: hash self-test failed")

// vector is a known answer from a hash function's standard.
type vector struct{ in, want string }

// vectors are the standards' own examples: FIPS 180-4 (appendix B of FIPS
// 180-2) for SHA-256, GB/T 32905-2016 appendix A for SM3. Each pair pads to
// one and to two blocks, so a kernel's chaining is tried as well as its
// first block.
var vectors = map[string][]vector{
	"SHA-256": {
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	},
	"SM3": {
		{"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
		{strings.Repeat("abcd", 16), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"},
	},
}

// kernelTest is a kernel and how to hash one message with it alone.
type kernelTest struct {
	Kernel
	sum func([]byte) ([]byte, error)
}

// kernels are the kernels Copy uses here: SHA-256; SM3 one message at a
// time, which sm3lanes falls back to for small writes and few streams; and
// the eight-lane SM3 kernel where the CPU has one.
func kernels() []kernelTest {
	ks := []kernelTest{
		{Kernel{"SHA-256", "crypto/sha256"}, func(b []byte) ([]byte, error) {
			s := sha256.Sum256(b)
			return s[:], nil
		}},
		{Kernel{"SM3", "gmsm/sm3"}, func(b []byte) ([]byte, error) {
			h := sm3.New()
			h.Write(b)
			return h.Sum(nil), nil
		}},
	}
	if name := sm3lanes.Kernel(); name != "" {
		ks = append(ks, kernelTest{Kernel{"SM3", "sm3lanes/" + name}, sumInEveryLane})
	}
	return ks
}

// sumInEveryLane hashes b in all eight lanes at once; every lane must come
// out the same, else one lane is wrong whatever lane 0 says.
func sumInEveryLane(b []byte) ([]byte, error) {
	var msgs [sm3lanes.Width][]byte
	for i := range msgs {
		msgs[i] = b
	}
	sums, err := sm3lanes.SumLanes(msgs)
	if err != nil {
		return nil, err
	}
	for i, s := range sums {
		if s != sums[0] {
			return nil, fmt.Errorf("lane %d gives %x, lane 0 %x", i, s, sums[0])
		}
	}
	return sums[0][:], nil
}

// SelfTest runs the known-answer tests of every hash kernel Copy and File
// use on this computer, as a FIPS 140 module does before it serves: each
// kernel hashes its standard's example messages and must give the
// standard's answers. It returns the kernels tested; when one fails, the
// error (ErrSelfTest) names it and nothing should be hashed.
func SelfTest() ([]Kernel, error) { return selfTest(kernels()) }

func selfTest(ks []kernelTest) ([]Kernel, error) {
	var tested []Kernel
	for _, k := range ks {
		for _, v := range vectors[k.Hash] {
			want, _ := hex.DecodeString(v.want)
			got, err := k.sum([]byte(v.in))
			if err != nil {
				return tested, fmt.Errorf("%w: %s: %v", ErrSelfTest, k.Kernel, err)
			}
			if !bytes.Equal(got, want) {
				return tested, fmt.Errorf("%w: %s hashes %.8q… to %x, the standard says %s", ErrSelfTest, k.Kernel, v.in, got, v.want)
			}
		}
		tested = append(tested, k.Kernel)
	}
	return tested, nil
}

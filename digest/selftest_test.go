package digest

import (
	"errors"
	"strings"
	"testing"

	"evidock/digest/sm3lanes"
)

// Every kernel of this computer passes, and the list names each hash and,
// on a CPU with lanes, the lane kernel in use.
func TestSelfTestPasses(t *testing.T) {
	ks, err := SelfTest()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range ks {
		names = append(names, k.String())
	}
	got := strings.Join(names, "; ")
	for _, want := range []string{"SHA-256 crypto/sha256", "SM3 gmsm/sm3"} {
		if !strings.Contains(got, want) {
			t.Errorf("kernels %q lack %q", got, want)
		}
	}
	if lane := sm3lanes.Kernel(); lane != "" && !strings.Contains(got, "SM3 sm3lanes/"+lane) {
		t.Errorf("kernels %q lack the lane kernel %s", got, lane)
	}
}

// A kernel that is wrong for one vector, or cannot run, fails the self-test
// by name; the kernels before it are reported as tested.
func TestSelfTestRefusesAWrongKernel(t *testing.T) {
	good := kernels()[0]
	flip := func(b []byte) ([]byte, error) {
		s, err := good.sum(b)
		if len(b) > 3 { // right for "abc", wrong for the two-block vector
			s[0] ^= 1
		}
		return s, err
	}
	broken := func([]byte) ([]byte, error) { return nil, errors.New("no such instruction") }
	for _, bad := range []kernelTest{
		{Kernel{"SHA-256", "flipped"}, flip},
		{Kernel{"SM3", "broken"}, broken},
	} {
		tested, err := selfTest([]kernelTest{good, bad})
		if !errors.Is(err, ErrSelfTest) || !strings.Contains(err.Error(), bad.Name) {
			t.Errorf("%s: err = %v, want ErrSelfTest naming it", bad.Name, err)
		}
		if len(tested) != 1 || tested[0] != good.Kernel {
			t.Errorf("%s: tested = %v, want only %v", bad.Name, tested, good.Kernel)
		}
	}
}

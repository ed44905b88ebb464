package volume

import (
	"errors"
	"os"
	"sync"
	"time"
)

// errProbeTimeout marks a probe that did not answer in time: a hung FUSE
// daemon or a stuck device. The volume keeps whatever state it had.
var errProbeTimeout = errors.New("volume probe timed out")

// probeResult is the outcome of one probe.
type probeResult struct {
	fi  os.FileInfo
	err error
}

// prober stats volume roots with a time limit, so that one hung filesystem
// cannot stall the watcher. A stat still stuck from an earlier probe is not
// started again; its path reports errProbeTimeout until it returns.
//
// A FUSE mount whose daemon was killed fails every stat with ENOTCONN
// ("transport endpoint is not connected") while it stays in the mount table
// (lstat only once its cached attributes expire, statfs at once); the prober
// is how such a volume is seen to be gone.
type prober struct {
	timeout time.Duration
	stat    func(string) (os.FileInfo, error)

	mu       sync.Mutex
	inflight map[string]bool
}

func newProber(timeout time.Duration) *prober {
	return &prober{timeout: timeout, stat: statVolume, inflight: make(map[string]bool)}
}

// statVolume is the real probe: lstat for what the root is, then statfs,
// which sees a dead FUSE daemon without waiting for cached attributes.
func statVolume(path string) (os.FileInfo, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if err := checkFS(path); err != nil {
		return nil, err
	}
	return fi, nil
}

// probe stats every path concurrently and returns a result for each.
// It takes at most p.timeout.
func (p *prober) probe(paths []string) map[string]probeResult {
	type answer struct {
		path string
		probeResult
	}
	res := make(map[string]probeResult, len(paths))
	ch := make(chan answer, len(paths))
	started := 0
	p.mu.Lock()
	for _, path := range paths {
		if p.inflight[path] {
			res[path] = probeResult{err: errProbeTimeout}
			continue
		}
		p.inflight[path] = true
		started++
		go func(path string) {
			fi, err := p.stat(path)
			p.mu.Lock()
			delete(p.inflight, path)
			p.mu.Unlock()
			ch <- answer{path, probeResult{fi, err}}
		}(path)
	}
	p.mu.Unlock()

	timer := time.NewTimer(p.timeout)
	defer timer.Stop()
	for ; started > 0; started-- {
		select {
		case a := <-ch:
			res[a.path] = a.probeResult
		case <-timer.C:
			for _, path := range paths {
				if _, ok := res[path]; !ok {
					res[path] = probeResult{err: errProbeTimeout}
				}
			}
			return res
		}
	}
	return res
}

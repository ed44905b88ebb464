//go:build linux

package volume

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// mountPollWait is how long one poll(2) waits before checking for shutdown.
const mountPollWait = 200 // milliseconds

// startMountPoll watches the mount table with poll(2): the kernel flags
// POLLPRI|POLLERR on an open /proc/self/mountinfo whenever a mount or unmount
// happens in this namespace. This is how a mount on a folder that already
// existed (which makes no fsnotify event) is noticed at once. Each change
// sends an empty hint, which makes the watcher scan. If the table cannot be
// polled the periodic scan still finds every change, only later.
func startMountPoll(done <-chan struct{}, out chan<- hint, logf func(string), wg *sync.WaitGroup) {
	// Opened with open(2), not os.Open: the Go runtime would register an
	// os.File with its own epoll, and that epoll's poll of the file consumes
	// the mount-table change before our poll(2) sees it.
	fd, err := unix.Open(mountInfoPath, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		logf(fmt.Sprintf("volume: cannot poll mount table, relying on periodic scans: %v", err))
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer unix.Close(fd)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLPRI}}
		for {
			select {
			case <-done:
				return
			default:
			}
			fds[0].Revents = 0
			n, err := unix.Poll(fds, mountPollWait)
			if errors.Is(err, unix.EINTR) {
				continue
			}
			if err != nil {
				logf(fmt.Sprintf("volume: poll mount table, relying on periodic scans: %v", err))
				return
			}
			if n == 0 || fds[0].Revents&(unix.POLLPRI|unix.POLLERR) == 0 {
				continue
			}
			select {
			case out <- hint{}:
			case <-done:
				return
			}
		}
	}()
}

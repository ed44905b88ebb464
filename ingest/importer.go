package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"sync"

	"evidock/archive"
	"evidock/digest"
	"evidock/pagecache"
	"evidock/records"
	"evidock/store"
)

// Why a run did not complete, for callers that explain it in their own words.
const (
	ReasonDiskFull   = "disk_full"   // the archive's disk filled up
	ReasonSourceGone = "source_gone" // the recorder disappeared (pulled out, unmounted)
	ReasonFileErrors = "file_errors" // some files could not be read or verified
	ReasonCancelled  = "cancelled"
	ReasonInternal   = "internal"
)

// Options tune an import. The zero value imports everything with defaults.
type Options struct {
	// Workers is how many files are read at once; 0 means digest.Streams().
	Workers int
	// Dirs limits the import to these folders of the source.
	Dirs []string
	// Files, when set, is the list to import instead of discovering it.
	Files []File
	// Slots, when set, bounds how many files are copied at once across
	// every import sharing it (a docking service's recorders): their copy
	// buffers and hashing are one pool sized to the disk and the cores,
	// however many recorders are docked.
	Slots chan struct{}
	// MediaDirs are the recorder's media folders (its device profile's):
	// of two copies of one content, the one in a media folder is the
	// recording.
	MediaDirs []string
	// Problems are entries found unreadable while listing Files; each counts
	// as a file that failed.
	Problems []Problem
	// Started is called with the run's id once it has begun.
	Started func(importID string)
	// Progress receives progress about ten times a second and at the end.
	Progress func(Progress)
	// Describe tells what a recording's metadata and name say (recording
	// time, duration, flags). It reads the archived copy, never the recorder.
	Describe func(f File, copy io.ReaderAt, size int64) records.Facts
}

// Result is the outcome of Import.
type Result struct {
	ImportID string
	Reason   string // empty when complete; else one of the Reason constants
	records.Summary
	Recordings []Imported // what each file became, for follow-up checks
	Seen       []File     // files an earlier import of this recorder archived, not read again
	Empties    []File     // zero-length files, recorded per recorder and name
}

// Left lists the files of the run that are not verified in the archive:
// what is still only on the recorder.
func (r Result) Left(files []File) []string {
	done := map[string]bool{}
	for _, im := range r.Recordings {
		done[im.File.Path] = true
	}
	for _, f := range append(r.Seen, r.Empties...) {
		done[f.Path] = true
	}
	var left []string
	for _, f := range files {
		if !done[f.Path] {
			left = append(left, f.Path)
		}
	}
	return left
}

// Imported is one file that is now in the archive.
type Imported struct {
	File        File
	RecordingID string
	Duplicate   bool
	Facts       records.Facts
}

// Import copies every recording of fsys into the archive as one import run.
// It returns an error only when the run cannot start; everything that goes
// wrong after that is in the Result, whose Status is complete only when every
// recording found is verified in the archive.
func Import(ctx context.Context, sess *store.Session, fsys fs.FS, spec records.ImportSpec, opts Options) (Result, error) {
	run, err := records.BeginImport(ctx, sess, spec)
	if err != nil {
		return Result{}, err
	}
	if opts.Started != nil {
		opts.Started(run.ID)
	}
	files, problems := opts.Files, opts.Problems
	if files == nil {
		files, problems = Discover(fsys, opts.Dirs)
	}
	im := &importer{run: run, fsys: fsys, opts: opts, problems: problems}
	im.res.ImportID = run.ID
	im.res.Files = len(files) + len(problems)
	im.res.Failed = len(problems)
	im.execute(ctx, files)
	return im.finish(ctx)
}

// ImportDir imports the folder or mounted volume at dir, every recording
// under it (see VolumeFS.Survey).
func ImportDir(ctx context.Context, sess *store.Session, dir string, spec records.ImportSpec, opts Options) (Result, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New("not a folder")
		}
		return Result{}, fmt.Errorf("ingest: %s: %w", dir, err)
	}
	if spec.Source == "" {
		spec.Source = dir
	}
	vol, err := OpenVolume(dir)
	if err != nil {
		return Result{}, err
	}
	defer vol.Close()
	if opts.Files == nil {
		sv := vol.Survey(nil)
		opts.Files, opts.Problems = sv.Files, sv.Problems
	}
	return Import(ctx, sess, vol, spec, opts)
}

type importer struct {
	run      *records.ImportRun
	fsys     fs.FS
	opts     Options
	tr       *tracker
	mu       sync.Mutex
	res      Result
	problems []Problem
	reason   string
}

func (im *importer) execute(ctx context.Context, files []File) {
	var total int64
	for _, f := range files {
		total += f.Size
	}
	im.tr = newTracker(len(files), total, im.opts.Progress)
	defer im.tr.close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	halt := func(reason string) {
		if reason != "" {
			im.stop(reason)
			cancel(errors.New(reason))
		}
	}
	workers := im.opts.Workers
	if workers <= 0 {
		workers = digest.Streams()
	}
	// Two stages: readers copy and hash (the cores), sealers fsync, read
	// back and commit (the archive disk). A reader hands its copy over and
	// takes the next file at once, so the cores do not wait on the disk.
	jobs, sealing := make(chan job), make(chan copied)
	var readers, sealers sync.WaitGroup
	for range workers {
		readers.Go(func() {
			for j := range jobs {
				c, stop := im.copy(ctx, j.f)
				c.done = j.done
				if c.tmp != nil {
					sealing <- c
				} else {
					im.tr.files.Add(1)
					j.done()
				}
				halt(stop)
			}
		})
	}
	// Sealing mostly waits on the disk, so more sealers than readers keep
	// many small recordings' fsyncs from queuing behind one large read-back.
	for range 2 * min(runtime.NumCPU()+1, 5) {
		sealers.Go(func() {
			for c := range sealing {
				halt(im.seal(ctx, c))
				im.tr.files.Add(1)
				c.done()
			}
		})
	}
feed:
	for _, wave := range waves(files, im.opts.MediaDirs) {
		var wg sync.WaitGroup
		for _, f := range wave {
			wg.Add(1)
			select {
			case jobs <- job{f, wg.Done}:
			case <-ctx.Done():
				wg.Done()
				break feed
			}
		}
		wg.Wait() // the canonical copies are in before their twins begin
	}
	close(jobs)
	readers.Wait()
	close(sealing)
	sealers.Wait()
	if im.reason == "" && ctx.Err() != nil {
		im.stop(ReasonCancelled)
	}
}

func (im *importer) stop(reason string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.reason == "" {
		im.reason = reason
	}
}

func (im *importer) fail(f File, err error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.problems = append(im.problems, Problem{Path: f.Path, Err: err})
	im.res.Failed++
}

// copied is a file read and hashed into a temp file, waiting to be sealed.
type copied struct {
	f       File
	tmp     *archive.TempFile
	sum     digest.Sum
	chunks  digest.Chunks
	n       int64
	done    func() // the file is finished with, whatever became of it
	release func() // gives back its room on the archive disk
}

// job is one file to copy, and what to call when it is finished with.
type job struct {
	f    File
	done func()
}

// waves orders a run's files, largest first (the longest single hash
// starts at once instead of holding up the end of the run), in two waves:
// where files are of one size and so may be one content, the copy in a
// media folder (else the first by path) goes in the first wave and its
// twins in the second. Of two copies of one content on a volume the first
// wave's is then always the recording, the other a sighting, whatever the
// order the disk answered in.
func waves(files []File, mediaDirs []string) [][]File {
	bySize := map[int64][]File{}
	for _, f := range files {
		bySize[f.Size] = append(bySize[f.Size], f)
	}
	var first, second []File
	for _, group := range bySize {
		slices.SortFunc(group, func(a, b File) int {
			am, bm := InMediaFolder(a.Path, mediaDirs), InMediaFolder(b.Path, mediaDirs)
			if am != bm {
				if am {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.Path, b.Path)
		})
		first = append(first, group[0])
		second = append(second, group[1:]...)
	}
	for _, w := range [][]File{first, second} {
		slices.SortStableFunc(w, func(a, b File) int {
			return cmp.Or(cmp.Compare(b.Size, a.Size), cmp.Compare(a.Path, b.Path))
		})
	}
	if len(second) == 0 {
		return [][]File{first}
	}
	return [][]File{first, second}
}

// copy reads one file into a temp file in the archive, hashing it on the
// way. It returns the copy (tmp nil when there is nothing to seal: the file
// was seen before, or failed) and a reason when the whole run must stop.
func (im *importer) copy(ctx context.Context, f File) (copied, string) {
	if ctx.Err() != nil {
		return copied{}, ""
	}
	im.tr.setCurrent(f.Path)
	if seen, err := im.run.Seen(ctx, f.Path, f.Size, f.ModTime); err != nil {
		if ctx.Err() != nil {
			// Cancelled between the check above and the query: the run
			// ends cancelled, and nothing is blamed on this file.
			return copied{}, ""
		}
		im.fail(f, err)
		return copied{}, ReasonInternal
	} else if seen {
		im.tr.bytes.Add(f.Size)
		im.mu.Lock()
		im.res.Skipped++
		im.res.Seen = append(im.res.Seen, f)
		im.mu.Unlock()
		return copied{}, ""
	}
	if im.opts.Slots != nil {
		select {
		case im.opts.Slots <- struct{}{}:
			defer func() { <-im.opts.Slots }()
		case <-ctx.Done():
			return copied{}, ""
		}
	}
	// Room on the archive disk first: when it is full, what fits is
	// archived and the rest left on the recorder, named.
	release, err := im.run.Reserve(ctx, f.Size)
	if err != nil {
		if stopped(ctx, err) {
			return copied{}, ""
		}
		// It does not fit: it stays on the recorder, named, and the run
		// ends as disk full once the files that fit are in.
		im.stop(ReasonDiskFull)
		return copied{}, ""
	}
	src, err := im.fsys.Open(f.OpenPath())
	if err != nil {
		release()
		if gone := im.sourceCheck(); gone != "" {
			// The recorder went before this file was begun: it is not a
			// failed file but one of those the interrupted run left.
			return copied{}, gone
		}
		im.fail(f, fmt.Errorf("cannot open: %w", err))
		return copied{}, ""
	}
	defer src.Close()
	tmp, err := im.run.CreateTemp()
	if err != nil {
		release()
		im.fail(f, err)
		return copied{}, reasonOf(err)
	}
	sum, chunks, n, err := digest.CopyChunked(tmp, countingReader{stoppable{ctx, pagecache.ReadOnce(src)}, im.tr})
	if err != nil {
		release()
		tmp.Discard()
		if stopped(ctx, err) {
			// The run was stopped (cancelled, or another file found the disk
			// full or the recorder gone) and the read ended for that, not
			// for an error of this file: it is left for next time.
			return copied{}, ""
		}
		var re *digest.ReadError
		if errors.As(err, &re) {
			im.fail(f, fmt.Errorf("reading failed after %d bytes: %w", n, re.Err))
			return copied{}, im.sourceCheck()
		}
		im.fail(f, fmt.Errorf("writing to the archive failed: %w", err))
		return copied{}, reasonOf(err)
	}
	return copied{f: f, tmp: tmp, sum: sum, chunks: chunks, n: n, release: release}, ""
}

// seal describes a copy, proves it on the disk and commits it as a
// recording (store.ImportRun.Archive). It returns a reason when the whole
// run must stop.
func (im *importer) seal(ctx context.Context, c copied) string {
	defer c.release()
	f, n := c.f, c.n
	if ctx.Err() != nil { // stopped: left for next time, as in copy
		c.tmp.Discard()
		return ""
	}
	var facts records.Facts
	if im.opts.Describe != nil {
		facts = im.opts.Describe(f, c.tmp, n)
	}
	got, err := im.run.Archive(ctx, c.tmp, records.Incoming{
		Name: path.Base(f.Path), SourcePath: f.Path, FileTime: f.ModTime, Kind: f.Kind,
		Sum: c.sum, Chunks: c.chunks, Size: n, Facts: facts})
	if stopped(ctx, err) {
		return "" // stopped mid-seal: Archive undid its part; left for next time
	}
	if err != nil {
		im.fail(f, err)
		return reasonOf(err)
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if got.Empty {
		im.res.Empty++
		im.res.Empties = append(im.res.Empties, f)
		im.problems = append(im.problems, Problem{Path: f.Path, Warning: true,
			Err: errors.New("the file is empty (0 bytes): recorded for this recorder and listed for a look, nothing to archive")})
		return ""
	}
	im.res.Bytes += n
	if got.Duplicate {
		im.res.Duplicates++
	} else {
		im.res.New++
	}
	if slices.Contains(facts.Flags, records.FlagNotMedia) {
		im.problems = append(im.problems, Problem{Path: f.Path, Warning: true,
			Err: errors.New("no recognisable media (all zeros, or a format no recorder writes): archived as it is, flagged not_media")})
	}
	if n != f.Size {
		im.problems = append(im.problems, Problem{Path: f.Path, Warning: true,
			Err: fmt.Errorf("the file changed size while it was read (%d bytes listed, %d read); archived as read", f.Size, n)})
	}
	im.res.Recordings = append(im.res.Recordings, Imported{File: f, RecordingID: got.RecordingID, Duplicate: got.Duplicate, Facts: facts})
	return ""
}

// stopped tells whether err is the run's own stop rather than a fault.
func stopped(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err())
}

// sourceCheck tells whether a failure was the whole recorder going away.
func (im *importer) sourceCheck() string {
	if _, err := fs.ReadDir(im.fsys, "."); err != nil {
		return ReasonSourceGone
	}
	return ""
}

func reasonOf(err error) string {
	switch {
	case archive.IsDiskFull(err): // also a plain ENOSPC from writing the temp file
		return ReasonDiskFull
	case errors.Is(err, archive.ErrCopyMismatch):
		return "" // that file failed; the others may still go
	case errors.Is(err, context.Canceled):
		return ReasonCancelled
	}
	return ""
}

func (im *importer) finish(ctx context.Context) (Result, error) {
	res := im.res
	res.Reason = im.reason
	failedFiles := 0
	for _, p := range im.problems {
		res.Problems = append(res.Problems, records.FileProblem{Path: p.Path, Err: p.Err.Error()})
		if !p.Warning {
			failedFiles++
		}
	}
	switch {
	case res.Reason == ReasonDiskFull:
		res.Status = store.StatusFailed
		saved := res.New + res.Duplicates + res.Skipped + res.Empty
		res.Message = fmt.Sprintf("磁盘已满：已保存 %d 个，剩余 %d 个仍在记录仪上。The archive disk is full: %d recordings are archived and verified, %d are still only on the recorder; nothing is half-recorded. Free space (or move the data folder) and dock the recorder again to finish.",
			saved, res.Files-saved, saved, res.Files-saved)
	case res.Reason == ReasonSourceGone:
		res.Status = store.StatusInterrupted
		res.Message = fmt.Sprintf("The recorder disappeared during the import (pulled out or unmounted). %d of %d recordings are archived and verified; dock it again to finish.", res.New+res.Duplicates+res.Skipped, res.Files)
	case res.Reason != "":
		res.Status = store.StatusInterrupted
		res.Message = fmt.Sprintf("The import stopped (%s). %d of %d recordings are archived and verified; run it again to finish.", res.Reason, res.New+res.Duplicates+res.Skipped, res.Files)
	case failedFiles > 0:
		res.Status = store.StatusInterrupted
		res.Reason = ReasonFileErrors
		res.Message = fmt.Sprintf("%d of %d recordings could not be imported; see the list of files. The others are archived and verified.", failedFiles, res.Files)
	default:
		res.Status = store.StatusComplete
		res.Message = fmt.Sprintf("%d recordings verified in the archive (%d new, %d already archived, %d from an earlier import).", res.Files-res.Empty, res.New, res.Duplicates, res.Skipped)
		if res.Empty > 0 {
			res.Message += fmt.Sprintf(" %d empty files recorded and listed for a look.", res.Empty)
		}
	}
	if err := im.run.Finish(ctx, res.Summary); err != nil {
		return res, err
	}
	return res, nil
}

package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"evidock/access"
	"evidock/regulation"
	"evidock/retention"
	"evidock/store"
)

// Phase is a step of an export run, for progress reports.
type Phase string

// The phases of Run, in order. Copy includes building each disc's image.
const (
	PhaseCopy  Phase = "copy"  // copying and re-hashing recordings into the bags, building the images
	PhaseCheck Phase = "check" // verifying an image (no burner)
	PhaseBurn  Phase = "burn"  // burning a disc
	PhaseRead  Phase = "read"  // reading a burned disc back and verifying it
	PhaseDone  Phase = "done"
)

// Progress is one progress report of Run.
type Progress struct {
	Phase       Phase
	Disc, Discs int   // the disc concerned (check, burn, read); 0 while copying
	Done, Total int64 // bytes copied so far and in all (copy)
}

// Options say how an export runs, as opposed to what it exports.
type Options struct {
	// Device is the burner ("/dev/sr0", or "stdio:/path" for a file-backed
	// pseudo drive); "" writes the images only, for an external burner. A
	// "%d" in it is replaced by the disc number (one pseudo drive per disc).
	Device string
	// Progress, if not nil, gets progress reports; it is called from the
	// goroutine that called Run, often (throttle redraws).
	Progress func(Progress)
	// BeforeBurn, if not nil, is called before each disc is burned, so the
	// user can insert a blank disc; an error ends the export as failed.
	BeforeBurn func(ctx context.Context, disc, discs int, device string) error
	// Location is the time zone of file names and times on the disc;
	// nil is time.Local.
	Location *time.Location
}

// Spec is an evidence export to run.
type Spec struct {
	Request    int64    // the approved evidence-extraction request
	Recordings []string // which of its recordings; none: all (or the case's)
	// Case, if set, is the number of a store case: its recordings are
	// exported (the request must cover every one of them, else the export
	// is refused) and its number and name fill an empty CaseNumber and
	// CaseName.
	Case string
	// Description is the written description. CaseNumber "" becomes the
	// case's number or else "REQ-<request>"; ExtractedAt zero becomes the
	// time the export begins. Without Case, case number and name are free
	// text.
	Description Description
	Medium      Medium
	Capacity    int64  // bytes per disc, overriding Medium's (unusual media, tests)
	OutDir      string // must not exist or be empty
	Options
}

// Result is what a complete export made.
type Result struct {
	Export access.Export
	Discs  []Disc
	Files  []access.ExportFile
}

// ErrFailed marks an export that began and then failed: its export.failed
// entry is in the ledger and it can be retried.
var ErrFailed = errors.New("export failed")

// ErrCancelled marks an export whose context was cancelled (the user's
// 取消): like any failure it removed what it wrote to the output folder and
// ended as failed with a cancelled export.failed entry, holding nothing; it
// can be retried. An error wrapping ErrCancelled also wraps ErrFailed.
var ErrCancelled = errors.New("export cancelled")

// cancelledReason is the reason a cancelled attempt is recorded with.
const cancelledReason = "cancelled by the user"

// Run exports recordings as evidence (Art. 15): it checks the request and
// writes export.begin (store.BeginExport), copies the archived recordings
// into one self-contained bag per disc — re-hashing every byte, with 说明.pdf
// and the ledger's tree head and proofs of each recording's import, of the
// approval and of export.begin — builds the ISO images, burns and reads back
// each disc when a device is given (else verifies each image), and writes
// export.complete with every image's and file's hashes. Any failure after
// export.begin writes export.failed with the reason, removes what was
// written to OutDir, and returns an error wrapping ErrFailed. Refusals wrap
// store.ErrRefused.
func Run(ctx context.Context, sess *store.Session, spec Spec) (Result, error) {
	if _, err := spec.Medium.Capacity(); err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	if spec.Capacity < 0 {
		return Result{}, fmt.Errorf("export: disc capacity %d is negative", spec.Capacity)
	}
	if strings.TrimSpace(spec.OutDir) == "" {
		return Result{}, errors.New("export: no output folder")
	}
	out, err := filepath.Abs(spec.OutDir)
	if err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	if err := checkEmptyDir(out); err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	d := spec.Description
	if spec.Case != "" {
		c, err := retention.CaseByNumber(ctx, sess, spec.Case)
		if err != nil {
			return Result{}, fmt.Errorf("export: %w", err)
		}
		if len(c.Recordings) == 0 {
			return Result{}, fmt.Errorf("export: case %s holds no recordings", c.Number)
		}
		spec.Recordings = append(spec.Recordings, c.Recordings...)
		if strings.TrimSpace(d.CaseNumber) == "" {
			d.CaseNumber = c.Number
		}
		if strings.TrimSpace(d.CaseName) == "" {
			d.CaseName = c.Name
		}
	}
	if strings.TrimSpace(d.CaseNumber) == "" {
		d.CaseNumber = fmt.Sprintf("REQ-%d", spec.Request)
	}
	run, err := access.BeginExport(ctx, sess, access.ExportSpec{
		RequestID: spec.Request, Recordings: spec.Recordings, Medium: string(spec.Medium), Capacity: spec.Capacity,
		OutDir: out, Device: spec.Device,
		Description: access.ExportDescription{CaseNumber: d.CaseNumber, CaseName: d.CaseName, Content: d.Content,
			Maker: d.Maker, Extractor: d.Extractor, Organization: d.Organization, ExtractedAt: d.ExtractedAt},
	})
	if err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	return finish(ctx, run, spec.Options)
}

// Retry runs a failed export (or one whose process died) again as a new
// attempt with what it was begun with; opts.Device, if set, replaces its
// burner. The request must still be a valid grant.
func Retry(ctx context.Context, sess *store.Session, exportID int64, opts Options) (Result, error) {
	run, err := access.RetryExport(ctx, sess, exportID, opts.Device)
	if err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	return finish(ctx, run, opts)
}

// finish runs an attempt and ends it as complete or failed.
func finish(ctx context.Context, run *access.ExportRun, opts Options) (Result, error) {
	opts.Device = run.Export.Device
	if opts.Progress == nil {
		opts.Progress = func(Progress) {}
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	res, outcome, err := attempt(ctx, run, opts)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err() // cancelled after the last disc: still not complete
	}
	if err != nil {
		removeDiscs(run.Export.OutDir)
		if ctx.Err() != nil {
			return cancelled(ctx, run, err)
		}
		if ferr := run.Fail(ctx, err.Error()); ferr != nil {
			return Result{}, fmt.Errorf("export %d: %w: %v (and recording the failure failed: %v)", run.Export.ID, ErrFailed, err, ferr)
		}
		return Result{Export: run.Export}, fmt.Errorf("export %d: %w: %v", run.Export.ID, ErrFailed, err)
	}
	// Past the last check of ctx the attempt is complete: a cancel now must
	// not leave it running.
	if err := run.Complete(context.WithoutCancel(ctx), outcome); err != nil {
		return Result{}, fmt.Errorf("export %d: %w", run.Export.ID, err)
	}
	res.Export = run.Export
	opts.Progress(Progress{Phase: PhaseDone, Discs: len(res.Discs)})
	return res, nil
}

// cancelled ends a cancelled attempt as failed with the cancelled reason;
// the caller has removed what it wrote.
func cancelled(ctx context.Context, run *access.ExportRun, cause error) (Result, error) {
	if ferr := run.Cancel(ctx, cancelledReason); ferr != nil {
		return Result{}, fmt.Errorf("export %d: %w: %w: %v (and recording the cancel failed: %v)", run.Export.ID, ErrFailed, ErrCancelled, cause, ferr)
	}
	return Result{Export: run.Export}, fmt.Errorf("export %d: %w: %w: %w", run.Export.ID, ErrFailed, ErrCancelled, cause)
}

// attempt builds (and burns) the discs of one attempt.
func attempt(ctx context.Context, run *access.ExportRun, opts Options) (Result, access.ExportOutcome, error) {
	e := run.Export
	items := itemsFor(run.Recordings, opts.Location)
	head, proofs, err := run.Evidence(ctx)
	if err != nil {
		return Result{}, access.ExportOutcome{}, err
	}
	ev := Evidence{TreeSize: head.Size, Root: head.Root, Proofs: proofs}
	signed, vkey, err := run.Checkpoint(ctx, head)
	if err != nil {
		return Result{}, access.ExportOutcome{}, err
	}
	ev.Checkpoint = &Checkpoint{Signed: signed, Verifier: vkey}
	desc := Description{CaseNumber: e.Description.CaseNumber, CaseName: e.Description.CaseName,
		Maker: e.Description.Maker, Extractor: e.Description.Extractor, Content: e.Description.Content,
		Organization: e.Description.Organization, ExtractedAt: run.ExtractedAt.In(opts.Location),
		Request: run.Request.ID, Approver: approver(run.Request), ApprovedAt: run.Request.DecidedAt.In(opts.Location),
		Purpose: run.Request.Reason}
	if err := clearOutDir(e.OutDir); err != nil {
		return Result{}, access.ExportOutcome{}, err
	}
	job := Job{Items: items, Description: desc, Evidence: ev, Medium: Medium(e.Medium), Capacity: e.Capacity,
		Progress: func(done, total int64) { opts.Progress(Progress{Phase: PhaseCopy, Done: done, Total: total}) }}
	discs, err := Export(ctx, e.OutDir, job)
	if err != nil {
		return Result{}, access.ExportOutcome{}, nameRecording(err, items, run.Recordings)
	}
	var out access.ExportOutcome
	for _, d := range discs {
		sd := access.ExportDisc{Disc: d.Number, Of: d.Of, VolumeID: d.VolumeID, Image: d.ISO, SHA256: d.Image.SHA256,
			SM3: d.Image.SM3, Size: d.Image.Size, TagManifestSHA256: d.Bag.TagManifestSHA256}
		if sd.Burned, err = checkDisc(ctx, d, opts); err != nil {
			return Result{}, access.ExportOutcome{}, fmt.Errorf("disc %d of %d: %w", d.Number, d.Of, err)
		}
		out.Discs = append(out.Discs, sd)
	}
	if out.Files, err = discFiles(discs, items, run.Recordings); err != nil {
		return Result{}, access.ExportOutcome{}, err
	}
	return Result{Discs: discs, Files: out.Files}, out, nil
}

// approver names who approved the request, with the role they approved as.
func approver(r access.Request) string {
	if r.DecidedBy == "" {
		return ""
	}
	if r.DecidedAs == "" {
		return r.DecidedBy
	}
	return r.DecidedBy + "（" + regulation.Roles.Word(string(r.DecidedAs), regulation.ZH) + "）"
}

// checkDisc burns disc d and verifies the disc read back, or without a
// device verifies the image. It returns the device burned.
func checkDisc(ctx context.Context, d Disc, opts Options) (string, error) {
	if opts.Device == "" {
		opts.Progress(Progress{Phase: PhaseCheck, Disc: d.Number, Discs: d.Of})
		rep, err := VerifyDisc(ctx, d.ISO)
		if err != nil {
			return "", err
		}
		return "", reportError(d.ISO, rep)
	}
	dev := opts.Device
	if strings.Contains(dev, "%d") {
		dev = strings.ReplaceAll(dev, "%d", fmt.Sprint(d.Number))
	}
	if opts.BeforeBurn != nil {
		if err := opts.BeforeBurn(ctx, d.Number, d.Of, dev); err != nil {
			return "", err
		}
	}
	opts.Progress(Progress{Phase: PhaseBurn, Disc: d.Number, Discs: d.Of})
	img, rep, err := burnAndCheck(ctx, d.ISO, dev, func() {
		opts.Progress(Progress{Phase: PhaseRead, Disc: d.Number, Discs: d.Of})
	})
	if err != nil {
		return "", err
	}
	if img != d.Image {
		return "", fmt.Errorf("the image %s changed while it was burned (SHA-256 %s, built as %s)", d.ISO, img.SHA256, d.Image.SHA256)
	}
	return dev, reportError(dev, rep)
}

// reportError turns a failed verification into an error listing its problems.
func reportError(what string, rep Report) error {
	if rep.OK {
		return nil
	}
	var lines []string
	for _, p := range rep.Problems {
		lines = append(lines, p.String())
	}
	return fmt.Errorf("%s does not verify: %s", what, strings.Join(lines, "; "))
}

// discFiles lists every recording on every disc, in the plan Export used.
func discFiles(discs []Disc, items []Item, recs []access.ExportRecording) ([]access.ExportFile, error) {
	var files []access.ExportFile
	i := 0
	for _, d := range discs {
		for n := 0; n < d.Bag.Files; n++ {
			if i >= len(items) {
				return nil, fmt.Errorf("the discs hold more files than the %d exported", len(items))
			}
			it := items[i]
			files = append(files, access.ExportFile{Disc: d.Number, Name: it.Name, Recording: recs[i].ID,
				SHA256: it.SHA256, SM3: it.SM3, Size: it.Size})
			i++
		}
	}
	if i != len(items) {
		return nil, fmt.Errorf("the discs hold %d of the %d recordings exported", i, len(items))
	}
	return files, nil
}

// nameRecording adds the recording's ID and original name to an error that
// names its file on the disc (such as WriteBag's refusal of an archived copy
// whose hashes differ from the recording's).
func nameRecording(err error, items []Item, recs []access.ExportRecording) error {
	msg := err.Error()
	for i, it := range items {
		if strings.Contains(msg, fmt.Sprintf("recording %q", it.Name)) {
			return fmt.Errorf("%w (recording %s, imported as %s)", err, recs[i].ID, recs[i].OriginalName)
		}
	}
	return err
}

// discEntry matches what Run writes into an output folder.
var discEntry = regexp.MustCompile(`^(disc-[0-9]+(\.iso)?|\.disc-[0-9]+(\.iso)?\.partial-.*)$`)

// clearOutDir removes what an earlier attempt left in dir and refuses a dir
// holding anything else.
func clearOutDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !discEntry.MatchString(e.Name()) {
			return fmt.Errorf("the output folder %s holds %s, which the export did not write; empty it or choose another", dir, e.Name())
		}
	}
	removeDiscs(dir)
	return nil
}

// removeDiscs removes the disc folders and images Run wrote into dir.
func removeDiscs(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if discEntry.MatchString(e.Name()) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

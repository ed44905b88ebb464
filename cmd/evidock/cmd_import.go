package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"evidock/ingest"
	"evidock/ingest/dock"
	"evidock/internal/human"
	"evidock/store"
)

func init() {
	register(command{name: "import", usage: "import [--device ID] [--officer ID] [--json] PATH",
		help: "copy and verify every recording under PATH into the archive", run: (*Main).importCmd})
}

func (m *Main) importCmd(ctx context.Context, args []string) int {
	fs := m.flags("import")
	device := fs.String("device", "", "the recorder's serial number, where the recorder does not tell its own")
	officer := fs.String("officer", "", "the officer (警号) of the recordings whose names carry none")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(m.Stderr, "evidock import: give exactly one PATH (a folder or a mounted recorder)")
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		d, err := dock.NewDocker(sess.Store(), nil, nil, 0)
		if err != nil {
			return err
		}
		var bar *progressBar
		if !*asJSON && isTerminal(m.Stderr) {
			bar = &progressBar{w: m.Stderr}
		}
		var failed string
		emit := func(e dock.Event) {
			switch e.Type {
			case dock.Progress:
				if bar != nil {
					bar.draw(*e.Progress)
				}
			case dock.Failed:
				failed = e.Error
			}
		}
		res, err := d.Dock(ctx, sess, dock.Request{Dir: fs.Arg(0), Serial: *device, Officer: *officer, Explicit: true}, emit)
		if bar != nil {
			bar.done()
		}
		if res == nil {
			// Nothing was imported; --json still prints its object.
			if err == nil {
				err = errors.New(failed)
			}
			res = &dock.Result{Status: store.StatusFailed, Message: err.Error(), Problems: []store.FileProblem{}, NotImported: []ingest.Skipped{}}
		}
		if *asJSON {
			m.printJSON(res)
		} else {
			fmt.Fprintf(m.Stdout, "import %s: %s\n%s\n", res.ImportID, res.Status, res.Message)
			for _, p := range res.Problems {
				fmt.Fprintf(m.Stdout, "  %s: %s\n", p.Path, p.Err)
			}
			if len(res.NotImported) > 0 {
				fmt.Fprintf(m.Stdout, "not imported (%d):\n", len(res.NotImported))
				for _, s := range res.NotImported {
					fmt.Fprintf(m.Stdout, "  %s: %s\n", s.Path, s.Reason)
				}
			}
			if len(res.LeftOnRecorder) > 0 {
				fmt.Fprintf(m.Stdout, "still only on the recorder (%d):\n", len(res.LeftOnRecorder))
				for _, p := range res.LeftOnRecorder {
					fmt.Fprintf(m.Stdout, "  %s\n", p)
				}
			}
		}
		switch {
		case errors.Is(err, dock.ErrSerialMismatch):
			return usageError{err.Error()}
		case err != nil && *asJSON:
			return errProblems // the JSON said it
		case err != nil:
			return err
		case res.Status != store.StatusComplete:
			return errProblems
		}
		return nil
	})
}

// progressBar draws import progress on one terminal line.
type progressBar struct {
	w    interface{ Write([]byte) (int, error) }
	last int
}

func (b *progressBar) draw(p ingest.Progress) {
	const width = 30
	frac := 0.0
	if p.BytesTotal > 0 {
		frac = float64(p.BytesDone) / float64(p.BytesTotal)
	}
	fill := int(frac * width)
	left := ""
	if r := p.Remaining(); r > 0 {
		left = ", " + r.Round(time.Second).String() + " left"
	}
	line := fmt.Sprintf("\r[%s%s] %3.0f%%  %d/%d files  %s/%s  %s/s%s",
		strings.Repeat("#", fill), strings.Repeat(" ", width-fill), frac*100,
		p.FilesDone, p.FilesTotal, human.Bytes(p.BytesDone), human.Bytes(p.BytesTotal), human.Bytes(int64(p.Rate)), left)
	pad := ""
	if len(line) < b.last {
		pad = strings.Repeat(" ", b.last-len(line))
	}
	b.last = len(line)
	fmt.Fprint(b.w, line+pad)
}

func (b *progressBar) done() { fmt.Fprintln(b.w) }

package recordings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"evidock/ingest"
	"evidock/ingest/dock"
	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/records"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "import", Args: "PATH", Help: "import.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActImport, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			device := f.String("device", "", "import.device")
			officer := f.String("officer", "", "import.officer")
			return func(ctx context.Context, x *cli.Call) error {
				limitImportMemory(x)
				return importCmd(x, ctx, dock.Request{Dir: x.Args[0], Serial: *device, Officer: *officer, Explicit: true})
			}
		}})
}

func importCmd(x *cli.Call, ctx context.Context, req dock.Request) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	d, err := dock.NewDocker(sess.Store(), nil, nil, 0)
	if err != nil {
		return err
	}
	var bar *progressBar
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		bar = &progressBar{w: x.Stderr, m: x.Main}
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
	res, err := d.Dock(ctx, sess, req, emit)
	if bar != nil {
		bar.Done()
	}
	if res == nil {
		// Nothing was imported; --json still prints its object.
		if err == nil {
			err = errors.New(failed)
		}
		res = &dock.Result{Status: store.StatusFailed, Message: err.Error(), Problems: []records.FileProblem{}, NotImported: []ingest.Skipped{}}
	}
	if x.JSON {
		x.PrintJSON(res)
	} else {
		printImport(x.Main, res)
	}
	switch {
	case errors.Is(err, dock.ErrSerialMismatch):
		return err // a refusal: exit 2
	case err != nil && x.JSON:
		return cli.ErrReported // the JSON said it
	case err != nil:
		return err
	case res.Status != store.StatusComplete:
		return cli.ErrReported // an import that did not complete is a fault: exit 3
	}
	return nil
}

// printImport says how an import went, and what is left on the recorder.
func printImport(m *cli.Main, res *dock.Result) {
	fmt.Fprintln(m.Stdout, m.Tr("import.result", res.ImportID, res.Status))
	fmt.Fprintln(m.Stdout, res.Message)
	for _, p := range res.Problems {
		fmt.Fprintf(m.Stdout, "  %s: %s\n", p.Path, p.Err)
	}
	if len(res.NotImported) > 0 {
		fmt.Fprintln(m.Stdout, m.Tr("import.not_imported", len(res.NotImported)))
		for _, s := range res.NotImported {
			fmt.Fprintf(m.Stdout, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	if len(res.LeftOnRecorder) > 0 {
		fmt.Fprintln(m.Stdout, m.Tr("import.left_on_recorder", len(res.LeftOnRecorder)))
		for _, p := range res.LeftOnRecorder {
			fmt.Fprintf(m.Stdout, "  %s\n", p)
		}
	}
}

// progressBar draws import progress on one terminal line.
type progressBar struct {
	w    io.Writer
	m    *cli.Main
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
		left = b.m.Tr("import.left", human.Clock(r))
	}
	line := "\r[" + strings.Repeat("#", fill) + strings.Repeat(" ", width-fill) + "] " + b.m.Tr("import.progress",
		frac*100, p.FilesDone, p.FilesTotal, human.Bytes(p.BytesDone), human.Bytes(p.BytesTotal), human.Bytes(int64(p.Rate)), left)
	pad := ""
	if len(line) < b.last {
		pad = strings.Repeat(" ", b.last-len(line))
	}
	b.last = len(line)
	fmt.Fprint(b.w, line+pad)
}

func (b *progressBar) Done() { fmt.Fprintln(b.w) }

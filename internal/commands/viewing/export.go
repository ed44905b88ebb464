package viewing

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/access"
	"evidock/export"
	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "export", Help: "export.help", Who: cli.UserOnly, Needs: store.ActExport, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			var spec export.Spec
			d := &spec.Description
			req := f.Int64("request", 0, "export.request")
			retry := f.Int64("retry", 0, "export.retry")
			f.StringVar(&d.Maker, "maker", "", "export.maker")
			f.StringVar(&d.Extractor, "extractor", "", "export.extractor")
			medium := f.String("medium", "", "export.medium")
			f.StringVar(&spec.OutDir, "out", "", "export.out")
			burn := f.String("burn", "", "export.burn")
			f.StringVar(&d.CaseNumber, "case-number", "", "export.case_number")
			f.StringVar(&d.CaseName, "case-name", "", "export.case_name")
			f.StringVar(&d.Content, "content", "", "export.content")
			f.StringVar(&d.Organization, "organization", "", "export.organization")
			recs := f.String("recordings", "", "export.recordings")
			f.StringVar(&spec.Case, "case", "", "export.case")
			capMB := f.Int64("capacity-mb", 0, "export.capacity_mb")
			f.Hide("capacity-mb")
			return func(ctx context.Context, x *cli.Call) error {
				if (*req == 0) == (*retry == 0) {
					return x.Usagef("export.request_or_retry")
				}
				spec.Request, spec.Medium, spec.Capacity, spec.Recordings = *req, export.Medium(*medium), *capMB*1_000_000, cli.SplitList(*recs)
				return exportCmd(x, ctx, spec, *retry, *burn)
			}
		}},
		cli.Command{Name: "exports", Help: "exports.help", Who: cli.UserOnly, Needs: store.ActExportRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				req := f.Int64("request", 0, "exports.request")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					list, err := access.Exports(ctx, sess, access.ExportFilter{RequestID: *req})
					if err != nil {
						return err
					}
					return cli.PrintList(x, list, "exports.header", func(w io.Writer, e access.Export) {
						fmt.Fprintf(w, "%d\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", e.ID, e.Status, e.RequestID, e.Discs, len(e.Recordings), e.CreatedBy,
							e.CreatedAt.Local().Format(time.DateTime), strings.ReplaceAll(e.Message, "\n", " "))
					})
				}
			}},
		cli.Command{Name: "exports release", Args: "EXPORT_ID", Help: "exports.release.help", Who: cli.UserOnly, Needs: store.ActExportRelease,
			Flags: func(f *cli.Flags) cli.RunFunc {
				reason := f.String("reason", "", "exports.release.reason")
				return func(ctx context.Context, x *cli.Call) error {
					return x.WithID(ctx, func(sess *store.Session, id int64) error {
						if err := access.ReleaseExport(ctx, sess, id, *reason); err != nil {
							return err
						}
						x.Done("exports.released", id)
						return nil
					})
				}
			}},
		cli.Command{Name: "verify-disc", Args: "PATH", Help: "verify_disc.help", Who: cli.NoSession, JSON: cli.JSONObject,
			Flags: func(f *cli.Flags) cli.RunFunc {
				withLedger := f.Bool("ledger", false, "verify_disc.ledger")
				return func(ctx context.Context, x *cli.Call) error { return verifyDisc(x, ctx, *withLedger) }
			}})
}

func exportCmd(x *cli.Call, ctx context.Context, spec export.Spec, retry int64, burn string) error {
	opts := export.Options{Device: burn, Progress: exportProgress(x.Main, x.JSON)}
	opts.BeforeBurn = func(_ context.Context, disc, discs int, dev string) error {
		if discs == 1 || strings.HasPrefix(dev, "stdio:") {
			return nil
		}
		fmt.Fprintln(x.Stderr, x.Tr("export.insert_disc", disc, discs, dev))
		_, err := x.ReadLine()
		return err
	}
	if retry == 0 {
		var missing []string
		for _, f := range []struct{ name, v string }{{"--maker", spec.Description.Maker}, {"--extractor", spec.Description.Extractor},
			{"--medium", string(spec.Medium)}, {"--out", spec.OutDir}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			return x.Usagef("usage.missing", strings.Join(missing, ", "))
		}
		spec.Options = opts
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	var res export.Result
	if retry != 0 {
		res, err = export.Retry(ctx, sess, retry, opts)
	} else {
		res, err = export.Run(ctx, sess, spec)
	}
	if errors.Is(err, export.ErrFailed) {
		return fmt.Errorf("%w\n%s", err, x.Tr("export.retry_with", res.Export.ID))
	}
	if err != nil {
		return err
	}
	printExport(x, res)
	return nil
}

// exportProgress reports progress on a terminal, at most ten times a second.
func exportProgress(m *cli.Main, quiet bool) func(export.Progress) {
	if quiet || !cli.IsTerminal(m.Stderr) {
		return nil
	}
	var last time.Time
	return func(p export.Progress) {
		if p.Phase == export.PhaseCopy && p.Done < p.Total && time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		switch p.Phase {
		case export.PhaseCopy:
			fmt.Fprintf(m.Stderr, "\r%s   ", m.Tr("export.progress.copy", human.Bytes(p.Done), human.Bytes(p.Total)))
		case export.PhaseCheck:
			fmt.Fprintf(m.Stderr, "\r%s      ", m.Tr("export.progress.check", p.Disc, p.Discs))
		case export.PhaseBurn:
			fmt.Fprintf(m.Stderr, "\r%s      ", m.Tr("export.progress.burn", p.Disc, p.Discs))
		case export.PhaseRead:
			fmt.Fprintf(m.Stderr, "\r%s      ", m.Tr("export.progress.read", p.Disc, p.Discs))
		case export.PhaseDone:
			fmt.Fprintln(m.Stderr)
		}
	}
}

// exportJSON is what `export --json` prints.
type exportJSON struct {
	Export access.Export       `json:"export"`
	Discs  []discJSON          `json:"discs"`
	Files  []access.ExportFile `json:"files"`
}

type discJSON struct {
	Disc     int    `json:"disc"`
	Of       int    `json:"of"`
	Folder   string `json:"folder"`
	Image    string `json:"image"`
	VolumeID string `json:"volume_id"`
	SHA256   string `json:"sha256"`
	SM3      string `json:"sm3"`
	Size     int64  `json:"size"`
}

func printExport(x *cli.Call, res export.Result) {
	m := x.Main
	if x.JSON {
		out := exportJSON{Export: res.Export, Files: res.Files, Discs: []discJSON{}}
		for _, d := range res.Discs {
			out.Discs = append(out.Discs, discJSON{Disc: d.Number, Of: d.Of, Folder: d.Bag.Dir, Image: d.ISO, VolumeID: d.VolumeID,
				SHA256: d.Image.SHA256, SM3: d.Image.SM3, Size: d.Image.Size})
		}
		m.PrintJSON(out)
		return
	}
	e := res.Export
	fmt.Fprintln(m.Stdout, m.Tr("export.done", e.ID, len(res.Files), len(res.Discs), e.RequestID, e.OutDir))
	for _, d := range res.Discs {
		where := m.Tr("export.image_ready")
		if e.Device != "" {
			where = m.Tr("export.burned")
		}
		fmt.Fprintf(m.Stdout, "%s  %s  (%s)\n  SHA-256 %s\n  SM3     %s\n", m.Tr("export.disc", d.Number, d.Of), d.ISO, where, d.Image.SHA256, d.Image.SM3)
	}
}

// verifyDiscJSON is what `verify-disc --json` prints.
type verifyDiscJSON struct {
	OK        bool          `json:"ok"`
	Files     int           `json:"files"`
	Problems  []problemJSON `json:"problems"`
	TreeSize  int64         `json:"tree_size"`
	Root      string        `json:"root"`
	ExportSeq int64         `json:"export_seq"` // the proven export.begin entry; -1 if none
	Ledger    string        `json:"ledger,omitempty"`
}

type problemJSON struct {
	Path string `json:"path"`
	What string `json:"what"`
}

func verifyDisc(x *cli.Call, ctx context.Context, withLedger bool) error {
	m, path := x.Main, x.Args[0]
	rep, err := export.VerifyDisc(ctx, path)
	if err != nil {
		return err
	}
	out := verifyDiscJSON{OK: rep.OK, Files: rep.Files, Problems: []problemJSON{}, ExportSeq: -1}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, problemJSON{p.Path, p.What})
	}
	if ev, err := export.ReadEvidence(ctx, path); err == nil {
		out.TreeSize, out.Root, out.ExportSeq = ev.TreeSize, base64.StdEncoding.EncodeToString(ev.Root[:]), ev.ExportSeq()
		if withLedger {
			p, err := checkTreeHead(m, ctx, ev)
			if err != nil {
				return err
			}
			out.Ledger = "recorded"
			if p != "" {
				out.Ledger, out.OK = "not recorded", false
				out.Problems = append(out.Problems, problemJSON{export.TreeHeadFile, p})
			}
		}
	}
	if x.JSON {
		m.PrintJSON(out)
	} else {
		for _, p := range out.Problems {
			fmt.Fprintf(m.Stdout, "%s: %s\n", p.Path, p.What)
		}
		if out.OK {
			var more string
			if out.ExportSeq >= 0 {
				more += m.Tr("verify_disc.export_entry", out.ExportSeq)
			}
			if out.Ledger != "" {
				more += m.Tr("verify_disc.recorded")
			}
			fmt.Fprintln(m.Stdout, m.Tr("verify_disc.ok", out.Files, out.TreeSize, more))
		}
	}
	if !out.OK {
		return cli.ErrFailed
	}
	return nil
}

// checkTreeHead says what is wrong when the disc's tree head is not one the
// data folder's ledger recorded ("" when it is). It does not create a data
// folder that is not there.
func checkTreeHead(m *cli.Main, ctx context.Context, ev export.Evidence) (string, error) {
	if _, err := os.Stat(filepath.Join(m.DataDir(), store.DBName)); err != nil {
		return "", fmt.Errorf("%s: %w", m.Tr("verify_disc.no_ledger", m.DataDir()), err)
	}
	st, err := store.Open(m.DataDir())
	if err != nil {
		return "", err
	}
	defer st.Close()
	if ev.Checkpoint != nil {
		if _, err := st.CheckCheckpoint(ctx, ev.Checkpoint.Signed); err != nil {
			r := cli.CheckpointResult(err, ev.TreeSize)
			if h, herr := st.Head(ctx); herr == nil {
				r.Ledger = h.Size
			}
			return export.CheckpointFile + ": " + m.CheckpointProblem(r), nil
		}
	}
	head, err := access.TreeHeadAt(ctx, st, ev.TreeSize)
	if errors.Is(err, store.ErrNotFound) {
		return m.Tr("verify_disc.no_tree", ev.TreeSize), nil
	}
	if err != nil {
		return "", err
	}
	if head.Root != ev.Root {
		return m.Tr("verify_disc.other_root", ev.TreeSize), nil
	}
	return "", nil
}

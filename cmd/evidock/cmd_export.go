package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/export"
	"evidock/internal/human"
	"evidock/store"
)

func init() {
	register(command{name: "export",
		usage: "export --request REQ --maker NAME --extractor NAME --medium cd|dvd|dvd-dl|bd --out DIR [--burn DEVICE] [--case-number X --case-name Y --content TEXT] [--recordings ID,…|--case NUMBER] | export --retry EXPORT_ID [--burn DEVICE]",
		help:  "make an evidence copy (custodian, under an approved extraction request): disc images, description, ledger proofs; burn and read back", run: (*Main).exportCmd})
	register(command{name: "exports", usage: "exports [--request REQ] [--json] | exports release EXPORT_ID --reason TEXT",
		help: "list evidence exports and their state (a failed one can be retried); release a completed export's hold on its recordings", run: (*Main).exportsCmd})
	register(command{name: "verify-disc", usage: "verify-disc PATH [--json] [--ledger]",
		help: "check an evidence disc (ISO file, drive, mounted disc or folder) from the disc alone", run: (*Main).verifyDiscCmd})
}

// hiddenFlags are left out of the usage text (tests and unusual media).
var hiddenFlags = map[string]bool{"capacity-mb": true}

func (m *Main) exportCmd(ctx context.Context, args []string) int {
	fs := m.flags("export")
	req := fs.Int64("request", 0, "the approved evidence-extraction request")
	retry := fs.Int64("retry", 0, "retry this failed export instead")
	maker := fs.String("maker", "", "制作人: who makes the copy")
	extractor := fs.String("extractor", "", "提取人: who takes it")
	medium := fs.String("medium", "", "disc: cd, dvd, dvd-dl or bd")
	out := fs.String("out", "", "folder for the disc folders and ISO images (must not exist or be empty)")
	burn := fs.String("burn", "", "burn to this drive (/dev/sr0; stdio:FILE for a file); %d is the disc number")
	caseNumber := fs.String("case-number", "", "案件编号 (default REQ-<request>)")
	caseName := fs.String("case-name", "", "案件名称")
	content := fs.String("content", "", "what the recordings show")
	org := fs.String("organization", "", "the bureau, for the description")
	recs := fs.String("recordings", "", "comma-separated recording IDs (default: all of the request's)")
	caseNo := fs.String("case", "", "export this case's recordings; its number and name fill the description")
	asJSON := fs.Bool("json", false, "print the export, its discs and files as JSON")
	capMB := fs.Int64("capacity-mb", 0, "disc size in MB (10^6 bytes), overriding the medium")
	fs.Usage = func() {
		c := commands["export"]
		fmt.Fprintf(m.Stderr, "usage: evidock [--user NAME] %s\n%s\n", c.usage, c.help)
		printVisibleDefaults(fs)
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 || (*req == 0) == (*retry == 0) {
		fmt.Fprintln(m.Stderr, "evidock export: give either --request REQ or --retry EXPORT_ID")
		fs.Usage()
		return exitUsage
	}
	opts := export.Options{Device: *burn, Progress: m.exportProgress(*asJSON)}
	opts.BeforeBurn = func(_ context.Context, disc, discs int, dev string) error {
		if discs == 1 || strings.HasPrefix(dev, "stdio:") {
			return nil
		}
		fmt.Fprintf(m.Stderr, "insert a blank disc for disc %d of %d into %s and press Enter\n", disc, discs, dev)
		_, err := m.readLine()
		return err
	}
	var spec export.Spec
	if *req != 0 {
		var missing []string
		for _, f := range []struct{ name, v string }{{"--maker", *maker}, {"--extractor", *extractor}, {"--medium", *medium}, {"--out", *out}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			return m.fail(usageError{"export needs " + strings.Join(missing, ", ")})
		}
		spec = export.Spec{Request: *req, Recordings: splitList(*recs), Case: *caseNo, Medium: export.Medium(*medium), Capacity: *capMB * 1_000_000,
			OutDir: *out, Options: opts, Description: export.Description{CaseNumber: *caseNumber, CaseName: *caseName,
				Content: *content, Maker: *maker, Extractor: *extractor, Organization: *org}}
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		var res export.Result
		var err error
		if *retry != 0 {
			res, err = export.Retry(ctx, sess, *retry, opts)
		} else {
			res, err = export.Run(ctx, sess, spec)
		}
		if errors.Is(err, export.ErrFailed) {
			return fmt.Errorf("%w\nretry with: evidock export --retry %d", err, res.Export.ID)
		}
		if err != nil {
			return err
		}
		m.printExport(res, *asJSON)
		return nil
	})
}

// printVisibleDefaults is PrintDefaults without the hidden flags.
func printVisibleDefaults(fs *flag.FlagSet) {
	visible := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	visible.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if !hiddenFlags[f.Name] {
			visible.Var(f.Value, f.Name, f.Usage)
		}
	})
	visible.PrintDefaults()
}

// exportProgress reports progress on a terminal, at most ten times a second.
func (m *Main) exportProgress(quiet bool) func(export.Progress) {
	if quiet || !isTerminal(m.Stderr) {
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
			fmt.Fprintf(m.Stderr, "\rcopying and hashing: %s of %s   ", human.Bytes(p.Done), human.Bytes(p.Total))
		case export.PhaseCheck:
			fmt.Fprintf(m.Stderr, "\rverifying image of disc %d of %d      ", p.Disc, p.Discs)
		case export.PhaseBurn:
			fmt.Fprintf(m.Stderr, "\rburning disc %d of %d                 ", p.Disc, p.Discs)
		case export.PhaseRead:
			fmt.Fprintf(m.Stderr, "\rreading disc %d of %d back            ", p.Disc, p.Discs)
		case export.PhaseDone:
			fmt.Fprintln(m.Stderr)
		}
	}
}

// exportJSON is what `export --json` prints.
type exportJSON struct {
	Export store.Export       `json:"export"`
	Discs  []discJSON         `json:"discs"`
	Files  []store.ExportFile `json:"files"`
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

func (m *Main) printExport(res export.Result, asJSON bool) {
	if asJSON {
		out := exportJSON{Export: res.Export, Files: res.Files, Discs: []discJSON{}}
		for _, d := range res.Discs {
			out.Discs = append(out.Discs, discJSON{Disc: d.Number, Of: d.Of, Folder: d.Bag.Dir, Image: d.ISO, VolumeID: d.VolumeID,
				SHA256: d.Image.SHA256, SM3: d.Image.SM3, Size: d.Image.Size})
		}
		m.printJSON(out)
		return
	}
	e := res.Export
	fmt.Fprintf(m.Stdout, "export %d complete: %d recordings on %d disc(s), request %d, in %s\n", e.ID, len(res.Files), len(res.Discs), e.RequestID, e.OutDir)
	for _, d := range res.Discs {
		where := "image ready for an external burner"
		if e.Device != "" {
			where = "burned, read back and verified"
		}
		fmt.Fprintf(m.Stdout, "disc %d/%d  %s  (%s)\n  SHA-256 %s\n  SM3     %s\n", d.Number, d.Of, d.ISO, where, d.Image.SHA256, d.Image.SM3)
	}
}

func (m *Main) exportsCmd(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "release" {
		return m.exportReleaseCmd(ctx, args[1:])
	}
	fs := m.flags("exports")
	req := fs.Int64("request", 0, "only exports under this request")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		list, err := sess.Exports(ctx, store.ExportFilter{RequestID: *req})
		if err != nil {
			return err
		}
		return printList(m, *asJSON, list, "EXPORT\tSTATUS\tREQUEST\tDISCS\tRECORDINGS\tBY\tCREATED\tMESSAGE", func(w io.Writer, e store.Export) {
			fmt.Fprintf(w, "%d\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", e.ID, e.Status, e.RequestID, e.Discs, len(e.Recordings), e.CreatedBy,
				e.CreatedAt.Local().Format(time.DateTime), strings.ReplaceAll(e.Message, "\n", " "))
		})
	})
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

func (m *Main) verifyDiscCmd(ctx context.Context, args []string) int {
	fs := m.flags("verify-disc")
	asJSON := fs.Bool("json", false, "print {ok, files, problems, tree_size, root, export_seq}")
	ledger := fs.Bool("ledger", false, "also check the disc's signed checkpoint and tree head against this workstation's ledger (rollback 回滚, fork 分叉)")
	path, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	rep, err := export.VerifyDisc(ctx, path)
	if err != nil {
		return m.fail(err)
	}
	out := verifyDiscJSON{OK: rep.OK, Files: rep.Files, Problems: []problemJSON{}, ExportSeq: -1}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, problemJSON{p.Path, p.What})
	}
	if ev, err := export.ReadEvidence(ctx, path); err == nil {
		out.TreeSize, out.Root, out.ExportSeq = ev.TreeSize, base64.StdEncoding.EncodeToString(ev.Root[:]), ev.ExportSeq()
		if *ledger {
			p, err := m.checkTreeHead(ctx, ev)
			if err != nil {
				return m.fail(err)
			}
			out.Ledger = "recorded"
			if p != "" {
				out.Ledger, out.OK = "not recorded", false
				out.Problems = append(out.Problems, problemJSON{export.TreeHeadFile, p})
			}
		}
	}
	if *asJSON {
		m.printJSON(out)
	} else {
		for _, p := range out.Problems {
			fmt.Fprintf(m.Stdout, "%s: %s\n", p.Path, p.What)
		}
		if out.OK {
			fmt.Fprintf(m.Stdout, "OK: %d recordings match their manifests and the ledger's import entries (tree head of %d entries", out.Files, out.TreeSize)
			if out.ExportSeq >= 0 {
				fmt.Fprintf(m.Stdout, ", export entry %d", out.ExportSeq)
			}
			if out.Ledger != "" {
				fmt.Fprint(m.Stdout, ", recorded by this ledger")
			}
			fmt.Fprintln(m.Stdout, ")")
		}
	}
	if !out.OK {
		return exitProblems
	}
	return exitOK
}

// checkTreeHead says what is wrong when the disc's tree head is not one the
// data folder's ledger recorded ("" when it is). It does not create a data
// folder that is not there.
func (m *Main) checkTreeHead(ctx context.Context, ev export.Evidence) (string, error) {
	if _, err := os.Stat(filepath.Join(m.dataDir, store.DBName)); err != nil {
		return "", fmt.Errorf("--ledger: no ledger in %s: %w", m.dataDir, err)
	}
	st, err := m.open()
	if err != nil {
		return "", err
	}
	defer st.Close()
	if ev.Checkpoint != nil {
		if _, err := st.CheckCheckpoint(ctx, ev.Checkpoint.Signed); err != nil {
			r := checkpointResult(err, ev.TreeSize)
			if h, herr := st.Head(ctx); herr == nil {
				r.Ledger = h.Size
			}
			return export.CheckpointFile + ": " + checkpointProblem(r), nil
		}
	}
	head, err := st.TreeHeadAt(ctx, ev.TreeSize)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Sprintf("this workstation's ledger never had a tree of %d entries", ev.TreeSize), nil
	}
	if err != nil {
		return "", err
	}
	if head.Root != ev.Root {
		return fmt.Sprintf("the root of the tree of %d entries differs from the one this workstation's ledger recorded", ev.TreeSize), nil
	}
	return "", nil
}

// exportReleaseCmd ends a completed export's hold on its recordings (Art. 14).
func (m *Main) exportReleaseCmd(ctx context.Context, args []string) int {
	fs := m.flags("exports")
	reason := fs.String("reason", "", "why the evidence is no longer held (the case file closed, the disc returned…)")
	id, code, ok := parseID(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.ReleaseExport(ctx, id, *reason); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "export %d released: its recordings keep their own retention dates\n", id)
		return nil
	})
}

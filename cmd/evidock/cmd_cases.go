package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/store"
)

// caseVerbs are the verbs of `evidock case`; set in init.
var caseVerbs map[string]subcommand

func init() {
	caseVerbs = map[string]subcommand{
		"add": {usage: "add NUMBER --name TEXT [--type TEXT] --years N|--permanent",
			help: "open a case file (案卷); it holds its recordings while open, then for its years after closing",
			run:  (*Main).caseAddCmd},
		"list": {usage: "list [NUMBER] [--json]", help: "list case files with their recordings", run: (*Main).caseListCmd},
		"link": {usage: "link NUMBER --recordings ID[,ID]", help: "make the case hold recordings as evidence",
			run: func(m *Main, ctx context.Context, args []string) int { return m.caseLinkCmd(ctx, "link", args) }},
		"unlink": {usage: "unlink NUMBER --recordings ID[,ID] --reason TEXT", help: "release the case's hold on recordings",
			run: func(m *Main, ctx context.Context, args []string) int { return m.caseLinkCmd(ctx, "unlink", args) }},
		"close": {usage: "close NUMBER [--note TEXT]", help: "close the case: its retention years count from now",
			run: (*Main).caseCloseCmd},
		"retention": {usage: "retention NUMBER --years N|--permanent --reason TEXT",
			help: "change how long the case is kept after closing (e.g. make it permanent)", run: (*Main).caseRetentionCmd},
	}
	registerVerbs("case", "case add|list|link|unlink|close|retention …",
		"case files (案卷) holding recordings as evidence (Art. 14)", caseVerbs)
	register(command{name: "retention", usage: "retention [--expired] [--json] | retention --set-years N --reason TEXT",
		help: "each recording's retention date and the cases holding it; --expired: what may be purged",
		run:  (*Main).retentionCmd})
}

// retentionFlags adds --years and --permanent to fs.
func retentionFlags(fs *flag.FlagSet) func() (store.Retention, bool) {
	years := fs.Int("years", 0, "years kept after the case is closed (at least 1)")
	permanent := fs.Bool("permanent", false, "kept for good")
	return func() (store.Retention, bool) {
		r := store.Retention{Years: *years, Permanent: *permanent}
		return r, (*years > 0) != *permanent
	}
}

func (m *Main) caseAddCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("case add", caseVerbs["add"])
	name := fs.String("name", "", "the case's name")
	typ := fs.String("type", "", "the case's type")
	retention := retentionFlags(fs)
	number, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	r, rok := retention()
	if *name == "" || !rok {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.AddCase(ctx, store.Case{Number: number, Name: *name, Type: *typ, Retention: r}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "case %s opened (kept %s after closing)\n", number, r)
		return nil
	})
}

func (m *Main) caseListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("case list", caseVerbs["list"])
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		fs.Usage()
		return exitUsage
	}
	number := ""
	if len(pos) == 1 {
		number = pos[0]
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		cs, err := sess.Cases(ctx, number)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, cs, "CASE\tNAME\tTYPE\tKEPT\tCLOSED\tRECORDINGS", func(w io.Writer, c store.Case) {
			closed := "open"
			if !c.Open() {
				closed = c.ClosedAt.Local().Format(time.DateOnly)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\n", oneLine(c.Number), oneLine(c.Name), oneLine(c.Type), c.Retention, closed, len(c.Recordings))
		})
	})
}

func (m *Main) caseLinkCmd(ctx context.Context, verb string, args []string) int {
	fs := m.verbFlags("case "+verb, caseVerbs[verb])
	recs := fs.String("recordings", "", "comma-separated recording IDs")
	reason := fs.String("reason", "", "why the hold is released (unlink)")
	number, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if *recs == "" || verb == "unlink" && strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		var err error
		if verb == "link" {
			err = sess.Link(ctx, number, splitList(*recs))
		} else {
			err = sess.Unlink(ctx, number, splitList(*recs), *reason)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "case %s: %sed %d recordings\n", number, verb, len(splitList(*recs)))
		return nil
	})
}

func (m *Main) caseCloseCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("case close", caseVerbs["close"])
	note := fs.String("note", "", "a note kept in the ledger")
	number, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.CloseCase(ctx, number, *note); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "case %s closed\n", number)
		return nil
	})
}

func (m *Main) caseRetentionCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("case retention", caseVerbs["retention"])
	retention := retentionFlags(fs)
	reason := fs.String("reason", "", "why (kept in the ledger)")
	number, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	r, rok := retention()
	if !rok || strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.SetCaseRetention(ctx, number, r, *reason); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "case %s is kept %s after closing\n", number, r)
		return nil
	})
}

func (m *Main) retentionCmd(ctx context.Context, args []string) int {
	fs := m.flags("retention")
	expired := fs.Bool("expired", false, "only expired recordings no case holds: what may be purged")
	asJSON := fs.Bool("json", false, "print a JSON array")
	setYears := fs.Int("set-years", 0, "set the base retention: years kept after recording (at least 1; administrator)")
	reason := fs.String("reason", "", "why the base retention changes")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "set-years" })
	if fs.NArg() != 0 || set && strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	if set && *setYears < store.MinRetentionYears {
		return m.fail(fmt.Errorf("--set-years %d: recordings are kept at least %d year (Art. 14: 最少保存 1 年): %w",
			*setYears, store.MinRetentionYears, store.ErrInvalid))
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if set {
			if err := sess.SetRetentionYears(ctx, *setYears, *reason); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "recordings are kept %d years after recording, longer when a case holds them\n", *setYears)
			return nil
		}
		items, err := sess.Retention(ctx, store.RetentionFilter{Expired: *expired})
		if err != nil {
			return err
		}
		return printList(m, *asJSON, items, "RECORDING\tNAME\tRECORDED\tKEPT UNTIL\tSTATE\tCASES", func(w io.Writer, it store.RetentionItem) {
			until, state := "held for good", "held"
			if !it.Forever {
				until, state = it.Until.Local().Format(time.DateOnly), "kept"
			}
			if it.Expired {
				state = "expired"
			}
			if it.PurgeRequest != 0 {
				state += fmt.Sprintf(" (purge %d pending)", it.PurgeRequest)
			}
			var cases []string
			for _, h := range it.Holds {
				cases = append(cases, h.Case)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", it.RecordingID, oneLine(it.OriginalName),
				it.RecordedAt.Local().Format(time.DateOnly), until, state, oneLine(strings.Join(cases, ",")))
		})
	})
}

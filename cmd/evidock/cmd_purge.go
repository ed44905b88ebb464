package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"evidock/store"
)

// purgeVerbs are the verbs of `evidock purge`; set in init.
var purgeVerbs map[string]subcommand

func init() {
	purgeVerbs = map[string]subcommand{
		"request": {usage: "request --recordings ID[,ID] --reason TEXT",
			help: "ask to purge expired recordings no case holds (custodian); a leader decides",
			run:  (*Main).purgeRequestCmd},
		"approve": {usage: "approve ID [--note TEXT]", help: "approve and carry out a purge (leader; never your own request)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.purgeDecideCmd(ctx, true, args) }},
		"refuse": {usage: "refuse ID [--note TEXT]", help: "refuse a purge request (leader)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.purgeDecideCmd(ctx, false, args) }},
		"list": {usage: "list [--pending] [--json]", help: "list purge requests", run: (*Main).purgeListCmd},
		"tombstones": {usage: "tombstones [ID…] [--json]", help: "what is left of purged recordings: hashes, size, who, when, why",
			run: (*Main).purgeTombstonesCmd},
	}
	registerVerbs("purge", "purge request|approve|refuse|list|tombstones …",
		"purge expired recordings, only with a leader's approval (Art. 14)", purgeVerbs)
}

func (m *Main) purgeRequestCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("purge request", purgeVerbs["request"])
	recs := fs.String("recordings", "", "comma-separated recording IDs (see `evidock retention --expired`)")
	reason := fs.String("reason", "", "why (kept in the request, the ledger and each tombstone)")
	asJSON := fs.Bool("json", false, "print the request as JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || *recs == "" || strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		r, err := sess.RequestPurge(ctx, splitList(*recs), *reason)
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(r)
		} else {
			fmt.Fprintf(m.Stdout, "purge request %d: %d recordings, waiting for a leader's approval\n", r.ID, len(r.Recordings))
		}
		return nil
	})
}

func (m *Main) purgeDecideCmd(ctx context.Context, approve bool, args []string) int {
	verb := "refuse"
	if approve {
		verb = "approve"
	}
	fs := m.verbFlags("purge "+verb, purgeVerbs[verb])
	note := fs.String("note", "", "the decision's note")
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return m.fail(usageError{fmt.Sprintf("purge request %q: give the request's number", arg)})
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		r, err := sess.DecidePurge(ctx, id, approve, *note)
		if err != nil {
			return err
		}
		if r.Status == store.Approved {
			fmt.Fprintf(m.Stdout, "purge request %d approved: %d recordings purged, their tombstones kept\n", r.ID, len(r.Recordings))
		} else {
			fmt.Fprintf(m.Stdout, "purge request %d %s\n", r.ID, r.Status)
		}
		return nil
	})
}

func (m *Main) purgeListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("purge list", purgeVerbs["list"])
	pending := fs.Bool("pending", false, "only requests awaiting a decision")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		rs, err := sess.PurgeRequests(ctx, *pending)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, rs, "ID\tSTATUS\tREQUESTER\tRECORDINGS\tDECIDED BY\tREASON", func(w io.Writer, r store.PurgeRequest) {
			fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Status, r.Requester, len(r.Recordings), r.DecidedBy, oneLine(r.Reason))
		})
	})
}

func (m *Main) purgeTombstonesCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("purge tombstones", purgeVerbs["tombstones"])
	asJSON := fs.Bool("json", false, "print a JSON array")
	ids, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		ts, err := sess.Tombstones(ctx, ids)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, ts, "RECORDING\tPURGED\tSIZE\tSHA-256\tREQUESTED BY\tAPPROVED BY\tREASON", func(w io.Writer, t store.Tombstone) {
			fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", t.RecordingID, t.PurgedAt.Local().Format(time.DateTime), t.Size,
				t.SHA256, t.RequestedBy, t.ApprovedBy, oneLine(t.Reason))
		})
	})
}

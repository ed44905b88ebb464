package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

// requestVerbs are the verbs of `evidock request`; set in init.
var requestVerbs map[string]subcommand

func init() {
	requestVerbs = map[string]subcommand{
		"view": {usage: "view --recordings ID[,ID] --purpose case|supervision|review|extraction --reason TEXT",
			help: "ask to view recordings (办案, 督查, 复核, 证据提取); the legal office or a leader decides",
			run:  (*Main).requestViewCmd},
		"list": {usage: "list [--mine|--pending] [--json]",
			help: "list requests: your own, or all if you are custodian, legal office or leader",
			run:  (*Main).requestListCmd},
		"approve": {usage: "approve REQ [--note TEXT] [--days N]", help: "approve a request (legal office or leader; never your own)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.requestDecideCmd(ctx, true, args) }},
		"refuse": {usage: "refuse REQ [--note TEXT]", help: "refuse a request (legal office or leader)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.requestDecideCmd(ctx, false, args) }},
	}
	registerVerbs("request", "request view|list|approve|refuse …",
		"viewing requests and their approval (Art. 16–17)", requestVerbs)
}

// purposeWords are words for purposes that earlier versions accepted,
// besides those of regulation.Purposes.
var purposeWords = map[string]store.Purpose{
	"办案": store.PurposeCase, "督查": store.PurposeSupervision, "复核": store.PurposeReview, "证据提取": store.PurposeExtraction,
}

func (m *Main) requestViewCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("request view", requestVerbs["view"])
	recs := fs.String("recordings", "", "comma-separated recording IDs")
	purpose := fs.String("purpose", "", "key or word of "+choices(regulation.Purposes)+" (also 督查, 复核)")
	reason := fs.String("reason", "", "why (kept in the request, the ledger and the register)")
	asJSON := fs.Bool("json", false, "print the request as JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || *recs == "" || *purpose == "" || strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	p, ok := purposeWords[*purpose]
	if !ok {
		key, err := word(regulation.Purposes, "purpose", *purpose)
		if err != nil {
			return m.fail(err)
		}
		p = store.Purpose(key)
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		r, err := sess.RequestView(ctx, store.ViewRequest{Recordings: splitList(*recs), Purpose: p, Reason: *reason})
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(r)
		} else {
			fmt.Fprintf(m.Stdout, "request %d: %s, waiting for approval\n", r.ID, r.Status)
		}
		return nil
	})
}

func (m *Main) requestListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("request list", requestVerbs["list"])
	mine := fs.Bool("mine", false, "only your own requests")
	pending := fs.Bool("pending", false, "only requests awaiting a decision")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		reqs, err := sess.Requests(ctx, store.RequestFilter{Mine: *mine, Pending: *pending})
		if err != nil {
			return err
		}
		return printList(m, *asJSON, reqs, "REQ\tSTATUS\tREQUESTER\tPURPOSE\tRECORDINGS\tDECIDED BY\tEXPIRES\tREASON", func(w io.Writer, r store.Request) {
			expires := ""
			if !r.ExpiresAt.IsZero() {
				expires = r.ExpiresAt.Local().Format(time.DateTime)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.ID, r.Status, r.Requester, r.Purpose, len(r.Recordings),
				r.DecidedBy, expires, oneLine(r.Reason))
		})
	})
}

func (m *Main) requestDecideCmd(ctx context.Context, approve bool, args []string) int {
	verb := "refuse"
	if approve {
		verb = "approve"
	}
	fs := m.verbFlags("request "+verb, requestVerbs[verb])
	note := fs.String("note", "", "the decision's note")
	days := fs.Int("days", 0, "days the approval lasts (default 7)")
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return m.fail(usageError{fmt.Sprintf("request %q: give the request's number", arg)})
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		r, err := sess.Decide(ctx, id, store.Decision{Approve: approve, Note: *note, ValidFor: time.Duration(*days) * 24 * time.Hour})
		if err != nil {
			return err
		}
		if r.Status == store.Approved {
			fmt.Fprintf(m.Stdout, "request %d approved until %s\n", r.ID, r.ExpiresAt.Local().Format(time.DateTime))
		} else {
			fmt.Fprintf(m.Stdout, "request %d %s\n", r.ID, r.Status)
		}
		return nil
	})
}

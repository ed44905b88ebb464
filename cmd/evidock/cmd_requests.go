package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"evidock/access"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	declare(command{name: "request", help: "request.help"},
		command{name: "request view", help: "request.view.help", who: userOnly, needs: store.ActRequestView, json: jsonObject,
			flags: func(f *cli.Flags) runFunc {
				recs := f.String("recordings", "", "flag.recordings")
				purpose := f.String("purpose", "", "request.view.purpose", regulation.Purposes.Choices())
				reason := f.String("reason", "", "request.view.reason")
				f.Require("recordings", "purpose", "reason")
				return func(ctx context.Context, x *call) error {
					return x.requestView(ctx, splitList(*recs), *purpose, *reason)
				}
			}},
		command{name: "request list", help: "request.list.help", who: userOnly, needs: store.ActRequestList, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				var filter access.RequestFilter
				f.BoolVar(&filter.Mine, "mine", false, "request.list.mine")
				f.BoolVar(&filter.Pending, "pending", false, "flag.pending")
				return func(ctx context.Context, x *call) error { return x.requestList(ctx, filter) }
			}},
		command{name: "request approve", args: "REQ", help: "request.approve.help", who: userOnly, needs: store.ActRequestDecide,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "flag.decision_note")
				days := f.Int("days", 0, "request.approve.days")
				return func(ctx context.Context, x *call) error {
					return x.requestDecide(ctx, access.Decision{Approve: true, Note: *note, ValidFor: time.Duration(*days) * 24 * time.Hour})
				}
			}},
		command{name: "request refuse", args: "REQ", help: "request.refuse.help", who: userOnly, needs: store.ActRequestDecide,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "flag.decision_note")
				return func(ctx context.Context, x *call) error { return x.requestDecide(ctx, access.Decision{Note: *note}) }
			}})
}

// purposeWords are words for purposes that earlier versions accepted,
// besides those of regulation.Purposes.
var purposeWords = map[string]access.Purpose{
	"办案": access.PurposeCase, "督查": access.PurposeSupervision, "复核": access.PurposeReview, "证据提取": access.PurposeExtraction,
}

func (x *call) requestView(ctx context.Context, recs []string, purpose, reason string) error {
	p, ok := purposeWords[purpose]
	if !ok {
		key, err := x.word(regulation.Purposes, "purpose", purpose)
		if err != nil {
			return err
		}
		p = access.Purpose(key)
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	r, err := access.RequestView(ctx, sess, access.ViewRequest{Recordings: recs, Purpose: p, Reason: reason})
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(r)
	} else {
		fmt.Fprintln(x.Stdout, x.tr("request.view.done", r.ID, r.Status))
	}
	return nil
}

func (x *call) requestList(ctx context.Context, filter access.RequestFilter) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	reqs, err := access.Requests(ctx, sess, filter)
	if err != nil {
		return err
	}
	return printList(x, reqs, "request.list.header", func(w io.Writer, r access.Request) {
		expires := ""
		if !r.ExpiresAt.IsZero() {
			expires = r.ExpiresAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.ID, r.Status, r.Requester, r.Purpose, len(r.Recordings),
			r.DecidedBy, expires, oneLine(r.Reason))
	})
}

func (x *call) requestDecide(ctx context.Context, d access.Decision) error {
	id, err := x.id(0)
	if err != nil {
		return err
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	r, err := access.Decide(ctx, sess, id, d)
	if err != nil {
		return err
	}
	if r.Status == access.Approved {
		x.done("request.approved", r.ID, r.ExpiresAt.Local().Format(time.DateTime))
	} else {
		x.done("request.decided", r.ID, r.Status)
	}
	return nil
}

// id reads positional argument i as the number of something numbered (a
// request, an export): a positive whole number, else a usage error.
func (x *call) id(i int) (int64, error) {
	id, err := strconv.ParseInt(x.args[i], 10, 64)
	if err != nil || id <= 0 {
		return 0, x.usagef("usage.not_a_number", x.args[i])
	}
	return id, nil
}

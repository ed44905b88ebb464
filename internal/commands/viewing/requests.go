package viewing

import (
	"context"
	"fmt"
	"io"
	"time"

	"evidock/access"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "request", Help: "request.help"},
		cli.Command{Name: "request view", Help: "request.view.help", Who: cli.UserOnly, Needs: store.ActRequestView, JSON: cli.JSONObject,
			Flags: func(f *cli.Flags) cli.RunFunc {
				recs := f.String("recordings", "", "flag.recordings")
				purpose := f.String("purpose", "", "request.view.purpose", regulation.Purposes.Choices())
				reason := f.String("reason", "", "request.view.reason")
				f.Require("recordings", "purpose", "reason")
				return func(ctx context.Context, x *cli.Call) error {
					return requestView(x, ctx, cli.SplitList(*recs), *purpose, *reason)
				}
			}},
		cli.Command{Name: "request list", Help: "request.list.help", Who: cli.UserOnly, Needs: store.ActRequestList, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter access.RequestFilter
				f.BoolVar(&filter.Mine, "mine", false, "request.list.mine")
				f.BoolVar(&filter.Pending, "pending", false, "flag.pending")
				return func(ctx context.Context, x *cli.Call) error { return requestList(x, ctx, filter) }
			}},
		cli.Command{Name: "request approve", Args: "REQ", Help: "request.approve.help", Who: cli.UserOnly, Needs: store.ActRequestDecide,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "flag.decision_note")
				days := f.Int("days", 0, "request.approve.days")
				return func(ctx context.Context, x *cli.Call) error {
					return requestDecide(x, ctx, access.Decision{Approve: true, Note: *note, ValidFor: time.Duration(*days) * 24 * time.Hour})
				}
			}},
		cli.Command{Name: "request refuse", Args: "REQ", Help: "request.refuse.help", Who: cli.UserOnly, Needs: store.ActRequestDecide,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "flag.decision_note")
				return func(ctx context.Context, x *cli.Call) error {
					return requestDecide(x, ctx, access.Decision{Note: *note})
				}
			}})
}

// purposeWords are words for purposes that earlier versions accepted,
// besides those of regulation.Purposes.
var purposeWords = map[string]access.Purpose{
	"办案": access.PurposeCase, "督查": access.PurposeSupervision, "复核": access.PurposeReview, "证据提取": access.PurposeExtraction,
}

func requestView(x *cli.Call, ctx context.Context, recs []string, purpose, reason string) error {
	p, ok := purposeWords[purpose]
	if !ok {
		key, err := x.Word(regulation.Purposes, "purpose", purpose)
		if err != nil {
			return err
		}
		p = access.Purpose(key)
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	r, err := access.RequestView(ctx, sess, access.ViewRequest{Recordings: recs, Purpose: p, Reason: reason})
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(r)
	} else {
		fmt.Fprintln(x.Stdout, x.Tr("request.view.done", r.ID, r.Status))
	}
	return nil
}

func requestList(x *cli.Call, ctx context.Context, filter access.RequestFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	reqs, err := access.Requests(ctx, sess, filter)
	if err != nil {
		return err
	}
	return cli.PrintList(x, reqs, "request.list.header", func(w io.Writer, r access.Request) {
		expires := ""
		if !r.ExpiresAt.IsZero() {
			expires = r.ExpiresAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.ID, r.Status, r.Requester, r.Purpose, len(r.Recordings),
			r.DecidedBy, expires, cli.OneLine(r.Reason))
	})
}

func requestDecide(x *cli.Call, ctx context.Context, d access.Decision) error {
	id, err := x.ID(0)
	if err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	r, err := access.Decide(ctx, sess, id, d)
	if err != nil {
		return err
	}
	if r.Status == access.Approved {
		x.Done("request.approved", r.ID, r.ExpiresAt.Local().Format(time.DateTime))
	} else {
		x.Done("request.decided", r.ID, r.Status)
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"evidock/access"
	"evidock/internal/cli"
	"evidock/retention"
	"evidock/store"
)

func init() {
	declare(command{name: "purge", help: "purge.help"},
		command{name: "purge request", help: "purge.request.help", who: userOnly, needs: store.ActPurgeRequest, json: jsonObject,
			flags: func(f *cli.Flags) runFunc {
				recs := f.String("recordings", "", "purge.request.recordings")
				reason := f.String("reason", "", "purge.request.reason")
				f.Require("recordings", "reason")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					r, err := retention.RequestPurge(ctx, sess, splitList(*recs), *reason)
					if err != nil {
						return err
					}
					if x.json {
						x.printJSON(r)
					} else {
						x.done("purge.requested", r.ID, len(r.Recordings))
					}
					return nil
				}
			}},
		command{name: "purge approve", args: "ID", help: "purge.approve.help", who: userOnly, needs: store.ActPurgeDecide,
			flags: func(f *cli.Flags) runFunc { return purgeDecide(f, true) }},
		command{name: "purge refuse", args: "ID", help: "purge.refuse.help", who: userOnly, needs: store.ActPurgeDecide,
			flags: func(f *cli.Flags) runFunc { return purgeDecide(f, false) }},
		command{name: "purge list", help: "purge.list.help", who: userOnly, needs: store.ActPurgeRead, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				pending := f.Bool("pending", false, "flag.pending")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					rs, err := retention.PurgeRequests(ctx, sess, *pending)
					if err != nil {
						return err
					}
					return printList(x, rs, "purge.list.header", func(w io.Writer, r retention.PurgeRequest) {
						fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Status, r.Requester, len(r.Recordings), r.DecidedBy, oneLine(r.Reason))
					})
				}
			}},
		command{name: "purge tombstones", args: "[ID…]", help: "purge.tombstones.help", who: userOnly, needs: store.ActPurgeRead, json: jsonArray,
			flags: plain(func(x *call, ctx context.Context) error {
				sess, err := x.session(ctx)
				if err != nil {
					return err
				}
				ts, err := retention.Tombstones(ctx, sess, x.args)
				if err != nil {
					return err
				}
				return printList(x, ts, "purge.tombstones.header", func(w io.Writer, t retention.Tombstone) {
					fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", t.RecordingID, t.PurgedAt.Local().Format(time.DateTime), t.Size,
						t.SHA256, t.RequestedBy, t.ApprovedBy, oneLine(t.Reason))
				})
			})})
}

// purgeDecide is `purge approve` and `purge refuse`.
func purgeDecide(f *cli.Flags, approve bool) runFunc {
	note := f.String("note", "", "flag.decision_note")
	return func(ctx context.Context, x *call) error {
		return x.withID(ctx, func(sess *store.Session, id int64) error {
			r, err := retention.DecidePurge(ctx, sess, id, approve, *note)
			if err != nil {
				return err
			}
			if r.Status == access.Approved {
				x.done("purge.approved", r.ID, len(r.Recordings))
			} else {
				x.done("purge.decided", r.ID, string(r.Status))
			}
			return nil
		})
	}
}

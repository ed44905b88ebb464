package keeping

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
	cli.Declare(cli.Command{Name: "purge", Help: "purge.help"},
		cli.Command{Name: "purge request", Help: "purge.request.help", Who: cli.UserOnly, Needs: store.ActPurgeRequest, JSON: cli.JSONObject,
			Flags: func(f *cli.Flags) cli.RunFunc {
				recs := f.String("recordings", "", "purge.request.recordings")
				reason := f.String("reason", "", "purge.request.reason")
				f.Require("recordings", "reason")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					r, err := retention.RequestPurge(ctx, sess, cli.SplitList(*recs), *reason)
					if err != nil {
						return err
					}
					if x.JSON {
						x.PrintJSON(r)
					} else {
						x.Done("purge.requested", r.ID, len(r.Recordings))
					}
					return nil
				}
			}},
		cli.Command{Name: "purge approve", Args: "ID", Help: "purge.approve.help", Who: cli.UserOnly, Needs: store.ActPurgeDecide,
			Flags: func(f *cli.Flags) cli.RunFunc { return purgeDecide(f, true) }},
		cli.Command{Name: "purge refuse", Args: "ID", Help: "purge.refuse.help", Who: cli.UserOnly, Needs: store.ActPurgeDecide,
			Flags: func(f *cli.Flags) cli.RunFunc { return purgeDecide(f, false) }},
		cli.Command{Name: "purge list", Help: "purge.list.help", Who: cli.UserOnly, Needs: store.ActPurgeRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				pending := f.Bool("pending", false, "flag.pending")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					rs, err := retention.PurgeRequests(ctx, sess, *pending)
					if err != nil {
						return err
					}
					return cli.PrintList(x, rs, "purge.list.header", func(w io.Writer, r retention.PurgeRequest) {
						fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Status, r.Requester, len(r.Recordings), r.DecidedBy, cli.OneLine(r.Reason))
					})
				}
			}},
		cli.Command{Name: "purge tombstones", Args: "[ID…]", Help: "purge.tombstones.help", Who: cli.UserOnly, Needs: store.ActPurgeRead, JSON: cli.JSONArray,
			Flags: cli.Plain(func(x *cli.Call, ctx context.Context) error {
				sess, err := x.Session(ctx)
				if err != nil {
					return err
				}
				ts, err := retention.Tombstones(ctx, sess, x.Args)
				if err != nil {
					return err
				}
				return cli.PrintList(x, ts, "purge.tombstones.header", func(w io.Writer, t retention.Tombstone) {
					fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", t.RecordingID, t.PurgedAt.Local().Format(time.DateTime), t.Size,
						t.SHA256, t.RequestedBy, t.ApprovedBy, cli.OneLine(t.Reason))
				})
			})})
}

// purgeDecide is `purge approve` and `purge refuse`.
func purgeDecide(f *cli.Flags, approve bool) cli.RunFunc {
	note := f.String("note", "", "flag.decision_note")
	return func(ctx context.Context, x *cli.Call) error {
		return x.WithID(ctx, func(sess *store.Session, id int64) error {
			r, err := retention.DecidePurge(ctx, sess, id, approve, *note)
			if err != nil {
				return err
			}
			if r.Status == access.Approved {
				x.Done("purge.approved", r.ID, len(r.Recordings))
			} else {
				x.Done("purge.decided", r.ID, string(r.Status))
			}
			return nil
		})
	}
}

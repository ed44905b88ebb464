package viewing

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"evidock/access"
	"evidock/forms"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "play", Args: "REC", Help: "play.help", Who: cli.UserOnly, Needs: store.ActRecordingPlay, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			reqID := f.Int64("request", 0, "play.request")
			noOpen := f.Bool("no-open", false, "play.no_open")
			return func(ctx context.Context, x *cli.Call) error { return play(x, ctx, *reqID, *noOpen) }
		}},
		cli.Command{Name: "register", Help: "register.help", Who: cli.UserOnly, Needs: store.ActRegisterRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter access.RegisterFilter
				f.StringVar(&filter.RecordingID, "recording", "", "register.recording")
				asCSV := f.Bool("csv", false, "register.csv")
				return func(ctx context.Context, x *cli.Call) error {
					if *asCSV && x.JSON {
						return x.Usage()
					}
					return register(x, ctx, filter, *asCSV)
				}
			}},
		cli.Command{Name: "register add", Help: "register.add.help", Who: cli.UserOnly, Needs: store.ActViewingRegister,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var v access.ViewingEntry
				f.Int64Var(&v.RequestID, "request", 0, "register.add.request")
				f.StringVar(&v.RecordingID, "recording", "", "register.add.recording")
				f.StringVar(&v.Viewer, "viewer", "", "register.add.viewer")
				f.StringVar(&v.Reason, "reason", "", "register.add.reason")
				f.Require("request", "recording", "viewer")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					got, err := access.RegisterViewing(ctx, sess, v)
					if err != nil {
						return err
					}
					x.Done("register.added", got.ID, got.Viewer, got.RecordingID, got.RequestID)
					return nil
				}
			}},
		cli.Command{Name: "classify", Args: "REC", Help: "classify.help", Who: cli.UserOnly, Needs: store.ActRecordingClassify,
			Flags: func(f *cli.Flags) cli.RunFunc {
				level := f.String("level", "", "classify.level", regulation.Classifications.Choices())
				reason := f.String("reason", "", "flag.reason")
				f.Require("level", "reason")
				return func(ctx context.Context, x *cli.Call) error {
					key, err := x.Word(regulation.Classifications, "level", *level)
					if err != nil {
						return err
					}
					return x.Act(ctx, func(sess *store.Session) error {
						return sess.Classify(ctx, x.Args[0], store.Classification(key), *reason)
					}, "classify.done", x.Args[0], regulation.Classifications.Word(key, string(x.Lang())))
				}
			}})
}

func play(x *cli.Call, ctx context.Context, reqID int64, noOpen bool) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	path, cleanup, err := access.Play(ctx, sess, x.Args[0], reqID)
	if err != nil {
		return err
	}
	defer cleanup()
	switch {
	case x.JSON:
		x.PrintJSON(map[string]any{"ok": true, "path": path})
	case noOpen:
		fmt.Fprintln(x.Stdout, path)
	}
	if !noOpen {
		if err := openPlayer(ctx, path); err != nil {
			return fmt.Errorf("%s: %w", x.Tr("play.player", path), err)
		}
	}
	fmt.Fprintln(x.Stderr, x.Tr("play.wait"))
	x.ReadLine() // a line, or the end of standard input
	return nil
}

// openPlayer hands path to the system's default player.
func openPlayer(ctx context.Context, path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.CommandContext(ctx, "cmd", "/c", "start", "", path)
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", path)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", path)
	}
	return cmd.Run()
}

func register(x *cli.Call, ctx context.Context, filter access.RegisterFilter, asCSV bool) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	rows, err := access.Register(ctx, sess, filter)
	if err != nil {
		return err
	}
	if asCSV {
		people, err := sess.People(ctx)
		if err != nil {
			people = store.People{}
		}
		who := func(name string) string {
			if p, ok := people.UserOf(name); ok && p.Display != "" {
				return p.Display
			}
			return strings.TrimPrefix(name, "user:")
		}
		return forms.WriteRegisterCSV(x.Stdout, rows, string(x.Lang()), who)
	}
	return cli.PrintList(x, rows, "register.header", func(w io.Writer, v access.Viewing) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", v.Time.Local().Format(time.DateTime), v.RecordingID,
			cli.OneLine(v.Viewer), v.Purpose, v.RequestID, v.ApprovedBy, cli.OneLine(v.Reason))
	})
}

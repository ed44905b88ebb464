package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

func init() {
	register(command{name: "play", usage: "play REC [--request REQ] [--no-open]",
		help: "view a recording under an approved request (each play is in the ledger and the viewing register)", run: (*Main).playCmd})
	register(command{name: "register", usage: "register [--recording ID] [--csv|--json] | register add --request REQ --recording ID --viewer NAME [--reason TEXT]",
		help: "the viewing register (查阅登记): who viewed what, why, when, approved by whom; add: the custodian registers a viewing before it happens (Art. 16-17)", run: (*Main).registerCmd})
	register(command{name: "classify", usage: "classify REC --level normal|privacy|commercial|state --reason TEXT",
		help: "set a recording's classification (custodian or leader)", run: (*Main).classifyCmd})
}

func (m *Main) playCmd(ctx context.Context, args []string) int {
	fs := m.flags("play")
	reqID := fs.Int64("request", 0, "the approved request to view under (default: your newest valid one)")
	noOpen := fs.Bool("no-open", false, "print the temporary copy's path instead of starting the system's player")
	rec, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		path, cleanup, err := sess.Play(ctx, rec, *reqID)
		if err != nil {
			return err
		}
		defer cleanup()
		if *noOpen {
			fmt.Fprintln(m.Stdout, path)
		} else if err := openPlayer(ctx, path); err != nil {
			return fmt.Errorf("start the player for %s: %w", path, err)
		}
		fmt.Fprintln(m.Stderr, "a read-only copy is open; press Enter when finished and it is removed")
		m.readLine() // a line, or the end of standard input
		return nil
	})
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

func (m *Main) registerCmd(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "add" {
		return m.registerAddCmd(ctx, args[1:])
	}
	fs := m.flags("register")
	rec := fs.String("recording", "", "only this recording")
	asCSV := fs.Bool("csv", false, "print CSV (UTF-8, a header row)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || (*asCSV && *asJSON) {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		rows, err := sess.Register(ctx, store.RegisterFilter{RecordingID: *rec})
		if err != nil {
			return err
		}
		if *asCSV {
			w := csv.NewWriter(m.Stdout)
			w.Write([]string{"time", "recording", "viewer", "reason", "purpose", "request", "approved_by", "registered_by", "kind", "ledger_seq"})
			for _, v := range rows {
				w.Write([]string{v.Time.Local().Format(time.RFC3339), v.RecordingID, cell(v.Viewer), cell(v.Reason), string(v.Purpose),
					strconv.FormatInt(v.RequestID, 10), cell(v.ApprovedBy), v.RegisteredBy, v.Kind, strconv.FormatInt(v.LedgerSeq, 10)})
			}
			w.Flush()
			return w.Error()
		}
		return printList(m, *asJSON, rows, "TIME\tRECORDING\tVIEWER\tPURPOSE\tREQ\tAPPROVED BY\tREASON", func(w io.Writer, v store.Viewing) {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", v.Time.Local().Format(time.DateTime), v.RecordingID,
				oneLine(v.Viewer), v.Purpose, v.RequestID, v.ApprovedBy, oneLine(v.Reason))
		})
	})
}

// cell keeps a spreadsheet from reading free text as a formula: text
// starting with = + - @ (or a tab or carriage return) gets a leading '.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (m *Main) classifyCmd(ctx context.Context, args []string) int {
	fs := m.flags("classify")
	level := fs.String("level", "", "key or word of "+choices(regulation.Classifications))
	reason := fs.String("reason", "", "why (kept in the ledger)")
	rec, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if *level == "" || strings.TrimSpace(*reason) == "" {
		fs.Usage()
		return exitUsage
	}
	key, err := word(regulation.Classifications, "level", *level)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.Classify(ctx, rec, store.Classification(key), *reason); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "recording %s is now %s\n", rec, key)
		return nil
	})
}

// registerAddCmd is the custodian registering a viewing (查阅登记) under an
// approved request, which playing needs first (Art. 16-17).
func (m *Main) registerAddCmd(ctx context.Context, args []string) int {
	fs := m.flags("register")
	req := fs.Int64("request", 0, "the approved request the viewing is under")
	rec := fs.String("recording", "", "the recording to be viewed")
	viewer := fs.String("viewer", "", "who views (查阅人)")
	reason := fs.String("reason", "", "why (查阅事由); default: the request's reason")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *req <= 0 || *rec == "" || *viewer == "" || fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		v, err := sess.RegisterViewing(ctx, store.ViewingEntry{RequestID: *req, RecordingID: *rec, Viewer: *viewer, Reason: *reason})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "viewing %d registered: %s may view %s under request %d\n", v.ID, v.Viewer, v.RecordingID, v.RequestID)
		return nil
	})
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"evidock/internal/cli"
	"evidock/store"
)

// command declares one command of the command line, the one way every
// command is made. From the declaration every command gets --help in
// Chinese and English, --json, --lang, a usage error (exit 2) for wrong
// flags or arguments, and its errors turned into the exit codes of
// package cli. For example:
//
//	declare(command{name: "officer add", args: "NUMBER", help: "officer.add",
//		who: setupUntilSetUp, needs: store.ActOfficerManage,
//		flags: func(f *cli.Flags) runFunc {
//			name := f.String("name", "", "officer.add.name")
//			f.Require("name")
//			return func(ctx context.Context, x *call) error {
//				sess, err := x.session(ctx)
//				…
//				x.done("officer.added", x.args[0], *name)
//				return nil
//			}
//		}})
//
// Every text is a message key of the translation files in messages/.
type command struct {
	name  string       // as typed after evidock: "import", or a group's verb, "user add"
	args  string       // the positional arguments: "PATH", "[NAME]", "[ID…]"; "" for none
	help  string       // message key of what the command does
	who   who          // the session x.session opens for it
	needs store.Action // the permission the core checks for it, named in the help; "" for none
	json  jsonShape    // what --json prints
	// flags declares the command's flags and returns what runs it; nil for
	// a group, which only lists its verbs.
	flags func(f *cli.Flags) runFunc
}

// runFunc runs a command whose flags are parsed.
type runFunc func(ctx context.Context, x *call) error

// plain is the flags of a command without flags of its own: fn runs it.
func plain(fn func(*call, context.Context) error) func(*cli.Flags) runFunc {
	return func(*cli.Flags) runFunc {
		return func(ctx context.Context, x *call) error { return fn(x, ctx) }
	}
}

// jsonShape is what a command prints with --json.
type jsonShape int

const (
	// jsonDone: the command does something and says so; --json prints
	// {"ok": true, "result": KEY, "message": TEXT}, KEY the message's
	// language-free key.
	jsonDone   jsonShape = iota
	jsonObject           // one JSON object
	jsonArray            // one JSON array, [] when empty
	jsonLines            // one JSON object a line, as things happen
)

// jsonHelp is the message key of --json's help for each shape.
var jsonHelp = map[jsonShape]string{jsonDone: "flag.json.done", jsonObject: "flag.json.object", jsonArray: "flag.json.array", jsonLines: "flag.json.lines"}

// commands are the declared commands by name.
var commands = map[string]*command{}

// declare adds commands; each file declares its own in init.
func declare(cs ...command) {
	for _, c := range cs {
		if _, dup := commands[c.name]; dup {
			panic("evidock: command declared twice: " + c.name)
		}
		commands[c.name] = &c
	}
}

// call is one run of a command: what its runFunc works with.
type call struct {
	*Main
	cmd   *command
	flags *cli.Flags
	args  []string // the positional arguments, as many as cmd.args allows
	json  bool     // --json

	st       *store.Store
	sess     *store.Session
	password string   // the password the user logged in with
	done_    []string // what x.done said, for --json
	result   string   // the key of the first x.done
}

// open opens the data folder once for the call; run closes it.
func (x *call) open() (*store.Store, error) {
	if x.st == nil {
		st, err := store.Open(x.dataDir)
		if err != nil {
			return nil, err
		}
		x.st = st
	}
	return x.st, nil
}

// session logs in as the command's who says, once for the call.
func (x *call) session(ctx context.Context) (*store.Session, error) {
	if x.sess != nil {
		return x.sess, nil
	}
	st, err := x.open()
	if err != nil {
		return nil, err
	}
	sess, pw, err := x.login(ctx, st, x.cmd.who)
	if err != nil {
		return nil, err
	}
	x.sess, x.password = sess, pw
	return sess, nil
}

// done says what the command did, in the user's language; with --json the
// sentences become the command's JSON object at its end.
func (x *call) done(key string, args ...any) {
	text := x.tr(key, args...)
	if !x.json {
		fmt.Fprintln(x.Stdout, text)
		return
	}
	if x.result == "" {
		x.result = key
	}
	x.done_ = append(x.done_, text)
}

// usage is a usage error that shows the command's usage line.
func (x *call) usage() error {
	return usageError{msg: x.tr("usage.see_help", x.cmd.name), synopsis: x.cmd}
}

// runCommand parses args for c and runs it, returning the exit code.
func (m *Main) runCommand(ctx context.Context, c *command, args []string) int {
	f := cli.NewFlags("evidock " + c.name)
	run := c.flags(f)
	asJSON := f.Bool("json", false, jsonHelp[c.json])
	f.String("lang", "", "flag.lang") // read before parsing (see Run), declared so it parses
	pos, err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		m.commandHelp(m.Stdout, c, f)
		return exitOK
	case errors.Is(err, cli.ErrMissing):
		return m.fail(usageError{msg: m.tr("usage.missing", strings.TrimPrefix(err.Error(), cli.ErrMissing.Error()+": ")), synopsis: c})
	case err != nil:
		return m.fail(usageError{msg: m.flagMistake(err), synopsis: c})
	}
	if lo, hi := arity(c.args); len(pos) < lo || hi >= 0 && len(pos) > hi {
		return m.fail(usageError{msg: m.tr("usage.arguments", c.args), synopsis: c})
	}
	x := &call{Main: m, cmd: c, flags: f, args: pos, json: *asJSON}
	m.printedJSON = false
	err = run(ctx, x)
	if x.st != nil {
		x.st.Close()
	}
	if err == nil {
		if x.json && !m.printedJSON {
			m.printJSON(map[string]any{"ok": true, "result": x.result, "message": strings.Join(x.done_, "\n")})
		}
		return exitOK
	}
	code := m.fail(err)
	if x.json && !m.printedJSON {
		// A script reading --json gets an object whatever happened.
		m.printJSON(map[string]any{"ok": false, "exit": code, "error": m.errorText(err)})
	}
	return code
}

// flagMistake says what is wrong with the flags in the user's language.
func (m *Main) flagMistake(err error) string {
	var fe *cli.FlagError
	if errors.As(err, &fe) && fe.Flag != "" {
		return m.tr("usage.flag."+fe.Kind, fe.Flag)
	}
	return m.tr("usage.bad_flag", err)
}

// arity is how many positional arguments a synopsis takes: at least lo,
// at most hi (-1: any number). "[X]" is optional, "X…" repeats.
func arity(synopsis string) (lo, hi int) {
	for _, tok := range strings.Fields(synopsis) {
		variadic := strings.Contains(tok, "…") || strings.Contains(tok, "...")
		if !strings.HasPrefix(tok, "[") {
			lo++
		}
		switch {
		case hi < 0:
		case variadic:
			hi = -1
		default:
			hi++
		}
	}
	return lo, hi
}

// commandHelp writes c's help: its usage line, what it does, the
// permission it needs, and its flags with their texts.
func (m *Main) commandHelp(w io.Writer, c *command, f *cli.Flags) {
	fmt.Fprintln(w, m.synopsis(c))
	fmt.Fprintln(w, m.tr(c.help))
	if c.needs != "" {
		fmt.Fprintln(w, m.tr("help.needs", c.needs))
	}
	fmt.Fprintln(w, m.tr("help.flags"))
	f.WriteHelp(w, m.p)
	if vs := verbs(c.name); len(vs) > 0 { // a command that also has verbs (exports release)
		fmt.Fprintln(w, m.tr("help.verbs"))
		for _, v := range vs {
			fmt.Fprintf(w, "  %s %s\n      %s\n", strings.TrimPrefix(v.name, c.name+" "), v.args, m.tr(v.help))
		}
	}
}

// synopsis is c's usage line.
func (m *Main) synopsis(c *command) string {
	s := m.tr("help.usage") + " evidock " + m.tr("help.global") + " " + c.name
	if c.flags == nil {
		return s + " " + m.tr("help.verb")
	}
	s += " " + m.tr("help.options")
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

// verbs lists the verbs of group, sorted.
func verbs(group string) []*command {
	var out []*command
	for name, c := range commands {
		if strings.HasPrefix(name, group+" ") {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// groupHelp writes the help of a group: its verbs and what each does.
func (m *Main) groupHelp(w io.Writer, c *command) {
	fmt.Fprintln(w, m.synopsis(c))
	fmt.Fprintln(w, m.tr(c.help))
	fmt.Fprintln(w, m.tr("help.verbs"))
	for _, v := range verbs(c.name) {
		fmt.Fprintf(w, "  %s %s\n      %s\n", strings.TrimPrefix(v.name, c.name+" "), v.args, m.tr(v.help))
	}
	fmt.Fprintln(w, m.tr("help.verb_help", c.name))
}

// usage writes the top-level help: the commands and the exit codes.
func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, m.tr("help.top"))
	var names []string
	for n := range commands {
		if !strings.Contains(n, " ") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-13s %s\n", n, m.tr(commands[n].help))
	}
	fmt.Fprintln(w, m.tr("help.exit_codes"))
}

// find returns the command args name, and the arguments left: a group's
// verb when args[1] is one, else the command args[0].
func find(args []string) (*command, []string) {
	if len(args) > 1 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	return commands[args[0]], args[1:]
}

// withID runs do with the session and the first argument read as a number:
// the commands that act on one request, export, work record, check or case
// of the register by its id.
func (x *call) withID(ctx context.Context, do func(sess *store.Session, id int64) error) error {
	id, err := x.id(0)
	if err != nil {
		return err
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	return do(sess, id)
}

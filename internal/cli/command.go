package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"evidock/store"
)

// Command declares one command of the command line, the one way every
// command is made. From the declaration every command gets --help in
// Chinese and English, --json, --lang, a usage error (exit 2) for wrong
// flags or arguments, and its errors turned into the exit codes of
// package cli. For example:
//
//	cli.Declare(cli.Command{Name: "officer add", Args: "NUMBER", Help: "officer.add",
//		Who: cli.SetupUntilSetUp, Needs: store.ActOfficerManage,
//		Flags: func(f *cli.Flags) cli.RunFunc {
//			name := f.String("name", "", "officer.add.name")
//			f.Require("name")
//			return func(ctx context.Context, x *cli.Call) error {
//				sess, err := x.Session(ctx)
//				…
//				x.Done("officer.added", x.Args[0], *name)
//				return nil
//			}
//		}})
//
// Every text is a message key of the translation files in the declaring
// package's messages/ folder (AddMessages).
type Command struct {
	Name  string       // as typed after evidock: "import", or a group's verb, "user add"
	Args  string       // the positional arguments: "PATH", "[NAME]", "[ID…]"; "" for none
	Help  string       // message key of what the command does
	Who   Who          // the session x.Session opens for it
	Needs store.Action // the permission the core checks for it, named in the help; "" for none
	JSON  JSONShape    // what --json prints
	// Flags declares the command's flags and returns what runs it; nil for
	// a group, which only lists its verbs.
	Flags func(f *Flags) RunFunc
}

// RunFunc runs a command whose flags are parsed.
type RunFunc func(ctx context.Context, x *Call) error

// Plain is the flags of a command without flags of its own: fn runs it.
func Plain(fn func(*Call, context.Context) error) func(*Flags) RunFunc {
	return func(*Flags) RunFunc {
		return func(ctx context.Context, x *Call) error { return fn(x, ctx) }
	}
}

// JSONShape is what a command prints with --json.
type JSONShape int

const (
	// jsonDone: the command does something and says so; --json prints
	// {"ok": true, "result": KEY, "message": TEXT}, KEY the message's
	// language-free key.
	JSONDone   JSONShape = iota
	JSONObject           // one JSON object
	JSONArray            // one JSON array, [] when empty
	JSONLines            // one JSON object a line, as things happen
)

// jsonHelp is the message key of --json's help for each shape.
var jsonHelp = map[JSONShape]string{JSONDone: "flag.json.done", JSONObject: "flag.json.object", JSONArray: "flag.json.array", JSONLines: "flag.json.lines"}

// commands are the declared commands by name.
var commands = map[string]*Command{}

// Declare adds commands; each file declares its own in init.
func Declare(cs ...Command) {
	for _, c := range cs {
		if _, dup := commands[c.Name]; dup {
			panic("evidock: command declared twice: " + c.Name)
		}
		commands[c.Name] = &c
	}
}

// Call is one run of a command: what its runFunc works with.
type Call struct {
	*Main
	cmd   *Command
	Flags *Flags
	Args  []string // the positional arguments, as many as cmd.args allows
	JSON  bool     // --json

	st       *store.Store
	sess     *store.Session
	Password string   // the password the user logged in with
	done_    []string // what x.done said, for --json
	result   string   // the key of the first x.done
}

// Open opens the data folder once for the call; run closes it.
func (x *Call) Open() (*store.Store, error) {
	if x.st == nil {
		st, err := store.Open(x.dataDir)
		if err != nil {
			return nil, err
		}
		x.st = st
	}
	return x.st, nil
}

// Session logs in as the command's who says, once for the call.
func (x *Call) Session(ctx context.Context) (*store.Session, error) {
	if x.sess != nil {
		return x.sess, nil
	}
	st, err := x.Open()
	if err != nil {
		return nil, err
	}
	sess, pw, err := x.login(ctx, st, x.cmd.Who)
	if err != nil {
		return nil, err
	}
	x.sess, x.Password = sess, pw
	return sess, nil
}

// Act runs do as the command's user (x.Session) and, when it succeeds, says
// what was done with Done(key, args...): the shape of most commands that
// change one thing.
func (x *Call) Act(ctx context.Context, do func(sess *store.Session) error, key string, args ...any) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	if err := do(sess); err != nil {
		return err
	}
	x.Done(key, args...)
	return nil
}

// Done says what the command did, in the user's language; with --json the
// sentences become the command's JSON object at its end.
func (x *Call) Done(key string, args ...any) {
	text := x.Tr(key, args...)
	if !x.JSON {
		fmt.Fprintln(x.Stdout, text)
		return
	}
	if x.result == "" {
		x.result = key
	}
	x.done_ = append(x.done_, text)
}

// Usage is a usage error that shows the command's usage line.
func (x *Call) Usage() error {
	return usageError{msg: x.Tr("usage.see_help", x.cmd.Name), synopsis: x.cmd}
}

// runCommand parses args for c and runs it, returning the exit code.
func (m *Main) runCommand(ctx context.Context, c *Command, args []string) int {
	f := NewFlags("evidock " + c.Name)
	run := c.Flags(f)
	asJSON := f.Bool("json", false, jsonHelp[c.JSON])
	f.String("lang", "", "flag.lang") // read before parsing (see Run), declared so it parses
	pos, err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		m.commandHelp(m.Stdout, c, f)
		return ExitOK
	case errors.Is(err, ErrMissing):
		return m.fail(usageError{msg: m.Tr("usage.missing", strings.TrimPrefix(err.Error(), ErrMissing.Error()+": ")), synopsis: c})
	case err != nil:
		return m.fail(usageError{msg: m.flagMistake(err), synopsis: c})
	}
	if lo, hi := Arity(c.Args); len(pos) < lo || hi >= 0 && len(pos) > hi {
		return m.fail(usageError{msg: m.Tr("usage.arguments", c.Args), synopsis: c})
	}
	x := &Call{Main: m, cmd: c, Flags: f, Args: pos, JSON: *asJSON}
	m.printedJSON = false
	err = run(ctx, x)
	if x.st != nil {
		x.st.Close()
	}
	if err == nil {
		if x.JSON && !m.printedJSON {
			m.PrintJSON(map[string]any{"ok": true, "result": x.result, "message": strings.Join(x.done_, "\n")})
		}
		return ExitOK
	}
	code := m.fail(err)
	if x.JSON && !m.printedJSON {
		// A script reading --json gets an object whatever happened.
		m.PrintJSON(map[string]any{"ok": false, "exit": code, "error": m.errorText(err)})
	}
	return code
}

// flagMistake says what is wrong with the flags in the user's language.
func (m *Main) flagMistake(err error) string {
	var fe *FlagError
	if errors.As(err, &fe) && fe.Flag != "" {
		return m.Tr("usage.flag."+fe.Kind, fe.Flag)
	}
	return m.Tr("usage.bad_flag", err)
}

// Arity is how many positional arguments a synopsis takes: at least lo,
// at most hi (-1: any number). "[X]" is optional, "X…" repeats.
func Arity(synopsis string) (lo, hi int) {
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
func (m *Main) commandHelp(w io.Writer, c *Command, f *Flags) {
	fmt.Fprintln(w, m.synopsis(c))
	fmt.Fprintln(w, m.Tr(c.Help))
	if c.Needs != "" {
		fmt.Fprintln(w, m.Tr("help.needs", c.Needs))
	}
	fmt.Fprintln(w, m.Tr("help.flags"))
	f.WriteHelp(w, m.p)
	if vs := Verbs(c.Name); len(vs) > 0 { // a command that also has verbs (exports release)
		fmt.Fprintln(w, m.Tr("help.verbs"))
		for _, v := range vs {
			fmt.Fprintf(w, "  %s %s\n      %s\n", strings.TrimPrefix(v.Name, c.Name+" "), v.Args, m.Tr(v.Help))
		}
	}
}

// synopsis is c's usage line.
func (m *Main) synopsis(c *Command) string {
	s := m.Tr("help.usage") + " evidock " + m.Tr("help.global") + " " + c.Name
	if c.Flags == nil {
		return s + " " + m.Tr("help.verb")
	}
	s += " " + m.Tr("help.options")
	if c.Args != "" {
		s += " " + c.Args
	}
	return s
}

// Verbs lists the verbs of group, sorted.
func Verbs(group string) []*Command {
	var out []*Command
	for name, c := range commands {
		if strings.HasPrefix(name, group+" ") {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// groupHelp writes the help of a group: its verbs and what each does.
func (m *Main) groupHelp(w io.Writer, c *Command) {
	fmt.Fprintln(w, m.synopsis(c))
	fmt.Fprintln(w, m.Tr(c.Help))
	fmt.Fprintln(w, m.Tr("help.verbs"))
	for _, v := range Verbs(c.Name) {
		fmt.Fprintf(w, "  %s %s\n      %s\n", strings.TrimPrefix(v.Name, c.Name+" "), v.Args, m.Tr(v.Help))
	}
	fmt.Fprintln(w, m.Tr("help.verb_help", c.Name))
}

// usage writes the top-level help: the commands and the exit codes.
func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, m.Tr("help.top"))
	var names []string
	for n := range commands {
		if !strings.Contains(n, " ") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-13s %s\n", n, m.Tr(commands[n].Help))
	}
	fmt.Fprintln(w, m.Tr("help.exit_codes"))
}

// find returns the command args name, and the arguments left: a group's
// verb when args[1] is one, else the command args[0].
func find(args []string) (*Command, []string) {
	if len(args) > 1 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	return commands[args[0]], args[1:]
}

// WithID runs do with the session and the first argument read as a number:
// the commands that act on one request, export, work record, check or case
// of the register by its id.
func (x *Call) WithID(ctx context.Context, do func(sess *store.Session, id int64) error) error {
	id, err := x.ID(0)
	if err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	return do(sess, id)
}

// Lookup is the declared command of that name ("verify", "user add"), nil
// when there is none.
func Lookup(name string) *Command { return commands[name] }

// Names are the names of the declared commands, sorted.
func Names() []string {
	ns := make([]string, 0, len(commands))
	for n := range commands {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// ID reads positional argument i as the number of something numbered (a
// request, an export): a positive whole number, else a usage error.
func (x *Call) ID(i int) (int64, error) {
	id, err := strconv.ParseInt(x.Args[i], 10, 64)
	if err != nil || id <= 0 {
		return 0, x.Usagef("usage.not_a_number", x.Args[i])
	}
	return id, nil
}

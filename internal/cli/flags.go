package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
)

// Flags is a command's flag set whose help texts are message keys of the
// Catalog, so that its help prints in the language asked for. A help text
// may name the flag's value in backquotes (`目录`), as the flag package's
// do, and may take values (a list of choices) given where it is declared.
type Flags struct {
	fs       *flag.FlagSet
	args     map[string][]any
	hidden   map[string]bool
	required []string
}

// NewFlags returns an empty flag set for the command name.
func NewFlags(name string) *Flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and said in the user's language
	fs.Usage = func() {}
	return &Flags{fs: fs, args: map[string][]any{}, hidden: map[string]bool{}}
}

func (f *Flags) help(name, key string, args []any) string {
	if len(args) > 0 {
		f.args[name] = args
	}
	return key
}

// String defines a string flag; help is its message key, args its values.
func (f *Flags) String(name, value, help string, args ...any) *string {
	return f.fs.String(name, value, f.help(name, help, args))
}

// StringVar defines a string flag stored in p.
func (f *Flags) StringVar(p *string, name, value, help string, args ...any) {
	f.fs.StringVar(p, name, value, f.help(name, help, args))
}

// Bool defines a flag that is on when given.
func (f *Flags) Bool(name string, value bool, help string, args ...any) *bool {
	return f.fs.Bool(name, value, f.help(name, help, args))
}

// BoolVar defines a flag stored in p that is on when given.
func (f *Flags) BoolVar(p *bool, name string, value bool, help string, args ...any) {
	f.fs.BoolVar(p, name, value, f.help(name, help, args))
}

// Int defines an int flag.
func (f *Flags) Int(name string, value int, help string, args ...any) *int {
	return f.fs.Int(name, value, f.help(name, help, args))
}

// IntVar defines an int flag stored in p.
func (f *Flags) IntVar(p *int, name string, value int, help string, args ...any) {
	f.fs.IntVar(p, name, value, f.help(name, help, args))
}

// Int64 defines an int64 flag.
func (f *Flags) Int64(name string, value int64, help string, args ...any) *int64 {
	return f.fs.Int64(name, value, f.help(name, help, args))
}

// Int64Var defines an int64 flag stored in p.
func (f *Flags) Int64Var(p *int64, name string, value int64, help string, args ...any) {
	f.fs.Int64Var(p, name, value, f.help(name, help, args))
}

// Float64 defines a float64 flag.
func (f *Flags) Float64(name string, value float64, help string, args ...any) *float64 {
	return f.fs.Float64(name, value, f.help(name, help, args))
}

// Var defines a flag of any flag.Value (one given several times, say).
func (f *Flags) Var(v flag.Value, name, help string, args ...any) {
	f.fs.Var(v, name, f.help(name, help, args))
}

// Hide leaves flags out of the help: for tests and unusual cases.
func (f *Flags) Hide(names ...string) {
	for _, n := range names {
		f.hidden[n] = true
	}
}

// Require makes flags that must be given, with a value that is not blank;
// Parse refuses without.
func (f *Flags) Require(names ...string) { f.required = append(f.required, names...) }

// Given reports whether the flag name was on the command line.
func (f *Flags) Given(name string) bool {
	given := false
	f.fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == name })
	return given
}

// Names lists the flags shown in the help, sorted.
func (f *Flags) Names() []string {
	var out []string
	f.fs.VisitAll(func(fl *flag.Flag) {
		if !f.hidden[fl.Name] {
			out = append(out, fl.Name)
		}
	})
	return out
}

// HelpKey is the message key of flag name's help text.
func (f *Flags) HelpKey(name string) string {
	if fl := f.fs.Lookup(name); fl != nil {
		return fl.Usage
	}
	return ""
}

// ErrMissing is the error of Parse when a required flag is not given.
var ErrMissing = errors.New("a required flag is missing")

// FlagError is a mistake in the flags, said so that it can be put in the
// user's language: Kind is "unknown" (no such flag), "no_value" (a flag
// given without its value) or "bad_value" (a value the flag cannot take).
type FlagError struct {
	Kind, Flag string
	Err        error // the flag package's own words
}

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// flagError turns the flag package's error into a FlagError.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	for prefix, kind := range map[string]string{
		"flag provided but not defined: ": "unknown",
		"flag needs an argument: ":        "no_value",
		"invalid value ":                  "bad_value",
		"invalid boolean value ":          "bad_value",
		"invalid boolean flag ":           "bad_value",
	} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			name := strings.Fields(rest + " ")[0]
			if kind == "bad_value" {
				for _, sep := range []string{" for flag -", " for -"} {
					if i := strings.LastIndex(rest, sep); i >= 0 {
						name = strings.TrimSuffix(strings.Fields(rest[i+len(sep)-1:])[0], ":")
						break
					}
				}
			}
			name = "-" + strings.TrimLeft(strings.Trim(name, `"`), "-")
			return &FlagError{Kind: kind, Flag: "-" + name, Err: err}
		}
	}
	return &FlagError{Kind: "bad_value", Err: err}
}

// Parse parses args, whose flags may come before, between or after the
// positional arguments (`user add NAME --roles officer`); "--" ends the
// flags. It returns the positional arguments. --help gives flag.ErrHelp.
func (f *Flags) Parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		rest := f.fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			pos = append(pos, rest[1:]...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	var missing []string
	for _, n := range f.required {
		if fl := f.fs.Lookup(n); fl != nil && (!f.Given(n) || strings.TrimSpace(fl.Value.String()) == "") {
			missing = append(missing, "--"+n)
		}
	}
	if len(missing) > 0 {
		return pos, fmt.Errorf("%w: %s", ErrMissing, strings.Join(missing, ", "))
	}
	return pos, nil
}

// ParseLeading parses the flags before the first positional argument
// (the global flags before a command) and returns the arguments from it on.
func (f *Flags) ParseLeading(args []string) ([]string, error) {
	if err := f.fs.Parse(args); err != nil {
		return nil, flagError(err)
	}
	return f.fs.Args(), nil
}

// WriteHelp writes one entry per shown flag in p's language: the flag and
// the name of its value, then its text, whether it is required and its
// default.
func (f *Flags) WriteHelp(w io.Writer, p Printer) {
	names := f.Names()
	sort.Strings(names)
	for _, n := range names {
		fl := f.fs.Lookup(n)
		text := p.Sprintf(fl.Usage, f.args[n]...)
		value, text := unquote(text)
		line := "  --" + n
		if _, isBool := fl.Value.(interface{ IsBoolFlag() bool }); !isBool {
			if value == "" {
				value = p.Sprintf("cli.value")
			}
			line += " " + value
		}
		for _, r := range f.required {
			if r == n {
				text += p.Sprintf("cli.required")
			}
		}
		if !isZero(fl) {
			text += p.Sprintf("cli.default", fl.DefValue)
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, strings.ReplaceAll(text, "\n", "\n      "))
	}
}

// unquote takes the value's name out of a help text: the first word in
// backquotes, the text keeping the word without them.
func unquote(text string) (name, rest string) {
	i := strings.IndexByte(text, '`')
	if i < 0 {
		return "", text
	}
	j := strings.IndexByte(text[i+1:], '`')
	if j < 0 {
		return "", text
	}
	name = text[i+1 : i+1+j]
	return name, text[:i] + name + text[i+2+j:]
}

// isZero reports whether fl's default is its type's zero value, which the
// help leaves unsaid.
func isZero(fl *flag.Flag) bool {
	typ := reflect.TypeOf(fl.Value)
	var z reflect.Value
	if typ.Kind() == reflect.Pointer {
		z = reflect.New(typ.Elem())
	} else {
		z = reflect.Zero(typ)
	}
	v, ok := z.Interface().(flag.Value)
	return ok && fl.DefValue == v.String()
}

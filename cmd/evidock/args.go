package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// parseMixed parses args whose flags may come before, between or after the
// positional arguments (`user add NAME --roles officer`), which flag.Parse
// alone stops at. It returns the positional arguments.
func parseMixed(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if code, ok := parse(fs, args); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseOne is parseMixed for a command that takes exactly one positional
// argument: with none or more it prints the usage and exits 2.
func parseOne(fs *flag.FlagSet, args []string) (arg string, code int, ok bool) {
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return "", code, false
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", exitUsage, false
	}
	return pos[0], 0, true
}

// subcommand is one verb of a command with verbs (user add, request list).
type subcommand struct {
	usage, help string // usage starts with the verb
	run         func(m *Main, ctx context.Context, args []string) int
}

// registerVerbs registers command name, which runs one of its verbs; verbs
// must be filled in already.
func registerVerbs(name, usage, help string, verbs map[string]subcommand) {
	register(command{name: name, usage: usage, help: help, run: func(m *Main, ctx context.Context, args []string) int {
		return m.dispatch(ctx, name, verbs, args)
	}})
}

// dispatch runs the verb args[0] of command name.
func (m *Main) dispatch(ctx context.Context, name string, verbs map[string]subcommand, args []string) int {
	if len(args) > 0 {
		if v, ok := verbs[args[0]]; ok {
			return v.run(m, ctx, args[1:])
		}
	}
	names := make([]string, 0, len(verbs))
	for n := range verbs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) > 0 && args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintf(m.Stderr, "evidock %s: unknown %q\n", name, args[0])
	}
	fmt.Fprintln(m.Stderr, "usage:")
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  evidock [--user NAME] %s %s\n      %s\n", name, verbs[n].usage, verbs[n].help)
	}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		return exitOK
	}
	return exitUsage
}

// verbFlags is a verb's flag set, its usage line taken from the verb.
func (m *Main) verbFlags(name string, v subcommand) *flag.FlagSet {
	fs := m.flags(name)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "usage: evidock [--user NAME] %s %s\n%s\n", strings.Fields(name)[0], v.usage, v.help)
		fs.PrintDefaults()
	}
	return fs
}

// parseID is parseOne for a command whose one argument is a numbered
// thing (an export, a request): a positive whole number.
func parseID(fs *flag.FlagSet, args []string) (id int64, code int, ok bool) {
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return 0, code, false
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(fs.Output(), "%s: %q is not a number; give the number from the list\n", fs.Name(), arg)
		return 0, exitUsage, false
	}
	return id, 0, true
}

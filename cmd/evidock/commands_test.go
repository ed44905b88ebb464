package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"evidock/digest"
	"evidock/internal/cli"
)

// runIn runs one command line in-process with env and returns its exit
// code, standard output and standard error.
func runIn(env map[string]string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	m := &cli.Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// names are the declared commands, sorted.
func names() []string { return cli.Names() }

// Every declared command has its --help in Chinese by default and in
// English with --lang en, $EVIDOCK_LANG=en or an English locale, each with the command's own
// text from the translation files; every command but a group offers --json
// and --lang.
func TestEveryCommandHelp(t *testing.T) {
	data := t.TempDir()
	en := cli.Messages().Printer(cli.EN)
	zh := cli.Messages().Printer(cli.ZH)
	for _, name := range names() {
		c := cli.Lookup(name)
		args := append([]string{"--data", data}, strings.Fields(name)...)
		code, out, errOut := runIn(nil, append(args, "--help")...)
		if code != cli.ExitOK || !strings.Contains(out, zh.Sprintf(c.Help)) || !strings.Contains(out, "用法") || errOut != "" {
			t.Errorf("%s --help: exit %d, want 0 and the Chinese help\nstdout: %s\nstderr: %s", name, code, out, errOut)
		}
		for _, how := range []struct {
			env  map[string]string
			args []string
		}{
			{nil, append(append([]string{"--lang", "en"}, args...), "--help")},
			{nil, append(args, "--help", "--lang=en")},
			{map[string]string{"LANG": "en_US.UTF-8"}, append(args, "--help")},
			{map[string]string{"EVIDOCK_LANG": "en", "LANG": "zh_CN.UTF-8"}, append(args, "--help")},
		} {
			code, out, _ := runIn(how.env, how.args...)
			if code != cli.ExitOK || !strings.Contains(out, en.Sprintf(c.Help)) || !strings.Contains(out, "usage:") || strings.Contains(out, "用法") {
				t.Errorf("%v %v: exit %d, want 0 and the English help\n%s", how.env, how.args, code, out)
			}
		}
		for _, v := range cli.Verbs(name) {
			if verb := strings.TrimPrefix(v.Name, name+" "); !strings.Contains(out, "  "+verb+" ") {
				t.Errorf("%s --help does not list its verb %s:\n%s", name, verb, out)
			}
		}
		if c.Flags != nil && (!strings.Contains(out, "--json") || !strings.Contains(out, "--lang")) {
			t.Errorf("%s --help offers no --json or --lang:\n%s", name, out)
		}
	}
}

// evidock --help names the commands and the four exit codes, in both
// languages; so does the README.
func TestTopHelpAndExitCodes(t *testing.T) {
	code, out, _ := runIn(nil, "--help")
	if code != cli.ExitOK || !strings.Contains(out, "退出码") || !strings.Contains(out, "3  故障") || !strings.Contains(out, "2  用法错误或被拒绝") || !strings.Contains(out, "verify") {
		t.Errorf("evidock --help: exit %d\n%s", code, out)
	}
	code, out, _ = runIn(nil, "--lang", "en", "--help")
	if code != cli.ExitOK || !strings.Contains(out, "exit codes") || !strings.Contains(out, "3  fault") || !strings.Contains(out, "2  usage error or refused") || !strings.Contains(out, "1  problems found") {
		t.Errorf("evidock --lang en --help: exit %d\n%s", code, out)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 1 | 核验发现问题", "| 2 | 用法错误或被拒绝", "| 3 | 故障", "| 1 | problems found", "| 2 | usage error or refused", "| 3 | fault"} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("README.md does not document the exit codes: no %q", want)
		}
	}
}

// A flag no command has, a command that does not exist and a verb a group
// does not have are usage errors: exit 2, said in Chinese, English with
// --lang en.
func TestEveryCommandRefusesUnknownFlags(t *testing.T) {
	data := t.TempDir()
	for _, name := range names() {
		args := append([]string{"--data", data}, strings.Fields(name)...)
		code, out, errOut := runIn(nil, append(args, "--no-such-flag")...)
		want := "没有这个选项：--no-such-flag"
		if cli.Lookup(name).Flags == nil {
			want = "没有子命令 --no-such-flag"
		}
		if code != cli.ExitUsage || !strings.Contains(errOut, want) || out != "" {
			t.Errorf("%s --no-such-flag: exit %d, want 2 saying %q\nstdout: %s\nstderr: %s", name, code, want, out, errOut)
		}
		if code, _, errOut := runIn(nil, append(args, "--no-such-flag", "--lang", "en")...); code != cli.ExitUsage ||
			!strings.Contains(errOut, "no such option: --no-such-flag") && !strings.Contains(errOut, "has no verb --no-such-flag") {
			t.Errorf("%s --no-such-flag --lang en: exit %d\n%s", name, code, errOut)
		}
	}
	for _, args := range [][]string{{"no-such-command"}, {"--no-such-global"}, {"user", "no-such-verb"}, {"--lang", "fr", "verify"}} {
		if code, _, errOut := runIn(nil, append([]string{"--data", data}, args...)...); code != cli.ExitUsage || errOut == "" {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, errOut)
		}
	}
	if code, _, errOut := runIn(nil, "--data", data, "custody", "--limit"); code != cli.ExitUsage || !strings.Contains(errOut, "选项 --limit 需要一个值") {
		t.Errorf("custody --limit: exit %d\n%s", code, errOut)
	}
}

// An action the user may not do exits 3, in Chinese and in --json, and
// is in the ledger; a wrong password and a disabled account exit 3 too.
func TestRefusalsExit2(t *testing.T) {
	data := t.TempDir()
	root := map[string]string{"EVIDOCK_PASSWORD": "admin password", "EVIDOCK_NEW_PASSWORD": "initial password"}
	off := map[string]string{"EVIDOCK_PASSWORD": "initial password", "EVIDOCK_NEW_PASSWORD": "x password"}
	mustRun := func(env map[string]string, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(env, append([]string{"--data", data}, args...)...)
		if code != cli.ExitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	mustRun(root, "init", "--admin", "root")
	mustRun(root, "--user", "root", "user", "add", "off", "--roles", "officer")
	mustRun(root, "--user", "root", "user", "add", "gone", "--roles", "officer")
	mustRun(root, "--user", "root", "user", "disable", "gone")

	code, out, errOut := runIn(off, "--data", data, "--user", "off", "user", "add", "x", "--roles", "admin")
	if code != cli.ExitRefused || !strings.Contains(errOut, "不允许") {
		t.Errorf("an officer adding a user: exit %d, want 3\n%s%s", code, out, errOut)
	}
	code, out, _ = runIn(off, "--data", data, "--user", "off", "user", "add", "x", "--roles", "admin", "--json")
	var res struct {
		OK    bool   `json:"ok"`
		Exit  int    `json:"exit"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != cli.ExitRefused || res.OK || res.Exit != cli.ExitRefused || !strings.Contains(res.Error, "不允许") {
		t.Errorf("--json of a refusal: exit %d %+v %v\n%s", code, res, err, out)
	}
	code, _, errOut = runIn(off, "--data", data, "--lang", "en", "--user", "off", "user", "add", "x", "--roles", "admin")
	if code != cli.ExitRefused || !strings.Contains(errOut, "not permitted") {
		t.Errorf("in English: exit %d\n%s", code, errOut)
	}
	if code, _, _ := runIn(map[string]string{"EVIDOCK_PASSWORD": "wrong"}, "--data", data, "--user", "off", "recordings"); code != cli.ExitRefused {
		t.Errorf("a wrong password: exit %d, want 3", code)
	}
	if code, _, _ := runIn(off, "--data", data, "--user", "gone", "recordings"); code != cli.ExitRefused {
		t.Errorf("a disabled account: exit %d, want 3", code)
	}
	if code, _, errOut := runIn(root, "--data", data, "--user", "root", "request", "approve", "abc"); code != cli.ExitUsage {
		t.Errorf("a request number that is not one: exit %d, want 2\n%s", code, errOut)
	}
	refused := 0
	for _, e := range ledgerJSON(t, data, root) {
		if strings.Contains(e.Action, "refused") {
			refused++
		}
	}
	if refused < 3 {
		t.Errorf("%d refusals in the ledger, want the three attempts", refused)
	}
}

type ledgerEntry struct {
	Action string `json:"action"`
}

func ledgerJSON(t *testing.T, data string, env map[string]string) []ledgerEntry {
	t.Helper()
	code, out, errOut := runIn(env, "--data", data, "--user", "root", "ledger", "--json")
	var es []ledgerEntry
	if err := json.Unmarshal([]byte(out), &es); code != cli.ExitOK || err != nil {
		t.Fatalf("ledger --json: exit %d %v\n%s%s", code, err, out, errOut)
	}
	return es
}

// Every command that prints records, run with --json on a set-up data
// folder, prints JSON and nothing else on standard output: an array for a
// list, an object otherwise, also when it fails or is refused.
func TestEveryJSONParses(t *testing.T) {
	data := t.TempDir()
	root := map[string]string{"EVIDOCK_PASSWORD": "admin password", "EVIDOCK_NEW_PASSWORD": "initial password"}
	if code, out, errOut := runIn(root, "--data", data, "init", "--admin", "root", "--json"); code != cli.ExitOK || !json.Valid([]byte(out)) {
		t.Fatalf("init --json: exit %d\n%s%s", code, out, errOut)
	}
	skip := map[string]bool{"watch": true, "demo": true, // they run until stopped
		"passwd": true} // it would change root's password
	ran := 0
	for _, name := range names() {
		c := cli.Lookup(name)
		if c.Flags == nil || skip[name] {
			continue
		}
		if lo, _ := cli.Arity(c.Args); lo > 0 {
			continue
		}
		args := append([]string{"--data", data, "--user", "root"}, strings.Fields(name)...)
		if c.Who == cli.NoSession {
			args = append([]string{"--data", data}, strings.Fields(name)...)
		}
		code, out, errOut := runIn(root, append(args, "--json")...)
		if code == cli.ExitUsage && out == "" {
			continue // its required flags are missing: refused before it runs
		}
		ran++
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s --json: exit %d, stdout is not JSON: %v\n%s\nstderr: %s", name, code, err, out, errOut)
			continue
		}
		_, isArray := v.([]any)
		if code == cli.ExitOK && (c.JSON == cli.JSONArray) != isArray {
			t.Errorf("%s --json (%d): %T\n%s", name, c.JSON, v, out)
		}
	}
	if ran < 20 {
		t.Errorf("only %d commands ran with --json", ran)
	}
	code, out, _ := runIn(root, "--data", data, "--user", "root", "user", "add", "off", "--roles", "officer", "--json")
	var done struct {
		OK      bool   `json:"ok"`
		Result  string `json:"result"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out), &done); err != nil || code != cli.ExitOK || !done.OK || done.Result != "user.added" || !strings.Contains(done.Message, "off") {
		t.Errorf("user add --json: exit %d %+v %v\n%s", code, done, err, out)
	}
}

// Every message the command line says is in both translation files, with
// the same values: every key in the code (and each key it makes from
// parts) has a Chinese and an English text, and no text is left unused.
func TestEveryMessageInBothLanguages(t *testing.T) {
	if probs := cli.Messages().Problems(); len(probs) > 0 {
		t.Errorf("translations:\n%s", strings.Join(probs, "\n"))
	}
	keyRe := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	used := map[string]bool{}
	// The program's code: this folder, the framework and every package of
	// commands, each with its messages.
	var files []string
	for _, dir := range []string{".", "../../internal/cli", "../../internal/commands/*"} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, fs...)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				if s, _ := strconv.Unquote(bl.Value); keyRe.MatchString(s) && !strings.HasPrefix(s, "evidock.") {
					used[s] = true
				}
			}
			return true
		})
	}
	// Keys made of parts: the verbs' past tenses, the verification phases,
	// the kinds of flag mistakes.
	for _, k := range []string{"user.disabled", "user.enabled", "case.linked", "case.unlinked", "violation.open.done",
		"violation.decide.done", "violation.close.done", "verify.phase.ledger", "verify.phase.files",
		"usage.flag.unknown", "usage.flag.no_value", "usage.flag.bad_value", "checkpoint.rollback", "checkpoint.fork"} {
		used[k] = true
	}
	for _, n := range names() {
		used[cli.Lookup(n).Help] = true
	}
	for k := range used {
		if strings.HasPrefix(k, "store.") || strings.HasPrefix(k, "import.") && strings.Count(k, ".") == 0 {
			continue
		}
		if !cli.Messages().Has(k) && looksLikeMessage(k) {
			t.Errorf("message %q has no text in both languages", k)
		}
	}
	for _, k := range cli.Messages().Keys() {
		if !used[k] && !strings.HasPrefix(k, "cli.") {
			t.Errorf("message %q is not used", k)
		}
	}
}

// looksLikeMessage tells a message key from other dotted strings in the
// code (file names, actions): its first part is a message area.
func looksLikeMessage(k string) bool {
	area := k[:strings.IndexByte(k, '.')]
	for _, c := range cli.Messages().Keys() {
		if strings.HasPrefix(c, area+".") {
			return true
		}
	}
	return false
}

// A fault (here a hash kernel failing its self-test) exits 1, says so in
// the user's language, and --json still prints an object saying so; the
// kernels that passed are named before verify computes anything.
func TestFaultExits3WithJSON(t *testing.T) {
	data := t.TempDir()
	run := func(test func() ([]digest.Kernel, error), args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		m := &cli.Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, SelfTest: test}
		return m.Run(context.Background(), append([]string{"--data", data}, args...)), out.String(), errOut.String()
	}
	broken := func() ([]digest.Kernel, error) { return nil, fmt.Errorf("sm3 lanes: %w", digest.ErrSelfTest) }
	code, out, errOut := run(broken, "verify")
	if code != cli.ExitFault || !strings.Contains(errOut, "自检失败") || strings.Contains(out, "完好") {
		t.Errorf("verify with a broken kernel: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, _ = run(broken, "verify", "--json")
	var res struct {
		OK   bool `json:"ok"`
		Exit int  `json:"exit"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != cli.ExitFault || res.OK || res.Exit != cli.ExitFault {
		t.Errorf("verify --json with a broken kernel: exit %d %+v %v\n%s", code, res, err, out)
	}
	code, out, _ = run(nil, "verify")
	if code != cli.ExitOK || !strings.Contains(out, "哈希算法自检通过") {
		t.Errorf("verify: exit %d\n%s", code, out)
	}
}

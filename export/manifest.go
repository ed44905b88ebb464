package export

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// manifestLine is one line of a BagIt manifest: a hex digest and the
// slash-separated path of the file it belongs to, relative to the bag.
type manifestLine struct {
	Line int // 1-based line number in the file
	Hash string
	Path string
}

// formatManifest writes a BagIt manifest (RFC 8493 §2.1.3): one
// "<hex>  <path>" line per file, sorted by path, paths percent-encoded.
func formatManifest(hashes map[string]string) []byte {
	paths := make([]string, 0, len(hashes))
	for p := range hashes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	for _, p := range paths {
		fmt.Fprintf(&b, "%s  %s\n", hashes[p], encodePath(p))
	}
	return b.Bytes()
}

// parseManifest reads a BagIt manifest. Malformed lines are returned as
// problems naming the file and line.
func parseManifest(name string, b []byte) ([]manifestLine, []Problem) {
	var lines []manifestLine
	var probs []Problem
	for i, raw := range strings.Split(string(b), "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		hash, path, ok := strings.Cut(raw, " ")
		path = strings.TrimLeft(path, " \t")
		if !ok || hash == "" || path == "" {
			probs = append(probs, Problem{Path: name, What: fmt.Sprintf("line %d is not \"<hash> <path>\": %q", i+1, raw)})
			continue
		}
		lines = append(lines, manifestLine{Line: i + 1, Hash: strings.ToLower(hash), Path: decodePath(path)})
	}
	return lines, probs
}

// encodePath percent-encodes the characters RFC 8493 requires in manifest paths.
func encodePath(p string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(p)
}

// decodePath undoes encodePath.
func decodePath(p string) string {
	return strings.NewReplacer("%25", "%", "%0D", "\r", "%0d", "\r", "%0A", "\n", "%0a", "\n").Replace(p)
}

// infoField is one "Label: value" element of bag-info.txt.
type infoField struct {
	Label, Value string
}

// formatBagInfo writes bag-info.txt fields in order. A value spanning several
// lines is continued on lines indented by two spaces (RFC 8493 §2.2.2).
func formatBagInfo(fields []infoField) []byte {
	var b bytes.Buffer
	for _, f := range fields {
		v := strings.ReplaceAll(strings.ReplaceAll(f.Value, "\r\n", "\n"), "\r", "\n")
		v = strings.ReplaceAll(strings.TrimRight(v, "\n"), "\n", "\n  ")
		fmt.Fprintf(&b, "%s: %s\n", f.Label, v)
	}
	return b.Bytes()
}

// parseBagInfo reads bag-info.txt into its fields, joining continuation lines.
func parseBagInfo(b []byte) []infoField {
	var fields []infoField
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(fields) > 0 {
			fields[len(fields)-1].Value += "\n" + strings.TrimLeft(line, " \t")
			continue
		}
		label, value, _ := strings.Cut(line, ":")
		fields = append(fields, infoField{Label: strings.TrimSpace(label), Value: strings.TrimSpace(value)})
	}
	return fields
}

// infoValue returns the first value of label in fields.
func infoValue(fields []infoField, label string) (string, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Label, label) {
			return f.Value, true
		}
	}
	return "", false
}

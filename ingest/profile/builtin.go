package profile

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
)

// builtinFS holds the profiles shipped with the program, one JSON file each.
//
//go:embed builtin/*.json
var builtinFS embed.FS

// Builtin returns the profiles shipped with the program, parsed and
// validated, in file name order. Each call returns fresh copies.
func Builtin() ([]Profile, error) {
	names, err := fs.Glob(builtinFS, "builtin/*.json")
	if err != nil {
		return nil, fmt.Errorf("list builtin profiles: %w", err)
	}
	var ps []Profile
	seen := map[string]string{}
	for _, name := range names {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read builtin profile %s: %w", name, err)
		}
		p, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("builtin profile %s: %w", path.Base(name), err)
		}
		if other, dup := seen[p.Name]; dup {
			return nil, fmt.Errorf("builtin profiles %s and %s both have the name %q", other, name, p.Name)
		}
		seen[p.Name] = name
		p.Source = name
		ps = append(ps, p)
	}
	return ps, nil
}

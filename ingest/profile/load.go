package profile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxProfileFile is the largest profile file Load reads.
const maxProfileFile = 1 << 20

// Load returns the builtin profiles together with the user's own, read from
// every *.json file (any case) in <dataDir>/profiles. A user profile with the
// name of a builtin replaces it in place; other user profiles follow the
// builtins, sorted by name. A missing profiles folder is not an error. A file
// that cannot be read or parsed is an error naming the file and, when it can
// be told, the line (an *[Error]); so is a name used by two user files.
func Load(dataDir string) ([]Profile, error) {
	if dataDir == "" {
		return nil, errors.New("load profiles: no data folder given")
	}
	ps, err := Builtin()
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	dir := filepath.Join(dataDir, "profiles")
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return ps, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	index := map[string]int{}
	for i, p := range ps {
		index[p.Name] = i
	}
	userFile := map[string]string{}
	var extra []Profile
	for _, e := range ents {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		p, err := loadFile(file)
		if err != nil {
			return nil, fmt.Errorf("load profiles: %w", err)
		}
		if other, dup := userFile[p.Name]; dup {
			return nil, fmt.Errorf("load profiles: %s and %s both define the profile %q", other, file, p.Name)
		}
		userFile[p.Name] = file
		if i, ok := index[p.Name]; ok {
			ps[i] = p
		} else {
			extra = append(extra, p)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Name < extra[j].Name })
	return append(ps, extra...), nil
}

// loadFile reads and parses one user profile file.
func loadFile(file string) (Profile, error) {
	f, err := os.Open(file)
	if err != nil {
		return Profile{}, &Error{File: file, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProfileFile+1))
	if err != nil {
		return Profile{}, &Error{File: file, Err: err}
	}
	if len(data) > maxProfileFile {
		return Profile{}, &Error{File: file, Err: fmt.Errorf("larger than %d bytes", maxProfileFile)}
	}
	p, err := Parse(data)
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			pe.File = file
			return Profile{}, pe
		}
		return Profile{}, &Error{File: file, Err: err}
	}
	p.Source = file
	return p, nil
}

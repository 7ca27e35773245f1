package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// configPaths are the PATHs .edgelint.yaml is looked up from: standard
// input's configuration is the one of the project the editor runs in.
func configPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if p == "-" {
			p = "."
		}
		out[i] = p
	}
	return out
}

// exitFor is the exit code of an error: 3 for usage, else 2.
func exitFor(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitIncomplete
}

// readStdin replaces the PATH "-" by a copy of standard input, since
// sources read files (a tree's includes are found beside them); findings
// in it are reported under name. done removes the copy.
func (e *env) readStdin(s *session, paths []string, name string) ([]string, func(), error) {
	at := -1
	for i, p := range paths {
		if p == "-" {
			if at >= 0 {
				return nil, nil, usagef("- (standard input) is named twice")
			}
			at = i
		}
	}
	if at < 0 {
		return paths, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "edgelint-stdin-")
	if err != nil {
		return nil, nil, fmt.Errorf("standard input: %v", plainPathError(err))
	}
	done := func() { os.RemoveAll(dir) }
	base := filepath.Base(name)
	if name == "-" || base == "." || base == string(filepath.Separator) {
		base = "stdin"
	}
	path := filepath.Join(dir, base)
	limit := s.load.Limits.MaxFileSize
	if limit == 0 {
		limit = input.DefaultLimits.MaxFileSize
	}
	var data []byte
	if e.stdin != nil {
		data, err = io.ReadAll(io.LimitReader(e.stdin, limit+1))
	}
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("over the %d-byte limit", limit)
	}
	if err == nil {
		err = os.WriteFile(path, data, 0o600)
	}
	if err != nil {
		done()
		return nil, nil, fmt.Errorf("standard input: %v", plainPathError(err))
	}
	out := append([]string(nil), paths...)
	out[at] = path
	s.rename = map[string]string{input.Display(path): name}
	return out, done, nil
}

// renameFiles reports positions in stand-in files under their names.
func (s *session) renameFiles(fs []lint.Finding, errs []lint.LoadError, ns []lint.Notice) ([]lint.Finding, []lint.LoadError, []lint.Notice) {
	pos := func(p *lint.Position) {
		if to, ok := s.rename[p.File()]; ok {
			p.SetFile(to)
		}
	}
	msg := func(m string) string {
		for from, to := range s.rename {
			m = strings.ReplaceAll(m, from, to)
		}
		return m
	}
	out := make([]lint.Finding, len(fs))
	for i, f := range fs {
		pos(&f.Pos)
		f.Message = msg(f.Message)
		f.Related = append([]lint.Related(nil), f.Related...)
		for j := range f.Related {
			pos(&f.Related[j].Pos)
			f.Related[j].Message = msg(f.Related[j].Message)
		}
		out[i] = f
	}
	for i := range errs {
		pos(&errs[i].Pos)
		errs[i].Message = msg(errs[i].Message)
	}
	for i := range ns {
		pos(&ns[i].Pos)
		ns[i].Message = msg(ns[i].Message)
	}
	return out, errs, ns
}

// countFlag is a positive count that remembers whether it was given.
type countFlag struct {
	n   int
	set bool
}

func (c *countFlag) String() string {
	if c == nil || !c.set {
		return ""
	}
	return strconv.Itoa(c.n)
}

func (c *countFlag) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return fmt.Errorf("want a whole number of at least 1, not %q", v)
	}
	c.n, c.set = n, true
	return nil
}

// Package gitdiff finds the lines changed since a git revision, for
// --new-from-rev: only findings on those lines are reported, while the whole
// tree is still loaded (a change in one file can cause a finding in
// another, which is then reported where its related position changed).
package gitdiff

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Changes are the changed lines per absolute file path. A file with a nil
// line set is new (untracked or added): every line counts as changed.
type Changes struct {
	files map[string]map[int]bool
}

// Since returns the lines of the work tree containing dir that differ
// from rev (committed, staged and unstaged changes, plus untracked files).
func Since(dir, rev string) (*Changes, error) {
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev needs a git repository: %v", err)
	}
	root := strings.TrimSpace(string(top))
	if _, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--new-from-rev: unknown revision %q", rev)
	}
	out, err := git(root, "diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0", rev, "--")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git diff %s: %v", rev, err)
	}
	c := &Changes{files: map[string]map[int]bool{}}
	if err := c.parse(root, out); err != nil {
		return nil, err
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git ls-files: %v", err)
	}
	for _, name := range bytes.Split(untracked, []byte{0}) {
		if len(name) > 0 {
			c.files[filepath.Join(root, string(name))] = nil
		}
	}
	return c, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return nil, err
	}
	return out, nil
}

// parse reads `git diff -U0` output: "+++ b/path" names the file, each
// "@@ -a,b +c,d @@" hunk adds lines c..c+d-1 (d = 0 is a pure deletion,
// which marks the line after it so a finding caused by removing a
// directive is still reported).
func (c *Changes) parse(root string, diff []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var cur map[int]bool
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if name == "/dev/null" {
				cur = nil
				continue
			}
			name = unquote(name)
			name = strings.TrimPrefix(name, "b/")
			cur = map[int]bool{}
			c.files[filepath.Join(root, name)] = cur
		case strings.HasPrefix(line, "@@ ") && cur != nil:
			start, count, err := hunk(line)
			if err != nil {
				return fmt.Errorf("--new-from-rev: cannot read git diff hunk %q: %v", line, err)
			}
			if count == 0 {
				cur[start+1] = true
				continue
			}
			for l := start; l < start+count; l++ {
				cur[l] = true
			}
		}
	}
	return sc.Err()
}

// hunk reads the new-file range of "@@ -a,b +c,d @@ ...".
func hunk(line string) (start, count int, err error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("no new-file range")
	}
	r := strings.TrimPrefix(fields[2], "+")
	s, n, hasCount := strings.Cut(r, ",")
	if start, err = strconv.Atoi(s); err != nil {
		return 0, 0, err
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(n); err != nil {
			return 0, 0, err
		}
	}
	return start, count, nil
}

// unquote undoes git's C-style quoting of unusual file names.
func unquote(name string) string {
	if strings.HasPrefix(name, `"`) {
		if s, err := strconv.Unquote(name); err == nil {
			return s
		}
	}
	return name
}

// Changed reports whether the position is on a changed line.
func (c *Changes) Changed(p lint.Position) bool {
	if p.File() == "" {
		return false
	}
	abs, err := filepath.Abs(p.File())
	if err != nil {
		return false
	}
	lines, ok := c.files[abs]
	if !ok {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			lines, ok = c.files[real]
		}
	}
	if !ok {
		return false
	}
	return lines == nil || p.Line == 0 || lines[int(p.Line)]
}

// Touches reports whether the finding's position, or one of its related
// positions, is on a changed line.
func (c *Changes) Touches(f lint.Finding) bool {
	keep := c.Changed(f.Pos)
	for _, r := range f.Related {
		keep = keep || c.Changed(r.Pos)
	}
	return keep
}

// Filter keeps the findings the changes touch.
func (c *Changes) Filter(findings []lint.Finding) []lint.Finding {
	var kept []lint.Finding
	for _, f := range findings {
		if c.Touches(f) {
			kept = append(kept, f)
		}
	}
	return kept
}

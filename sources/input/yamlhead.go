package input

import (
	"bytes"
	"path/filepath"
	"strings"
)

// YAMLTopKeys scans the head of a .yml or .yaml file the way the YAML
// sources' sniffers read it: each top-level "key:" line (quotes trimmed)
// goes to yield with the rest of its line, until yield returns false.
// Blank, comment, indented and list-item lines and document markers are
// passed over. It reports false for another extension or a top-level
// line that is no key, where the head is no YAML mapping.
func YAMLTopKeys(path string, head []byte, yield func(key string, rest []byte) bool) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yml", ".yaml":
	default:
		return false
	}
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimRight(line, " \t\r")
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' {
			continue
		}
		if bytes.Equal(line, []byte("---")) || bytes.Equal(line, []byte("...")) {
			continue
		}
		key, rest, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return false
		}
		if !yield(strings.Trim(string(key), `"'`), rest) {
			return true
		}
	}
	return true
}

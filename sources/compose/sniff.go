package compose

import (
	"bytes"
	"path/filepath"
	"strings"
)

// topLevel are the keys the Compose Specification allows at the top of a
// file (x-… extensions aside).
var topLevel = map[string]bool{
	"version": true, "name": true, "services": true, "networks": true,
	"volumes": true, "configs": true, "secrets": true, "include": true, "models": true,
}

// Sniff tells a Compose file from its name and first bytes: 2 for a YAML
// file with a top-level services: mapping (or include: list) whose other
// top-level keys are
// all Compose's own, 0 for anything else. Kubernetes manifests
// (apiVersion:, kind:), CI workflows, Ansible and Helm values have other
// top-level keys and stay passed over.
func Sniff(path string, head []byte) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yml", ".yaml":
	default:
		return 0
	}
	services := false
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
			return 0
		}
		k := strings.Trim(string(key), `"'`)
		switch {
		case k == "services":
			if r := bytes.TrimSpace(rest); len(r) > 0 && r[0] != '#' && r[0] != '{' && r[0] != '&' {
				return 0 // services: value on the line: not a mapping of services
			}
			services = true
		case k == "include":
			services = true // a project of included files (laradock)
		case topLevel[k], strings.HasPrefix(k, "x-"):
		default:
			return 0
		}
	}
	if services {
		return 2
	}
	return 0
}

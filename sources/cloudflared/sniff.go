package cloudflared

import (
	"bytes"
	"path/filepath"
	"strings"
)

// notTunnel are top-level keys of the YAML files that share the name
// config.yml with cloudflared's (Compose, Kubernetes manifests, Helm
// values): a file with one is never a tunnel's configuration.
var notTunnel = map[string]bool{
	"services": true, "apiVersion": true, "kind": true, "metadata": true, "spec": true,
}

// Sniff claims a YAML file with a top-level ingress: and a tunnel: or
// credentials-file:, and no key of Compose or Kubernetes: 2 for it, 0 for
// anything else.
func Sniff(path string, head []byte) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yml", ".yaml":
	default:
		return 0
	}
	ingress, tunnel := false, false
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
		key, _, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0
		}
		switch k := strings.Trim(string(key), `"'`); {
		case k == "ingress":
			ingress = true
		case k == "tunnel", k == "credentials-file":
			tunnel = true
		case notTunnel[k]:
			return 0
		}
	}
	if ingress && tunnel {
		return 2
	}
	return 0
}

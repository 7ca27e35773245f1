package cloudflared

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Load reads one cloudflared configuration file.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	display, data, errs := input.ReadEntry(entry, opts)
	if errs != nil {
		return nil, errs
	}
	cfg := &lint.Config{
		Source:   lint.Cloudflared,
		Root:     display,
		Files:    []string{display},
		Product:  lint.Product{Name: "cloudflared"},
		Text:     map[string][]byte{display: data},
		Comments: comments(display, data),
	}
	t, errs := Parse(display, data)
	cfg.Tunnel = t
	return []*lint.Config{cfg}, errs
}

// Parse reads a cloudflared configuration; file is the display path
// positions carry. A file that is not YAML is a load error; keys of the
// wrong shape are left unread.
func Parse(file string, data []byte) (*lint.Tunnel, []lint.LoadError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []lint.LoadError{yamlError(file, err)}
	}
	t := &lint.Tunnel{Pos: lint.At(file, 1, 1)}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return t, nil
	}
	root := deref(doc.Content[0], 0)
	if root.Kind != yaml.MappingNode {
		return t, nil
	}
	var errs []lint.LoadError
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1], 0)
		switch k.Value {
		case "tunnel":
			t.ID, t.Pos = v.Value, pos(file, k)
		case "originRequest":
			errs = append(errs, originRequest(file, v, &t.OriginRequest)...)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1], 0)
		if k.Value != "ingress" {
			continue
		}
		t.IngressPos = pos(file, k)
		if v.Kind != yaml.SequenceNode {
			continue
		}
		for _, e := range v.Content {
			e = deref(e, 0)
			if e.Kind != yaml.MappingNode {
				continue
			}
			r := &lint.IngressRule{Pos: pos(file, e)}
			var or *yaml.Node
			for j := 0; j+1 < len(e.Content); j += 2 {
				rk, raw := e.Content[j], e.Content[j+1]
				rv := deref(raw, 0)
				switch rk.Value {
				case "hostname":
					r.Hostname = rv.Value
				case "path":
					r.Path = rv.Value
				case "service":
					// an alias is positioned where it is used, not at its anchor
					r.Service, r.ServicePos = rv.Value, pos(file, raw)
				case "originRequest":
					or = rv
				}
			}
			// A rule's originRequest overrides the top-level one key by key.
			r.OriginRequest = t.OriginRequest
			errs = append(errs, originRequest(file, or, &r.OriginRequest)...)
			t.Ingress = append(t.Ingress, r)
		}
	}
	return t, errs
}

// originRequest reads the settings of an originRequest mapping into o.
func originRequest(file string, n *yaml.Node, o *lint.OriginRequest) []lint.LoadError {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var errs []lint.LoadError
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1], 0)
		at := pos(file, n.Content[i+1])
		switch k.Value {
		case "connectTimeout", "keepAliveTimeout":
			d, err := duration(v.Value)
			if err != nil {
				errs = append(errs, lint.Errorf(at, "%s: %v", k.Value, err))
				continue
			}
			s := lint.Explicit(d, at).By(k.Value)
			if k.Value == "connectTimeout" {
				o.ConnectTimeout = s
			} else {
				o.KeepAliveTimeout = s
			}
		case "httpHostHeader":
			o.HTTPHostHeader = lint.Explicit(v.Value, at).By(k.Value)
		case "originServerName":
			o.OriginServerName = lint.Explicit(v.Value, at).By(k.Value)
		case "noTLSVerify", "matchSNItoHost", "http2Origin":
			b, err := strconv.ParseBool(v.Value)
			if err != nil {
				continue // not a boolean: cloudflared refuses it, edgelint leaves it unread
			}
			s := lint.Explicit(b, at).By(k.Value)
			switch k.Value {
			case "noTLSVerify":
				o.NoTLSVerify = s
			case "matchSNItoHost":
				o.MatchSNIToHost = s
			default:
				o.HTTP2Origin = s
			}
		case "caPool":
			o.CAPool = lint.Explicit(v.Value, at).By(k.Value)
		}
	}
	return errs
}

// duration reads cloudflared's durations: Go's syntax ("30s", "1m30s").
func duration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (want e.g. 30s)", s)
	}
	return d, nil
}

// deref follows aliases, a bounded number of times (a YAML bomb of
// aliases stays cheap).
func deref(n *yaml.Node, depth int) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && depth < 16 {
		n, depth = n.Alias, depth+1
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

func pos(file string, n *yaml.Node) lint.Position {
	return lint.At(file, n.Line, n.Column)
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func yamlError(file string, err error) lint.LoadError {
	msg := err.Error()
	at := lint.At(file, 1, 1)
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		at.Line = int32(line)
		msg = m[2]
	}
	return lint.Errorf(at, "%s", "invalid YAML: "+strings.TrimPrefix(msg, "yaml: "))
}

// comments lists the file's # comments on their own line, so edgelint
// directives in a tunnel's configuration are read like elsewhere.
func comments(file string, data []byte) []lint.Comment {
	var out []lint.Comment
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "#") {
			continue
		}
		at := lint.At(file, i+1, len(line)-len(t)+1)
		out = append(out, lint.Comment{Pos: at, Text: strings.TrimSpace(t[1:]), Scope: lint.Span(file, i+2, 0, i+2)})
	}
	return out
}

package nginx

import (
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// parseTime reads an nginx time the way ngx_parse_time does for
// millisecond directives: units y M w d h m s ms in decreasing order,
// optionally separated by spaces; a bare number is seconds.
func parseTime(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	const day = 24 * time.Hour
	units := []struct {
		name  string
		scale time.Duration
	}{
		{"y", 365 * day}, {"M", 30 * day}, {"w", 7 * day}, {"d", day},
		{"h", time.Hour}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second},
	}
	order := map[string]int{"y": 0, "M": 1, "w": 2, "d": 3, "h": 4, "m": 5, "s": 6, "ms": 7}
	var total time.Duration
	last := -1
	i := 0
	valid := false
	for i < len(s) {
		if s[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		if j-i > 12 {
			return 0, false
		}
		n, err := strconv.ParseInt(s[i:j], 10, 64)
		if err != nil {
			return 0, false
		}
		valid = true
		i = j
		if i == len(s) || s[i] == ' ' {
			// A bare number is seconds and ends the value.
			if last >= order["s"] {
				return 0, false
			}
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if i != len(s) {
				return 0, false
			}
			total += time.Duration(n) * time.Second
			break
		}
		matched := false
		for _, u := range units {
			if strings.HasPrefix(s[i:], u.name) {
				if order[u.name] <= last {
					return 0, false
				}
				last = order[u.name]
				total += time.Duration(n) * u.scale
				i += len(u.name)
				matched = true
				break
			}
		}
		if !matched {
			return 0, false
		}
	}
	return total, valid
}

// parseSize reads ngx_parse_size: a number with an optional k, m or g
// suffix (either case).
func parseSize(s string) (lint.Size, bool) {
	if s == "" {
		return 0, false
	}
	scale := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		scale = 1 << 10
		s = s[:len(s)-1]
	case 'm', 'M':
		scale = 1 << 20
		s = s[:len(s)-1]
	case 'g', 'G':
		scale = 1 << 30
		s = s[:len(s)-1]
	}
	if s == "" || len(s) > 15 {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return lint.Size(n * scale), true
}

func parseFlag(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "on":
		return true, true
	case "off":
		return false, true
	}
	return false, false
}

func parseInt(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || strings.HasPrefix(s, "+") {
		return 0, false
	}
	return n, true
}

// address is a parsed upstream address.
type address struct {
	host     string
	port     int
	portSet  bool
	unixPath string
}

// parseAddress reads host[:port], [v6][:port] or unix:/path.
func parseAddress(a string) address {
	if strings.HasPrefix(strings.ToLower(a), "unix:") {
		return address{unixPath: a[len("unix:"):]}
	}
	var out address
	host := a
	if strings.HasPrefix(a, "[") {
		if end := strings.Index(a, "]"); end >= 0 {
			host = a[:end+1]
			rest := a[end+1:]
			if p, ok := strings.CutPrefix(rest, ":"); ok {
				if n, ok := parseInt(p); ok {
					out.port, out.portSet = n, true
				}
			}
			out.host = host
			return out
		}
	}
	if i := strings.LastIndexByte(a, ':'); i >= 0 && strings.Count(a, ":") == 1 {
		host = a[:i]
		if n, ok := parseInt(a[i+1:]); ok {
			out.port, out.portSet = n, true
		} else if strings.Contains(a[i+1:], "$") {
			out.portSet = true
		}
	}
	out.host = host
	return out
}

var schemePorts = map[string]int{"http": 80, "https": 443, "grpc": 80, "grpcs": 443, "ws": 80, "wss": 443}

// parseTarget reads the argument of a *_pass directive.
func parseTarget(raw string) lint.Target {
	t := lint.Target{Raw: raw, Variables: strings.Contains(raw, "$")}
	rest := raw
	if i := strings.Index(raw, "://"); i > 0 {
		t.Scheme = strings.ToLower(raw[:i])
		rest = raw[i+3:]
	}
	// http://unix:/path/to.sock:/uri
	if strings.HasPrefix(strings.ToLower(rest), "unix:") {
		sock := rest
		if t.Scheme != "" {
			if j := strings.Index(rest[5:], ":"); j >= 0 {
				sock = rest[:5+j]
				t.Path = rest[5+j+1:]
			}
		}
		t.UnixPath = sock[len("unix:"):]
		return t
	}
	hostport := rest
	if t.Scheme != "" {
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			hostport = rest[:j]
			t.Path = rest[j:]
		}
	}
	if i := strings.IndexByte(hostport, '$'); i > 0 && t.Scheme != "" {
		// http://backend$request_uri: the variable is the path, the host
		// is literal (and may name an upstream{} block).
		for _, v := range pathVariables {
			if strings.HasPrefix(hostport[i:], v) && !isVarChar(hostport, i+len(v)) {
				t.Path = hostport[i:] + t.Path
				hostport = hostport[:i]
				break
			}
		}
	}
	a := parseAddress(hostport)
	t.Host, t.Port, t.PortSet = a.host, a.port, a.portSet
	if !t.PortSet {
		t.Port = schemePorts[t.Scheme]
	}
	return t
}

// pathVariables expand to a URI path (or query), never to a host.
var pathVariables = []string{"$request_uri", "$uri", "$document_uri", "$is_args", "$args", "$query_string"}

func isVarChar(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

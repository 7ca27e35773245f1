package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Load reads one Compose file into a Config of its services.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	display := input.Display(entry)
	cfg := &lint.Config{
		Source:  lint.Compose,
		Root:    display,
		Product: lint.Product{Name: "compose"},
		Text:    map[string][]byte{},
	}
	abs, err := filepath.Abs(entry)
	if err != nil {
		abs = entry
	}
	errs := load(cfg, abs, filepath.Dir(abs), lint.AtFile(display), opts, 0)
	return []*lint.Config{cfg}, errs
}

// maxInclude bounds include: chains (compose itself refuses cycles).
const maxInclude = 10

// load reads one file into cfg, and the files its include: names. dir is
// the project directory relative paths of the file are resolved against:
// the file's own, or the project_directory its includer gave.
func load(cfg *lint.Config, path, dir string, at lint.Position, opts input.Options, depth int) []lint.LoadError {
	display := input.Display(path)
	if _, seen := cfg.Text[display]; seen || depth > maxInclude {
		return nil
	}
	data, err := input.ReadFile(path, opts.Limits)
	if err != nil {
		return []lint.LoadError{lint.Errorf(at, "%v", err)}
	}
	cfg.Files = append(cfg.Files, display)
	cfg.Text[display] = data
	cfg.Comments = append(cfg.Comments, comments(display, data)...)
	p := &parser{file: display, dir: dir}
	services, incs, errs := p.parse(data)
	cfg.Services = append(cfg.Services, services...)
	var missing []include
	for _, inc := range incs {
		f := inc.path
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(path), f)
		}
		pd := filepath.Dir(f)
		if inc.projectDir != "" {
			pd = inc.projectDir
			if !filepath.IsAbs(pd) {
				pd = filepath.Join(filepath.Dir(path), pd)
			}
		}
		if _, err := os.Stat(f); err != nil {
			// docker compose refuses a missing include, but a checkout
			// often holds part of a project (the field corpus keeps the
			// files beside web-server configuration): the services it
			// defines are unknown, and rules that need the whole project
			// hold back. One notice per file says so.
			reason := "not linted: the included file is not in the checkout; the services it defines are unknown"
			cfg.Unread = append(cfg.Unread, lint.Unread{Pos: inc.pos, Path: inc.path, Reason: reason})
			missing = append(missing, inc)
			continue
		}
		errs = append(errs, load(cfg, f, pd, inc.pos, opts, depth+1)...)
	}
	if len(missing) > 0 {
		opts.Notice(missing[0].pos, "not linted: %d of the %d files include: names %s missing (%s first); the services they define are unknown",
			len(missing), len(incs), map[bool]string{true: "is", false: "are"}[len(missing) == 1], missing[0].path)
	}
	return errs
}

// Parse reads the services of a Compose file. file is the display path
// positions carry; dir the project directory, which relative bind mounts
// are resolved against. Files it includes are not read.
func Parse(file, dir string, data []byte) ([]*lint.Service, []lint.LoadError) {
	p := &parser{file: file, dir: dir}
	s, _, errs := p.parse(data)
	return s, errs
}

// include is an entry of include:.
type include struct {
	path, projectDir string
	pos              lint.Position
}

func (p *parser) parse(data []byte) ([]*lint.Service, []include, []lint.LoadError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, []lint.LoadError{yamlError(p.file, err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil, nil
	}
	root := p.mapping(doc.Content[0])
	var incs []include
	for _, x := range p.sequence(root.get("include")) {
		x = p.deref(x)
		add := func(n *yaml.Node, pd string) {
			if n = p.deref(n); n.Kind == yaml.ScalarNode && n.Value != "" && !interpolated(n.Value) {
				incs = append(incs, include{path: n.Value, projectDir: pd, pos: p.pos(n)})
			}
		}
		switch x.Kind {
		case yaml.ScalarNode:
			add(x, "")
		case yaml.MappingNode:
			m := p.mapping(x)
			pd := ""
			if v := m.get("project_directory"); v != nil && !interpolated(p.deref(v).Value) {
				pd = p.deref(v).Value
			}
			if v := p.deref(m.get("path")); v.Kind == yaml.SequenceNode {
				for _, e := range v.Content {
					add(e, pd)
				}
			} else {
				add(v, pd)
			}
		}
	}
	nets := map[string]bool{} // external networks by name
	if n := root.get("networks"); n != nil {
		for _, kv := range p.mapping(n) {
			for _, x := range p.mapping(kv.v) {
				if x.k.Value == "external" && truthy(p.deref(x.v)) {
					nets[kv.k.Value] = true
				}
			}
		}
	}
	svcs := root.get("services")
	if svcs == nil {
		return nil, incs, nil
	}
	if s := p.deref(svcs); s.Kind != yaml.MappingNode {
		if s.Kind == yaml.ScalarNode && s.Tag == "!!null" {
			return nil, incs, nil
		}
		return nil, incs, []lint.LoadError{lint.Errorf(p.pos(s), "services must be a mapping")}
	}
	var out []*lint.Service
	for _, kv := range p.mapping(svcs) {
		out = append(out, p.service(kv.k, kv.v, nets))
	}
	return out, incs, p.errs
}

type parser struct {
	file, dir string
	errs      []lint.LoadError
	depth     int
}

type pair struct{ k, v *yaml.Node }

type mapping []pair

func (m mapping) get(key string) *yaml.Node {
	for _, kv := range m {
		if kv.k.Value == key {
			return kv.v
		}
	}
	return nil
}

func (p *parser) pos(n *yaml.Node) lint.Position {
	return lint.At(p.file, n.Line, n.Column)
}

func (p *parser) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

// mapping returns the entries of a mapping node with merge keys (<<)
// applied: the mapping's own keys win over merged ones, and earlier
// merged mappings over later ones, as YAML's merge key type says.
func (p *parser) mapping(n *yaml.Node) mapping {
	n = p.deref(n)
	if n.Kind != yaml.MappingNode || p.depth > 50 {
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	var own, merged mapping
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			from := []*yaml.Node{v}
			if d := p.deref(v); d.Kind == yaml.SequenceNode {
				from = d.Content
			}
			for _, f := range from {
				merged = append(merged, p.mapping(f)...)
			}
			continue
		}
		own = append(own, pair{k, v})
		seen[k.Value] = true
	}
	for _, kv := range merged {
		if !seen[kv.k.Value] {
			seen[kv.k.Value] = true
			own = append(own, kv)
		}
	}
	return own
}

func (p *parser) sequence(n *yaml.Node) []*yaml.Node {
	if n = p.deref(n); n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return nil
}

// variable matches compose's interpolation: ${NAME…} or $NAME, not $$.
var variable = regexp.MustCompile(`\$(\{|[A-Za-z_])`)

func interpolated(s string) bool {
	return variable.MatchString(strings.ReplaceAll(s, "$$", ""))
}

func truthy(n *yaml.Node) bool {
	if n.Kind == yaml.MappingNode {
		return true // external: {name: …} (legacy)
	}
	b, err := strconv.ParseBool(n.Value)
	return err == nil && b
}

func (p *parser) service(key, n *yaml.Node, external map[string]bool) *lint.Service {
	s := &lint.Service{Kind: "compose", Name: key.Value, Pos: p.pos(key), Unknown: map[string]lint.Position{}}
	s.Names = append(s.Names, lint.ServiceName{Name: key.Value, How: "service", Pos: p.pos(key)})
	m := p.mapping(n)
	scalar := func(name, how string) {
		v := m.get(name)
		if v == nil {
			return
		}
		v = p.deref(v)
		if v.Kind != yaml.ScalarNode || v.Value == "" {
			return
		}
		if interpolated(v.Value) {
			s.Unknown[name] = p.pos(v)
			return
		}
		if how != "" {
			s.Names = append(s.Names, lint.ServiceName{Name: v.Value, How: how, Pos: p.pos(v)})
		}
	}
	scalar("container_name", "container_name")
	scalar("hostname", "hostname")
	if v := m.get("image"); v != nil {
		if v = p.deref(v); v.Kind == yaml.ScalarNode {
			if interpolated(v.Value) {
				s.Unknown["image"] = p.pos(v)
			}
			s.Image = v.Value
		}
	}
	if v := m.get("network_mode"); v != nil {
		s.NetworkMode = p.deref(v).Value
		if interpolated(s.NetworkMode) {
			s.Unknown["network_mode"] = p.pos(p.deref(v))
		}
	}
	if v := m.get("networks"); v != nil {
		v = p.deref(v)
		switch v.Kind {
		case yaml.SequenceNode:
			for _, x := range v.Content {
				x = p.deref(x)
				if interpolated(x.Value) {
					s.Unknown["networks"] = p.pos(x)
				}
				s.Networks = append(s.Networks, lint.ServiceNetwork{Name: x.Value, External: external[x.Value], Pos: p.pos(x)})
			}
		case yaml.MappingNode:
			for _, kv := range p.mapping(v) {
				s.Networks = append(s.Networks, lint.ServiceNetwork{Name: kv.k.Value, External: external[kv.k.Value], Pos: p.pos(kv.k)})
				for _, a := range p.sequence(p.mapping(kv.v).get("aliases")) {
					a = p.deref(a)
					if a.Kind != yaml.ScalarNode || a.Value == "" {
						continue
					}
					if interpolated(a.Value) {
						s.Unknown["aliases"] = p.pos(a)
						continue
					}
					s.Names = append(s.Names, lint.ServiceName{Name: a.Value, How: "alias", Pos: p.pos(a)})
				}
			}
		}
	}
	for _, l := range p.sequence(m.get("links")) {
		l = p.deref(l)
		if _, alias, ok := strings.Cut(l.Value, ":"); ok && alias != "" && !interpolated(alias) {
			// A link's alias names the linked service inside this one; it
			// is known to this container only, but it resolves.
			s.Names = append(s.Names, lint.ServiceName{Name: alias, How: "link", Pos: p.pos(l)})
		}
	}
	if v := p.deref(m.get("extra_hosts")); v.Kind == yaml.MappingNode {
		for _, kv := range p.mapping(v) {
			s.ExtraHosts = append(s.ExtraHosts, kv.k.Value)
		}
	} else {
		for _, x := range p.sequence(v) {
			if name, _, ok := strings.Cut(p.deref(x).Value, ":"); ok {
				s.ExtraHosts = append(s.ExtraHosts, strings.TrimSpace(name))
			} else if name, _, ok := strings.Cut(p.deref(x).Value, "="); ok {
				s.ExtraHosts = append(s.ExtraHosts, strings.TrimSpace(name))
			}
		}
	}
	for _, x := range p.sequence(m.get("external_links")) {
		v := p.deref(x).Value
		if _, alias, ok := strings.Cut(v, ":"); ok {
			v = alias
		}
		s.ExtraHosts = append(s.ExtraHosts, v)
	}
	for _, x := range p.sequence(m.get("ports")) {
		p.port(s, x, false)
	}
	for _, x := range p.sequence(m.get("expose")) {
		p.port(s, x, true)
	}
	for _, x := range p.sequence(m.get("volumes")) {
		p.mount(s, x)
	}
	if d := m.get("deploy"); d != nil {
		dm := p.mapping(d)
		if dm.get("replicas") != nil || dm.get("mode") != nil {
			s.Replicated = true
		}
	}
	if m.get("scale") != nil {
		s.Replicated = true
	}
	return s
}

// port reads a ports: or expose: entry.
func (p *parser) port(s *lint.Service, n *yaml.Node, exposed bool) {
	n = p.deref(n)
	key := "ports"
	if exposed {
		key = "expose"
	}
	if n.Kind == yaml.MappingNode {
		m := p.mapping(n)
		t := m.get("target")
		if t == nil {
			return
		}
		t = p.deref(t)
		proto := "tcp"
		if pr := m.get("protocol"); pr != nil {
			proto = strings.ToLower(p.deref(pr).Value)
		}
		published := 0
		if pb := m.get("published"); pb != nil {
			published, _ = strconv.Atoi(p.deref(pb).Value)
		}
		if interpolated(t.Value) {
			s.Unknown[key] = p.pos(t)
			return
		}
		lo, hi, ok := portRange(t.Value)
		if !ok {
			return
		}
		for port := lo; port <= hi && port-lo < 1024; port++ {
			s.Ports = append(s.Ports, lint.ServicePort{Port: port, Published: published, Protocol: proto, Exposed: exposed, Raw: t.Value, Pos: p.pos(t)})
		}
		return
	}
	if n.Kind != yaml.ScalarNode {
		return
	}
	raw := n.Value
	if interpolated(raw) {
		s.Unknown[key] = p.pos(n)
		return
	}
	spec, proto, _ := strings.Cut(raw, "/")
	if proto == "" {
		proto = "tcp"
	}
	// [host_ip:][published:]target; an IPv6 host address is in brackets.
	if i := strings.LastIndex(spec, "]"); i >= 0 {
		spec = strings.TrimPrefix(spec[i+1:], ":")
	}
	parts := strings.Split(spec, ":")
	target := parts[len(parts)-1]
	lo, hi, ok := portRange(target)
	if !ok {
		return
	}
	pubLo := 0
	if !exposed && len(parts) >= 2 {
		pubLo, _, _ = portRange(parts[len(parts)-2])
	}
	for port := lo; port <= hi && port-lo < 1024; port++ {
		pub := 0
		if pubLo > 0 {
			pub = pubLo + port - lo
		}
		s.Ports = append(s.Ports, lint.ServicePort{Port: port, Published: pub, Protocol: strings.ToLower(proto), Exposed: exposed, Raw: raw, Pos: p.pos(n)})
	}
}

func portRange(s string) (lo, hi int, ok bool) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "-")
	lo, err := strconv.Atoi(a)
	if err != nil || lo < 1 || lo > 65535 {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(b); err != nil || hi < lo || hi > 65535 {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

// mount reads a volumes: entry; only bind mounts are kept.
func (p *parser) mount(s *lint.Service, n *yaml.Node) {
	n = p.deref(n)
	var src, dst string
	switch n.Kind {
	case yaml.MappingNode:
		m := p.mapping(n)
		if t := m.get("type"); t == nil || p.deref(t).Value != "bind" {
			return
		}
		if v := m.get("source"); v != nil {
			src = p.deref(v).Value
		}
		if v := m.get("target"); v != nil {
			dst = p.deref(v).Value
		}
	case yaml.ScalarNode:
		parts := strings.Split(n.Value, ":")
		if len(parts) < 2 {
			return
		}
		src, dst = parts[0], parts[1]
	default:
		return
	}
	if src == "" || interpolated(src) {
		return
	}
	switch {
	case strings.HasPrefix(src, "./"), strings.HasPrefix(src, "../"), src == ".", src == "..":
		src = input.Display(filepath.Join(p.dir, src))
	case strings.HasPrefix(src, "/"):
	default:
		return // a named volume, or ~ (the user's home on the host)
	}
	s.Mounts = append(s.Mounts, lint.Mount{Source: src, Target: dst, Pos: p.pos(n)})
}

// yamlLine finds "line N" in yaml.v3's messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlError(file string, err error) lint.LoadError {
	msg := err.Error()
	pos := lint.At(file, 1, 1)
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		pos.Line = int32(line)
		msg = m[2]
	}
	return lint.Errorf(pos, "%s", fmt.Sprintf("invalid YAML: %s", strings.TrimPrefix(msg, "yaml: ")))
}

// comments lists the file's # comments that stand on their own line, so
// edgelint directives in a compose file are read like elsewhere.
func comments(file string, data []byte) []lint.Comment {
	var out []lint.Comment
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "#") {
			continue
		}
		col := len(line) - len(t) + 1
		pos := lint.At(file, i+1, col)
		out = append(out, lint.Comment{Pos: pos, Text: strings.TrimSpace(t[1:]), Scope: lint.Span(file, i+2, 0, i+2)})
	}
	return out
}

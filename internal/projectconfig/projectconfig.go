// Package projectconfig reads .edgelint.yaml: rule selection, per-rule
// options and severities, exclusions with reasons, the target nginx
// version, the Apache -D names, the Cloudflare read timeout and path
// mappings. Unknown keys and
// bad values are errors that name the key and its line, never silently
// ignored.
package projectconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// FileName is the file looked for upward from each PATH (Find).
const FileName = ".edgelint.yaml"

// Config is a loaded .edgelint.yaml.
type Config struct {
	// Path is the file read; Dir is its directory, the base of relative
	// paths in it.
	Path string
	Dir  string
	// Selection is the rule enable/disable list in file order.
	Selection []Select
	// Rules holds per-rule settings by rule ID.
	Rules        map[string]lint.RuleSettings
	Exclusions   []Exclusion
	NginxVersion lint.Version
	NginxEdition string
	// CloudflareReadTimeout is how long Cloudflare waits for the origin
	// (0 = the rules' default).
	CloudflareReadTimeout time.Duration
	Mappings              []input.Mapping
	// ApacheDefines are the names httpd is started with as -D NAME.
	ApacheDefines []string
	// StrictIncludes keeps a fragment's include of a file outside the
	// repository an error (input.Options.StrictIncludes).
	StrictIncludes bool
}

// Select turns a rule (or "all") on or off.
type Select struct {
	Rule   string // rule ID, or "all"
	Enable bool
}

// Exclusion drops findings by path glob or resource pattern, optionally
// only for some rules. A reason is required.
type Exclusion struct {
	// Paths are globs relative to the config file's directory; "**"
	// matches any number of directories.
	Paths []string
	// Resources are patterns over resources
	// ("cloudflare:zone/example.com/dns_records/*"); "*" stays within one
	// "/" segment and "**" crosses them.
	Resources []string
	// Rules are rule IDs; empty means every rule.
	Rules  []string
	Reason string
	Line   int
}

// Error is a problem in the file, with its position.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Find looks for FileName in dir and its parents, up to the repository
// root (the directory holding .git) or the filesystem root, the way
// golangci-lint and ruff find theirs: a config above the repository
// belongs to something else. A FileName that is there but cannot be the
// configuration (a directory, a broken symlink, unreadable) is an error,
// never skipped: skipping it would lint with defaults the user did not ask
// for.
func Find(dir string) (string, bool, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false, err
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Lstat(p); err == nil {
			st, err := os.Stat(p)
			switch {
			case err != nil && errors.Is(err, fs.ErrNotExist):
				return "", false, &Error{File: input.Display(p), Msg: "is a broken symbolic link (point it at the configuration or remove it)"}
			case err != nil && errors.Is(err, fs.ErrPermission):
				return "", false, &Error{File: input.Display(p), Msg: "permission denied"}
			case err != nil:
				return "", false, &Error{File: input.Display(p), Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
			case st.IsDir():
				return "", false, &Error{File: input.Display(p), Msg: "is a directory, not a configuration file"}
			}
			return p, true, nil
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", false, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false, nil
		}
		dir = parent
	}
}

// FindFor finds the one configuration a run over paths uses: each path's
// own FileName (Find from the path, or from a file's directory). Paths
// that find none share the others'; paths that find different files are
// an error, since one run applies one rule selection — lint each
// repository in its own run, or name one file with --config.
func FindFor(paths []string) (string, bool, error) {
	found, from := "", ""
	for _, path := range paths {
		dir := path
		if st, err := os.Stat(path); err != nil || !st.IsDir() {
			dir = filepath.Dir(path)
		}
		p, ok, err := Find(dir)
		if err != nil {
			return "", false, err
		}
		if !ok {
			continue
		}
		if found != "" && p != found {
			return "", false, fmt.Errorf("%s uses %s but %s uses %s: one run reads one %s; lint each in its own run, or name one with --config",
				from, input.Display(found), path, input.Display(p), FileName)
		}
		found, from = p, path
	}
	return found, found != "", nil
}

// Load reads and validates the file at path against the registered rules.
func Load(path string, reg *lint.Registry) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	return Parse(path, data, reg)
}

// Parse reads configuration text; path names it in errors and anchors
// relative paths.
func Parse(path string, data []byte, reg *lint.Registry) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	p := &parser{file: input.Display(path), reg: reg}
	cfg := &Config{Path: abs, Dir: filepath.Dir(abs), Rules: map[string]lint.RuleSettings{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.yamlError(err, data)
	}
	if len(doc.Content) == 0 {
		return cfg, nil // an empty file is a valid, empty configuration
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errf(root, "the file must be a mapping of keys (enable, disable, rules, exclude, nginx-version, apache, cloudflare, mappings)")
	}
	if err := p.top(root, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

type parser struct {
	file string
	reg  *lint.Registry
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) *Error {
	return &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a yaml.v3 syntax error into an Error at the line and
// column of the mistake. yaml.v3 reports no column, and its line is often
// where the enclosing block began (line 1 for a bad key deep in a
// mapping) or missing altogether, so the line is found again: the first
// line whose prefix of the document fails with the same problem.
func (p *parser) yamlError(err error, data []byte) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	lines := strings.SplitAfter(string(data), "\n")
	// each try parses a prefix again: quadratic, so only for files of the
	// size people write by hand
	for n := 1; n <= len(lines) && len(lines) <= 2000; n++ {
		var doc yaml.Node
		perr := yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &doc)
		if perr == nil {
			continue
		}
		if pm := strings.TrimPrefix(perr.Error(), "yaml: "); strings.HasSuffix(pm, msg) {
			line = n
			break
		}
	}
	if line == 0 || line > len(lines) {
		return &Error{File: p.file, Line: line, Col: 1, Msg: msg}
	}
	return &Error{File: p.file, Line: line, Col: problemColumn(lines[line-1], msg), Msg: msg}
}

// problemColumn is the 1-based column on text of the problem yaml.v3
// describes in msg: the character it names, else where the line's content
// starts.
func problemColumn(text, msg string) int {
	text = strings.TrimRight(text, "\r\n")
	start := len(text) - len(strings.TrimLeft(text, " "))
	at := -1
	switch {
	case strings.Contains(msg, "tab character"):
		at = strings.IndexByte(text, '\t')
	case strings.Contains(msg, "mapping values are not allowed"):
		// the second "key: " on the line is the one yaml cannot take
		if first := strings.Index(text, ": "); first >= 0 {
			if second := strings.Index(text[first+2:], ":"); second >= 0 {
				at = first + 2 + second
			}
		}
	case strings.Contains(msg, "end of stream"):
		at = strings.IndexAny(text, "\"'") // the quote that never closes
	case strings.Contains(msg, "cannot start any token"):
		at = strings.IndexAny(text[start:], "@`%")
		if at >= 0 {
			at += start
		}
	}
	if at < 0 {
		at = start
	}
	return utf8.RuneCountInString(text[:min(at, len(text))]) + 1
}

// topKeys are the top-level keys, in the order errors list them.
var topKeys = []string{"enable", "disable", "rules", "exclude", "nginx-version", "nginx-edition", "apache", "cloudflare", "mappings", "strict-includes"}

func (p *parser) top(root *yaml.Node, cfg *Config) error {
	seen := map[string]bool{}
	// cloudflare first: its read timeout presets a rule option that the
	// rule's own options, if given, override
	var cloudflareKey *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Value == "cloudflare" && cloudflareKey == nil {
			cloudflareKey = k
			if err := p.cloudflare(root.Content[i+1], cfg); err != nil {
				return err
			}
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return p.errf(k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "enable", "disable":
			err = p.selection(v, k.Value == "enable", cfg)
		case "rules":
			err = p.rules(v, cfg)
		case "exclude":
			err = p.exclude(v, cfg)
		case "nginx-version":
			var s string
			if err = p.scalar(v, "nginx-version", &s); err == nil {
				var verr error
				if cfg.NginxVersion, verr = lint.ParseVersion(s); verr != nil {
					err = p.errf(v, "nginx-version: %v", verr)
				}
			}
		case "nginx-edition":
			if err = p.scalar(v, "nginx-edition", &cfg.NginxEdition); err == nil && cfg.NginxEdition != "oss" && cfg.NginxEdition != "plus" {
				err = p.errf(v, "nginx-edition: %q is not oss or plus", cfg.NginxEdition)
			}
		case "apache":
			err = p.apache(v, cfg)
		case "cloudflare":
			// read above
		case "mappings":
			err = p.mappings(v, cfg)
		case "strict-includes":
			err = p.scalar(v, "strict-includes", &cfg.StrictIncludes)
		default:
			err = p.unknown(k, "", topKeys)
		}
		if err != nil {
			return err
		}
	}
	if cfg.CloudflareReadTimeout > 0 {
		if set := cfg.Rules[ReadTimeoutRule]; set.Options == nil {
			r, ok := p.reg.Lookup(ReadTimeoutRule)
			if !ok || r.Options == nil {
				return p.errf(cloudflareKey, "cloudflare.read-timeout: rule %s is not registered", ReadTimeoutRule)
			}
			opts := r.Options.Default()
			if err := cfg.preset(r, opts); err != nil {
				return p.errf(cloudflareKey, "cloudflare.read-timeout: %v", err)
			}
			if err := r.Options.Check(opts); err != nil {
				return p.errf(cloudflareKey, "cloudflare.read-timeout: %v", err)
			}
			set.Options = opts
			cfg.Rules[ReadTimeoutRule] = set
		}
	}
	return nil
}

// ReadTimeoutRule is the cross-layer rule whose option ReadTimeoutOption
// cloudflare.read-timeout sets: the CDN's read timeout when a zone does
// not set its own.
const (
	ReadTimeoutRule   = "EL4301"
	ReadTimeoutOption = "default"
)

// preset applies file-wide settings to a rule's default options before the
// rule's own options are decoded over them.
func (c *Config) preset(r *lint.Rule, opts any) error {
	if r.ID != ReadTimeoutRule || c.CloudflareReadTimeout <= 0 {
		return nil
	}
	v := reflect.ValueOf(opts)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == ReadTimeoutOption && f.Type == reflect.TypeOf(time.Duration(0)) {
				v.Field(i).SetInt(int64(c.CloudflareReadTimeout))
				return nil
			}
		}
	}
	return fmt.Errorf("rule %s has no duration option %q", r.ID, ReadTimeoutOption)
}

func (p *parser) unknown(k *yaml.Node, where string, known []string) error {
	in := ""
	if where != "" {
		in = " in " + where
	}
	return p.errf(k, "unknown key %q%s (known keys: %s)", k.Value, in, strings.Join(known, ", "))
}

func (p *parser) scalar(v *yaml.Node, key string, out any) error {
	if v.Kind != yaml.ScalarNode {
		return p.errf(v, "%s: want a single value", key)
	}
	if err := v.Decode(out); err != nil {
		return p.errf(v, "%s: %q %s", key, v.Value, notA(reflect.TypeOf(out).Elem()))
	}
	return nil
}

// notA completes "<value> …" for a value that does not decode as t.
func notA(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		return "is not a duration like 30s"
	case t.Kind() == reflect.Bool:
		return "is not true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "is not a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "is not a number"
	}
	return "is not a " + t.String()
}

// optionError places an error of a rule's options Validate at the line of
// the value it names, in the user's own words, when the file wrote it.
func (p *parser) optionError(options *yaml.Node, where string, err error) error {
	var oe *lint.OptionError
	if !errors.As(err, &oe) {
		return p.errf(options, "%s: %v", where, err)
	}
	at, exact := lookup(options, oe.Key)
	value := oe.Value
	if exact && at.Kind == yaml.ScalarNode && at.Tag != "!!null" {
		value = at.Value
	}
	return p.errf(at, "%s.%s: %q %s", where, oe.Key, value, oe.Problem)
}

// lookup finds the node of an option path ("names[1].match") under n.
// When the file does not write the option (a default, or a key left out
// of a list item) it returns the innermost node that holds it, and false.
func lookup(n *yaml.Node, path string) (*yaml.Node, bool) {
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		c := child(n, key)
		if c == nil {
			return n, false
		}
		n = c
		for rest != "" {
			var i int
			if _, err := fmt.Sscanf(rest, "%d]", &i); err != nil {
				return n, false
			}
			_, rest, _ = strings.Cut(rest, "]")
			rest = strings.TrimPrefix(rest, "[")
			if n.Kind == yaml.AliasNode {
				n = n.Alias
			}
			if n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return n, false
			}
			n = n.Content[i]
		}
	}
	return n, true
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// typeMessage is the part of a yaml.v3 decode error worth showing.
func typeMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "line ") && i > 0 {
			msg = msg[i+2:]
		}
		return msg
	}
	return err.Error()
}

func (p *parser) list(v *yaml.Node, key string) ([]*yaml.Node, error) {
	switch v.Kind {
	case yaml.SequenceNode:
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, p.errf(item, "%s: want a list of single values", key)
			}
		}
		return v.Content, nil
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, nil
		}
		return []*yaml.Node{v}, nil
	}
	return nil, p.errf(v, "%s: want a list", key)
}

// rule resolves a rule ID or name.
func (p *parser) rule(n *yaml.Node, key string) (*lint.Rule, error) {
	r, ok := p.reg.Lookup(n.Value)
	if !ok {
		return nil, p.errf(n, "%s: unknown rule %q (see `edgelint rules`)", key, n.Value)
	}
	return r, nil
}

func (p *parser) selection(v *yaml.Node, enable bool, cfg *Config) error {
	key := "disable"
	if enable {
		key = "enable"
	}
	items, err := p.list(v, key)
	if err != nil {
		return err
	}
	for _, item := range items {
		if strings.EqualFold(item.Value, "all") {
			cfg.Selection = append(cfg.Selection, Select{Rule: "all", Enable: enable})
			continue
		}
		r, err := p.rule(item, key)
		if err != nil {
			return err
		}
		cfg.Selection = append(cfg.Selection, Select{Rule: r.ID, Enable: enable})
	}
	return nil
}

var ruleKeys = []string{"severity", "options"}

func (p *parser) rules(v *yaml.Node, cfg *Config) error {
	if v.Kind != yaml.MappingNode {
		return p.errf(v, "rules: want a mapping of rule ID or name to settings")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, body := v.Content[i], v.Content[i+1]
		r, err := p.rule(k, "rules")
		if err != nil {
			return err
		}
		if _, dup := cfg.Rules[r.ID]; dup {
			return p.errf(k, "rules: %s (%s) is configured twice", r.ID, r.Name)
		}
		if body.Kind != yaml.MappingNode {
			return p.errf(body, "rules.%s: want a mapping with severity and/or options", k.Value)
		}
		var set lint.RuleSettings
		for j := 0; j+1 < len(body.Content); j += 2 {
			bk, bv := body.Content[j], body.Content[j+1]
			where := "rules." + k.Value
			switch bk.Value {
			case "severity":
				var s string
				if err := p.scalar(bv, where+".severity", &s); err != nil {
					return err
				}
				sev, err := lint.ParseSeverity(s)
				if err != nil || sev == lint.SeverityNone {
					return p.errf(bv, "%s.severity: %q is not error, warning or info (to turn a rule off, list it under disable)", where, s)
				}
				set.Severity = sev
			case "options":
				if r.Options == nil {
					return p.errf(bk, "%s: rule %s (%s) has no options", where, r.ID, r.Name)
				}
				opts := r.Options.Default()
				if err := cfg.preset(r, opts); err != nil {
					return p.errf(bk, "%s: %v", where, err)
				}
				if err := p.decodeStrict(bv, opts, where+".options"); err != nil {
					return err
				}
				if err := r.Options.Check(opts); err != nil {
					return p.optionError(bv, where+".options", err)
				}
				set.Options = opts
			default:
				return p.unknown(bk, where, ruleKeys)
			}
		}
		cfg.Rules[r.ID] = set
	}
	return nil
}

var exclusionKeys = []string{"paths", "resources", "rules", "reason"}

func (p *parser) exclude(v *yaml.Node, cfg *Config) error {
	if v.Kind != yaml.SequenceNode {
		return p.errf(v, "exclude: want a list of exclusions (paths or resources, rules, reason)")
	}
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			return p.errf(item, "exclude: each exclusion is a mapping with paths or resources and a reason")
		}
		ex := Exclusion{Line: item.Line}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			switch k.Value {
			case "paths", "resources", "rules":
				items, err := p.list(val, "exclude."+k.Value)
				if err != nil {
					return err
				}
				for _, it := range items {
					switch k.Value {
					case "paths":
						if err := checkPattern(it.Value); err != nil {
							return p.errf(it, "exclude.paths: %v", err)
						}
						ex.Paths = append(ex.Paths, it.Value)
					case "resources":
						if err := checkPattern(it.Value); err != nil {
							return p.errf(it, "exclude.resources: %v", err)
						}
						ex.Resources = append(ex.Resources, it.Value)
					case "rules":
						r, err := p.rule(it, "exclude.rules")
						if err != nil {
							return err
						}
						ex.Rules = append(ex.Rules, r.ID)
					}
				}
			case "reason":
				if err := p.scalar(val, "exclude.reason", &ex.Reason); err != nil {
					return err
				}
			default:
				return p.unknown(k, "exclude", exclusionKeys)
			}
		}
		if strings.TrimSpace(ex.Reason) == "" {
			return p.errf(item, "exclude: every exclusion needs a reason")
		}
		if len(ex.Paths) == 0 && len(ex.Resources) == 0 {
			return p.errf(item, "exclude: an exclusion needs paths or resources (to turn a rule off everywhere, list it under disable)")
		}
		cfg.Exclusions = append(cfg.Exclusions, ex)
	}
	return nil
}

var cloudflareKeys = []string{"read-timeout"}

func (p *parser) cloudflare(v *yaml.Node, cfg *Config) error {
	if v.Kind != yaml.MappingNode {
		return p.errf(v, "cloudflare: want a mapping (read-timeout)")
	}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		switch k.Value {
		case "read-timeout":
			if err := p.scalar(val, "cloudflare.read-timeout", &cfg.CloudflareReadTimeout); err != nil {
				return err
			}
			if cfg.CloudflareReadTimeout <= 0 {
				return p.errf(val, "cloudflare.read-timeout: want a positive duration such as 125s")
			}
		default:
			return p.unknown(k, "cloudflare", cloudflareKeys)
		}
	}
	return nil
}

var apacheKeys = []string{"defines"}

func (p *parser) apache(v *yaml.Node, cfg *Config) error {
	if v.Kind != yaml.MappingNode {
		return p.errf(v, "apache: want a mapping (defines)")
	}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		switch k.Value {
		case "defines":
			items, err := p.list(val, "apache.defines")
			if err != nil {
				return err
			}
			for _, it := range items {
				if err := CheckDefine(it.Value); err != nil {
					return p.errf(it, "apache.defines: %v", err)
				}
				cfg.ApacheDefines = append(cfg.ApacheDefines, it.Value)
			}
		default:
			return p.unknown(k, "apache", apacheKeys)
		}
	}
	return nil
}

// CheckDefine validates a name given as with httpd -D NAME, which takes a
// bare name: a value is set with Define in the configuration itself.
func CheckDefine(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case strings.Contains(name, "="):
		return fmt.Errorf("%q: httpd -D takes a name without a value (set values with Define in the configuration)", name)
	case strings.ContainsAny(name, " \t\r\n"):
		return fmt.Errorf("%q: a name has no blanks", name)
	}
	return nil
}

var mappingKeys = []string{"from", "to"}

func (p *parser) mappings(v *yaml.Node, cfg *Config) error {
	if v.Kind != yaml.SequenceNode {
		return p.errf(v, "mappings: want a list of {from, to}")
	}
	for _, item := range v.Content {
		var m struct {
			From string `yaml:"from"`
			To   string `yaml:"to"`
		}
		if err := p.decodeStrict(item, &m, "mappings"); err != nil {
			return err
		}
		if !filepath.IsAbs(m.From) {
			return p.errf(item, "mappings.from: %q must be the absolute path the configuration uses (e.g. /etc/nginx)", m.From)
		}
		if m.To == "" {
			return p.errf(item, "mappings.to: where the files of %s are in the checkout is required", m.From)
		}
		to := m.To
		if !filepath.IsAbs(to) {
			to = filepath.Join(cfg.Dir, to)
		}
		cfg.Mappings = append(cfg.Mappings, input.Mapping{From: m.From, To: to})
	}
	return nil
}

// decodeStrict checks n's keys and values against out's yaml fields
// (recursively), then decodes it, so a misspelt option or a value of the
// wrong kind is an error at its own line, in the user's words, rather than
// a silently ignored key or yaml's Go type names.
func (p *parser) decodeStrict(n *yaml.Node, out any, where string) error {
	if err := p.checkKeys(n, reflect.TypeOf(out), where); err != nil {
		return err
	}
	if err := n.Decode(out); err != nil {
		line := n.Line
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			fmt.Sscanf(te.Errors[0], "line %d:", &line)
		}
		return &Error{File: p.file, Line: line, Col: 1, Msg: where + ": " + typeMessage(err)}
	}
	return nil
}

func (p *parser) checkKeys(n *yaml.Node, t reflect.Type, where string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Tag == "!!null" {
		return nil // an empty value leaves the default's zero, which Validate judges
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeOf(time.Time{}) {
			return nil // Decode reports the type mismatch
		}
		fields := yamlFields(t)
		known := make([]string, 0, len(fields))
		for name := range fields {
			known = append(known, name)
		}
		sort.Strings(known)
		if n.Kind != yaml.MappingNode {
			return p.errf(n, "%s: want a mapping (%s)", where, strings.Join(known, ", "))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				return p.unknown(k, where, known)
			}
			if err := p.checkKeys(n.Content[i+1], ft, where+"."+k.Value); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return p.errf(n, "%s: want a list", where)
		}
		for i, item := range n.Content {
			if err := p.checkKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return err
			}
		}
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if n.Kind != yaml.ScalarNode {
			return p.errf(n, "%s: want a single value", where)
		}
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			return p.errf(n, "%s: %q %s", where, n.Value, notA(t))
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if err := p.checkKeys(n.Content[i], t.Elem(), where+"."+n.Content[i-1].Value); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// yamlFields maps the yaml keys of a struct to their types, following
// yaml.v3's rules (lower-cased field name by default, ",inline" embeds).
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, flags, _ := strings.Cut(tag, ",")
		if strings.Contains(flags, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range yamlFields(ft) {
					out[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

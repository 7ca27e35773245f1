package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Severity of a finding.
type Severity int

const (
	SeverityNone Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity reads error, warning, info or none.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "none":
		return SeverityNone, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning, info or none)", s)
}

// MarshalText makes severities print as words in JSON and YAML.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Category is the fixed vocabulary users and dashboards group findings by.
type Category string

const (
	CategoryTimeout      Category = "timeout"
	CategoryReachability Category = "reachability"
	CategoryHostHeader   Category = "host-header"
	CategoryHealthCheck  Category = "health-check"
	CategoryKeepalive    Category = "keepalive"
	CategoryBuffer       Category = "buffer"
	CategoryTLS          Category = "tls"
	CategoryRetry        Category = "retry"
	CategorySuppression  Category = "suppression"
	CategoryOther        Category = "other"
)

// Categories lists the vocabulary in documentation order.
var Categories = []Category{
	CategoryTimeout, CategoryReachability, CategoryHostHeader, CategoryHealthCheck,
	CategoryKeepalive, CategoryBuffer, CategoryTLS, CategoryRetry, CategorySuppression, CategoryOther,
}

// Rule is a check: a value plus one function.
type Rule struct {
	// ID is stable and never reused ("EL4001").
	ID string
	// Name is the readable kebab-case name accepted wherever an ID is.
	Name     string
	Category Category
	// Title is a one-line summary.
	Title string
	// Doc is the rule's Markdown page: what, why, a "## Bad" and a "## Good"
	// example, how to fix, links to the product documentation.
	Doc      string
	Severity Severity
	// Sources are the config kinds the rule checks. A rule that lists
	// several kinds AND sets Cross sees all loaded configs at once.
	Sources []SourceKind
	// Cross marks a cross-layer rule: Check runs once with Pass.All holding
	// every loaded config (origins and CDN zones).
	Cross bool
	// WholeTree rules need the complete include tree and are skipped on
	// fragments and on trees with Unread includes (Config.Incomplete),
	// e.g. "no upstream block of that name".
	WholeTree bool
	// Probe rules run only with --probe and use Pass.Probe.
	Probe bool
	// Synthetic rules have no Check: their findings come from a processor
	// (suppression problems). They exist for docs, SARIF metadata and IDs.
	Synthetic bool
	// Options declares the rule's options and their defaults (OptionsOf);
	// Check reads them with Opts.
	Options Options
	Check   func(*Pass) error
}

var (
	idPattern   = regexp.MustCompile(`^EL[0-9]{4}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate reports what is wrong with a rule's definition.
func (r *Rule) Validate() error {
	var problems []string
	if !idPattern.MatchString(r.ID) {
		problems = append(problems, fmt.Sprintf("ID %q is not ELnnnn", r.ID))
	}
	if !namePattern.MatchString(r.Name) {
		problems = append(problems, fmt.Sprintf("name %q is not kebab-case", r.Name))
	}
	known := false
	for _, c := range Categories {
		known = known || c == r.Category
	}
	if !known {
		problems = append(problems, fmt.Sprintf("category %q is not in the vocabulary", r.Category))
	}
	if r.Severity < Info || r.Severity > Error {
		problems = append(problems, "severity not set")
	}
	if r.Title == "" || r.Doc == "" || len(r.Sources) == 0 {
		problems = append(problems, "title, doc and sources are required")
	}
	if (r.Check == nil) != r.Synthetic {
		problems = append(problems, "a rule has a Check function unless it is Synthetic")
	}
	if r.Options != nil {
		if err := r.Options.Check(r.Options.Default()); err != nil {
			problems = append(problems, "default options: "+err.Error())
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("rule %s (%s): %s", r.ID, r.Name, strings.Join(problems, "; "))
	}
	return nil
}

// AppliesTo reports whether the rule checks configs of kind k.
func (r *Rule) AppliesTo(k SourceKind) bool {
	for _, s := range r.Sources {
		if s == k {
			return true
		}
	}
	return false
}

// Registry is an ordered set of rules addressable by ID or name.
type Registry struct {
	rules []*Rule
	byKey map[string]*Rule
}

// NewRegistry validates the rules and indexes them; duplicate IDs or names
// are an error.
func NewRegistry(rules ...*Rule) (*Registry, error) {
	reg := &Registry{byKey: map[string]*Rule{}}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		for _, k := range []string{r.ID, r.Name} {
			if prev, dup := reg.byKey[strings.ToLower(k)]; dup {
				return nil, fmt.Errorf("rule key %q used by both %s and %s", k, prev.ID, r.ID)
			}
			reg.byKey[strings.ToLower(k)] = r
		}
		reg.rules = append(reg.rules, r)
	}
	sort.Slice(reg.rules, func(i, j int) bool { return reg.rules[i].ID < reg.rules[j].ID })
	return reg, nil
}

// Rules returns the rules sorted by ID.
func (reg *Registry) Rules() []*Rule { return reg.rules }

// Lookup finds a rule by ID or name, case-insensitively.
func (reg *Registry) Lookup(key string) (*Rule, bool) {
	r, ok := reg.byKey[strings.ToLower(strings.TrimSpace(key))]
	return r, ok
}

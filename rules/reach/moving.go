package reach

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/name-resolved-once.md
var movingDoc string

// MovingName is a family of host names whose addresses are known to change
// while nginx runs.
type MovingName struct {
	// Match is a regular expression matched against the lower-case host.
	Match string `yaml:"match"`
	// Kind describes the names in messages ("an AWS load balancer").
	Kind string `yaml:"kind"`
}

// MovingOptions configure the rule.
type MovingOptions struct {
	Names []MovingName `yaml:"names"`
}

// Validate: an empty match would take every name for a moving one.
func (o *MovingOptions) Validate() error {
	for i, n := range o.Names {
		key := fmt.Sprintf("names[%d].match", i)
		if n.Match == "" {
			return lint.BadOption(key, n.Match, "matches every name: write a regular expression for the names whose addresses move")
		}
		if err := lint.RegexpOption(key, n.Match); err != nil {
			return err
		}
	}
	return nil
}

// DefaultMovingNames are services whose addresses rotate by design. Kubernetes
// Service names (*.svc.cluster.local) are not among them: a ClusterIP stays
// fixed for the Service's lifetime; headless Services fire from their
// manifests (containers.go), and the option covers those not in the checkout.
var DefaultMovingNames = []MovingName{
	{`\.elb\.amazonaws\.com$|\.elb\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`, "an AWS Elastic Load Balancing name"},
	{`\.execute-api\.[a-z0-9-]+\.amazonaws\.com$`, "an AWS API Gateway name"},
	{`\.lambda-url\.[a-z0-9-]+\.on\.aws$`, "an AWS Lambda function URL"},
	{`\.cloudfront\.net$`, "a CloudFront name"},
	{`(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com$`, "an Amazon S3 endpoint"},
	{`\.cloudapp\.azure\.com$|\.cloudapp\.net$`, "an Azure public IP DNS name"},
	{`\.azurewebsites\.net$`, "an Azure App Service name"},
	{`\.trafficmanager\.net$|\.azurefd\.net$|\.azureedge\.net$`, "an Azure Traffic Manager/Front Door name"},
	{`\.run\.app$|\.appspot\.com$`, "a Google Cloud Run/App Engine name"},
	{`\.herokuapp\.com$|\.herokudns\.com$`, "a Heroku name"},
}

// NameResolvedOnce reports literal names that nginx resolves only at start
// or reload although their addresses are known to move: cloud and PaaS
// names (the names option), and container and headless Kubernetes Service
// names with evidence that they are such (containers.go).
var NameResolvedOnce = &lint.Rule{
	ID:       "EL1007",
	Name:     "name-resolved-once",
	Category: lint.CategoryReachability,
	Title:    "name with moving addresses resolved only at start",
	Doc:      movingDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	Options: lint.OptionsOf(func() MovingOptions {
		return MovingOptions{Names: append([]MovingName(nil), DefaultMovingNames...)}
	}),
	Check: checkMoving,
}

type movingRE struct {
	re   *regexp.Regexp
	kind string
}

type movingKey struct{}

type movingCompiled struct {
	names []movingRE
	err   error
}

// movingNames compiles the names option once per run: the rule runs once
// per config, and a directory of many fragments would compile the same
// expressions once for each.
func movingNames(p *lint.Pass) ([]movingRE, error) {
	v := p.Shared(movingKey{}, func() any {
		o := lint.Opts[MovingOptions](p)
		var names []movingRE
		for _, n := range o.Names {
			re, err := regexp.Compile(n.Match)
			if err != nil {
				return movingCompiled{err: fmt.Errorf("names: %v", err)}
			}
			kind := n.Kind
			if kind == "" {
				kind = "a name matching " + n.Match
			}
			names = append(names, movingRE{re, kind})
		}
		return movingCompiled{names: names}
	}).(movingCompiled)
	return v.names, v.err
}

func checkMoving(p *lint.Pass) error {
	names, err := movingNames(p)
	if err != nil {
		return err
	}
	kindOf := func(host string) string {
		h := strings.TrimSuffix(strings.ToLower(host), ".")
		for _, n := range names {
			if n.re.MatchString(h) {
				return n.kind
			}
		}
		return ""
	}
	c := p.Config
	containers := containersOf(p, c)
	seen := map[lint.Position]bool{}
	for r := range c.Routes() {
		t := r.Target
		if t.Variables || t.Upstream != nil || t.Host == "" || seen[t.Pos] {
			continue
		}
		if kind := kindOf(t.Host); kind != "" {
			seen[t.Pos] = true
			p.Report(t.Pos, fmt.Sprintf("%s %s: %s is %s whose addresses change, but nginx resolves it once at start "+
				"→ stale IP → 502/504 after the next change until a reload", passDirective(c, r), t.Raw, t.Host, kind))
		} else if what, rel := containers.container(t.Host); what != "" {
			seen[t.Pos] = true
			p.Report(t.Pos, fmt.Sprintf("%s %s: %s is %s, whose container gets a new address when it is recreated, but nginx "+
				"resolves it once at start → 502 connect() failed (113: No route to host) until a reload", passDirective(c, r), t.Raw, t.Host, what), rel...)
		}
	}
	// Container members are reported once per upstream, at the first:
	// one fix (resolve, or a variable) covers the pool.
	pooled := map[*lint.Upstream]*pooledContainers{}
	var pools []*lint.Upstream
	for u, e := range c.Endpoints() {
		if e.Resolve.Value || e.Host == "" || seen[e.Pos] {
			continue
		}
		if kind := kindOf(e.Host); kind != "" {
			seen[e.Pos] = true
			p.Report(e.Pos, fmt.Sprintf("server %s in upstream %s: %s is %s whose addresses change, but without resolve "+
				"nginx resolves it once at start → stale IP → 502/504 after the next change until a reload", e.Raw, u.Name, e.Host, kind))
		} else if what, rel := containers.container(e.Host); what != "" {
			seen[e.Pos] = true
			pc := pooled[u]
			if pc == nil {
				pc = &pooledContainers{first: e, what: what}
				pooled[u] = pc
				pools = append(pools, u)
			}
			pc.hosts = append(pc.hosts, e.Host)
			pc.related = append(pc.related, rel...)
		}
	}
	for _, u := range pools {
		pc := pooled[u]
		e := pc.first
		if len(pc.hosts) == 1 {
			p.Report(e.Pos, fmt.Sprintf("server %s in upstream %s: %s is %s, whose container gets a new address when it is recreated, "+
				"but without resolve nginx resolves it once at start → 502 connect() failed (113: No route to host) until a reload", e.Raw, u.Name, e.Host, pc.what), pc.related...)
			continue
		}
		p.Report(e.Pos, fmt.Sprintf("upstream %s: its servers %s are container names that get new addresses when the containers are recreated, "+
			"but without resolve nginx resolves them once at start → 502 connect() failed (113: No route to host) once they are all recreated, until a reload",
			u.Name, strings.Join(pc.hosts, ", ")), pc.related...)
	}
	return nil
}

type pooledContainers struct {
	first   *lint.Endpoint
	what    string
	hosts   []string
	related []lint.Related
}

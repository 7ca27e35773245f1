package reach

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/backends"
)

// mariaDBLeastConnections is the least max_connections MariaDB accepts.
const mariaDBLeastConnections = 10

//go:embed docs/db-connections-below-workers.md
var dbConnectionsDoc string

// DBConnectionsBelowWorkers reports a database that accepts fewer
// connections at once than the application workers that share it can
// hold.
var DBConnectionsBelowWorkers = &lint.Rule{
	ID:       "EL1610",
	Name:     "db-connections-below-workers",
	Category: lint.CategoryReachability,
	Title:    "the database accepts fewer connections than the application workers sharing it can open",
	Doc:      dbConnectionsDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.MySQL, lint.PostgreSQL, lint.PgBouncer},
	Check:    checkDBConnections,
}

func checkDBConnections(p *lint.Pass) error {
	set := backends.Of(p)
	for _, db := range p.Config.Backends {
		if !db.IsDatabase() || !db.Known("max_connections") || len(p.Config.Unread) > 0 {
			continue
		}
		apps, how, others := sharing(p, set, db)
		if len(apps) == 0 || others {
			// With two databases in evidence, which pool uses which
			// is not in the configuration.
			continue
		}
		sort.SliceStable(apps, func(i, j int) bool {
			a, b := apps[i].Pos, apps[j].Pos
			if a.File() != b.File() {
				return a.File() < b.File()
			}
			return a.Line < b.Line
		})
		total := 0
		var parts []string
		var related []lint.Related
		for _, b := range apps {
			n, words, ok := connections(b)
			if !ok {
				return nil // one unknown count and the sum says nothing
			}
			total += n
			parts = append(parts, words)
			related = append(related, lint.Related{Pos: b.Workers.Pos, Message: words})
			if r := routeTo(p.All, b); r != nil {
				related = append(related, lint.Related{Pos: lint.FirstPos(r.Target.Pos, r.Pos), Message: "the proxy sends requests to it here"})
			}
		}
		limit := db.Workers
		accepted := limit.Value
		if db.Kind == "mysql" {
			// MariaDB raises a max_connections below 10 to 10 (MySQL
			// takes 1): compare with what either server accepts.
			accepted = max(accepted, mariaDBLeastConnections)
		}
		if total <= accepted {
			continue
		}
		at := lint.FirstPos(limit.Pos, db.Pos)
		p.Report(at, fmt.Sprintf("%s can hold %d database connections at once (%s), but %s → %s under load and the page fails (500 from the application, 502 when it dies)",
			strings.Join(parts, " + "), total, how, limitWords(db), refusal[db.Kind]), related...)
	}
	return nil
}

// refusal is what a client beyond the limit gets.
var refusal = map[string]string{
	"mysql":      `ERROR 1040 "Too many connections"`,
	"postgresql": `FATAL: sorry, too many clients already`,
	"pgbouncer":  `"no more connections allowed (max_client_conn)"`,
}

// limitWords says the limit as the configuration gives it.
func limitWords(db *lint.Backend) string {
	l := db.Workers
	switch db.Kind {
	case "postgresql":
		return fmt.Sprintf("max_connections less the superuser reserve leaves %d", l.Value)
	case "pgbouncer":
		if !l.Set {
			return fmt.Sprintf("max_client_conn is the default %d", l.Value)
		}
		return fmt.Sprintf("max_client_conn = %d", l.Value)
	}
	if !l.Set {
		return fmt.Sprintf("max_connections is the default %d", l.Value)
	}
	return fmt.Sprintf("max_connections = %d", l.Value)
}

// connections is how many database connections a backend's workers can
// hold at once: one per worker, or per thread where workers run threads
// (uWSGI threads, gunicorn gthread).
func connections(b *lint.Backend) (int, string, bool) {
	if b.IsDatabase() || !b.Known(b.Workers.Directive) || !b.Known("threads") || b.Workers.Value <= 0 {
		return 0, "", false
	}
	n := b.Workers.Value
	name := b.Kind
	if b.Name != "" {
		name += " " + b.Name
	}
	words := fmt.Sprintf("%s with %s %d", name, b.Workers.Directive, n)
	if t, ok := b.Params["threads"]; ok {
		k, err := strconv.Atoi(t.Value)
		if err != nil || k < 1 {
			return 0, "", false
		}
		if k > 1 {
			n *= k
			words += fmt.Sprintf(" × threads %d", k)
		}
	}
	return n, words, true
}

// sharing returns the application backends the evidence says use db, and
// which evidence: the same host (their configurations and the
// database's under one etc/ directory of the repository, a host's
// filesystem), or one Compose project that mounts the database's
// configuration into a MySQL or MariaDB service and theirs into its
// other services.
func sharing(p *lint.Pass, set *backends.Set, db *lint.Backend) (apps []*lint.Backend, how string, others bool) {
	dbFiles := p.Config.Files
	var out []*lint.Backend
	if host := hostRoot(dbFiles[0]); host != "" {
		for _, b := range set.Backends {
			switch {
			case b == db || hostRoot(b.Pos.File()) != host:
			case b.IsDatabase():
				others = true
			default:
				out = append(out, b)
			}
		}
		if len(out) > 0 {
			return out, "on the same host: " + host, others
		}
	}
	for _, c := range p.All {
		for _, dbSvc := range c.Services {
			if !databaseImage(dbSvc.Image) || !mounts(dbSvc, dbFiles) {
				continue
			}
			for _, svc := range c.Services {
				if svc == dbSvc {
					continue
				}
				if databaseImage(svc.Image) {
					others = true
				}
				for _, b := range set.Backends {
					if !b.IsDatabase() && mounts(svc, []string{b.Pos.File()}) {
						out = append(out, b)
					}
				}
			}
			if len(out) > 0 {
				return out, "services of the Compose project " + c.Root + " beside " + dbSvc.Name, others
			}
		}
	}
	return nil, "", false
}

// hostRoot is the directory that holds a path's etc/ (a host's
// filesystem in the repository: "deploy/web1/etc" for
// deploy/web1/etc/mysql/my.cnf); "" when the path has no etc/ directory.
func hostRoot(file string) string {
	f := "/" + filepath.ToSlash(file)
	i := strings.LastIndex(f, "/etc/")
	if i < 0 {
		return ""
	}
	return f[1:i+1] + "etc"
}

func databaseImage(image string) bool {
	name := strings.ToLower(image)
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name, _, _ = strings.Cut(name, ":")
	switch name {
	case "mysql", "mariadb", "percona", "percona-server", "mysql-server", "postgres", "postgresql", "pgbouncer":
		return true
	}
	return false
}

// mounts reports whether a service mounts one of the files, or a
// directory that holds it.
func mounts(s *lint.Service, files []string) bool {
	for _, m := range s.Mounts {
		src, err := filepath.Abs(m.Source)
		if err != nil {
			continue
		}
		for _, f := range files {
			abs, err := filepath.Abs(f)
			if err != nil {
				continue
			}
			if abs == src || strings.HasPrefix(abs, src+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

// routeTo is the first proxy route that reaches b, for the chain.
func routeTo(all []*lint.Config, b *lint.Backend) *lint.Route {
	var found []*lint.Route
	for _, c := range all {
		if c.Source != lint.Nginx && c.Source != lint.Apache {
			continue
		}
		// on the stack while a route has at most two addresses
		var buf [2]backends.Addr
		scratch := buf[:0]
		for r := range c.Routes() {
			addrs, ok := backends.AddrsInto(scratch, r)
			scratch = addrs
			if !ok {
				continue
			}
			for _, a := range addrs {
				if backends.Listens(b, a) != nil {
					found = append(found, r)
				}
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Pos.File() < found[j].Pos.File() })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

package reach

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/backends"
)

var (
	//go:embed docs/fastcgi-no-pool-listens.md
	noPoolDoc string
	//go:embed docs/fastcgi-socket-permission-denied.md
	socketPermDoc string
	//go:embed docs/fastcgi-client-not-allowed.md
	clientsDoc string
)

// backendSources are the inputs of the rules that follow a route to its
// backend: the proxy's configuration and the backends' beside it.
var backendSources = []lint.SourceKind{lint.Nginx, lint.Apache, lint.PHPFPM}

// FastCGINoPool reports a PHP route whose socket or local port no pool of
// the loaded PHP-FPM configuration listens on.
var FastCGINoPool = &lint.Rule{
	ID:       "EL1601",
	Name:     "fastcgi-no-pool-listens",
	Category: lint.CategoryReachability,
	Title:    "PHP requests are passed to a socket or port that no PHP-FPM pool listens on",
	Doc:      noPoolDoc,
	Severity: lint.Warning,
	Sources:  backendSources,
	Cross:    true,
	Check:    checkNoPool,
}

// FastCGISocketPermission reports a pool socket the proxy's workers may
// not open.
var FastCGISocketPermission = &lint.Rule{
	ID:       "EL1602",
	Name:     "fastcgi-socket-permission-denied",
	Category: lint.CategoryReachability,
	Title:    "the PHP-FPM socket's owner, group and mode shut out the proxy's worker user",
	Doc:      socketPermDoc,
	Severity: lint.Warning,
	Sources:  backendSources,
	Cross:    true,
	Check:    checkSocketPermission,
}

// FastCGIClientNotAllowed reports a pool whose listen.allowed_clients
// leaves out the address the proxy connects from.
var FastCGIClientNotAllowed = &lint.Rule{
	ID:       "EL1603",
	Name:     "fastcgi-client-not-allowed",
	Category: lint.CategoryReachability,
	Title:    "listen.allowed_clients of the PHP-FPM pool leaves out the address the proxy connects from",
	Doc:      clientsDoc,
	Severity: lint.Warning,
	Sources:  backendSources,
	Cross:    true,
	Check:    checkAllowedClients,
}

// passWords names the route's directive and address as the user wrote
// them: "fastcgi_pass unix:/run/php/php8.2-fpm.sock", "SetHandler
// proxy:unix:…".
func passWords(r *lint.Route) string {
	d := r.Target.Directive
	if d == "" {
		d = "fastcgi_pass"
	}
	raw := r.Target.Raw
	if d == "SetHandler" {
		raw = "proxy:" + raw
	}
	return d + " " + raw
}

// refused is what the proxy logs and answers when nothing listens.
func refused(c *lint.Config, a backends.Addr) string {
	if c.Source == lint.Apache {
		if a.Unix != "" {
			return fmt.Sprintf(`503 "AH02454: FCGI: attempt to connect to Unix domain socket %s (…) failed"`, a.Unix)
		}
		return fmt.Sprintf(`503 "(111)Connection refused: AH00957: FCGI: attempt to connect to %s:%d (…) failed"`, a.Host, a.Port)
	}
	if a.Unix != "" {
		return fmt.Sprintf(`502 "connect() to unix:%s failed (2: No such file or directory)"`, a.Unix)
	}
	return `502 "connect() failed (111: Connection refused) while connecting to upstream"`
}

func where(a backends.Addr) string {
	if a.Unix != "" {
		return "the socket " + a.Unix
	}
	return fmt.Sprintf("port %d", a.Port)
}

func checkNoPool(p *lint.Pass) error {
	set := backends.OfKind(p, lint.PHPFPM)
	if !set.Complete {
		return nil
	}
	seen := map[lint.Position]bool{}
	// What every finding lists, the same for each: the pools and where
	// they listen; made once, at the first finding (a tree of thousands
	// of pools would otherwise make it again for each route).
	var (
		pools     []lint.Related
		listening string
	)
	listPools := func() {
		var listens []string
		listed := map[string]bool{}
		for _, b := range set.Backends {
			for _, s := range b.Listen {
				pools = append(pools, lint.Related{Pos: s.Pos, Message: fmt.Sprintf("pool %s listens on %s", poolName(b), s.Raw)})
				if l := fmt.Sprintf("%s on %s", poolName(b), s.Raw); !listed[l] {
					listed[l] = true
					listens = append(listens, l)
				}
			}
		}
		if len(listens) > maxListed {
			listens = append(listens[:maxListed], fmt.Sprintf("%d more", len(listens)-maxListed))
		}
		listening = strings.Join(listens, "; ")
	}
	// on the stack while a route has at most two addresses
	var buf [2]backends.Addr
	scratch := buf[:0]
	backends.Routes(p.All, func(c *lint.Config, r *lint.Route) {
		addrs, ok := backends.AddrsInto(scratch, r)
		scratch = addrs
		if !ok || seen[r.Target.Pos] {
			return
		}
		for _, a := range addrs {
			// A backend on another host runs a configuration the inputs
			// need not hold; one served is enough for the route.
			if !a.Local() {
				return
			}
			if b, _ := set.Serving(a); b != nil {
				return
			}
			if defaultPoolAddress(a) && !wholeFPM(set) && !definesPool(set, "www") {
				// Pool files alone: the distribution's own www pool may
				// still be beside them, listening there.
				return
			}
		}
		seen[r.Target.Pos] = true
		if pools == nil {
			listPools()
		}
		rel := append([]lint.Related(nil), pools...) // a copy: processors may rewrite positions in place
		for _, a := range addrs[1:] {
			rel = append(rel, lint.Related{Pos: a.Pos, Message: "also passes to " + a.Raw})
		}
		a := addrs[0]
		p.Report(r.Target.Pos, fmt.Sprintf("%s: no PHP-FPM pool of the loaded configuration listens on %s (%s) → %s",
			passWords(r), where(a), listening, refused(c, a)), rel...)
	})
	return nil
}

// defaultPoolAddress reports an address the distributions' own [www]
// pool listens on: php8.2-fpm.sock and php-fpm.sock (Debian, Ubuntu),
// www.sock (RHEL), port 9000 (Alpine, the Docker image).
func defaultPoolAddress(a backends.Addr) bool {
	if a.Unix == "" {
		return a.Port == 9000
	}
	return defaultSocket.MatchString(filepath.Base(a.Unix))
}

var defaultSocket = regexp.MustCompile(`^(php[0-9.]*-fpm|www)\.sock$`)

// wholeFPM reports whether a main php-fpm configuration (php-fpm.conf
// with its includes) is among the inputs, not only pool files.
func wholeFPM(set *backends.Set) bool {
	for _, b := range set.Backends {
		if !set.Config[b].Fragment {
			return true
		}
	}
	return false
}

func definesPool(set *backends.Set, name string) bool {
	for _, b := range set.Backends {
		if strings.EqualFold(b.Name, name) {
			return true
		}
	}
	return false
}

// maxListed bounds the pools a message names; related positions list
// them all.
const maxListed = 3

func poolName(b *lint.Backend) string {
	if b.Name == "" {
		return "(the including pool)"
	}
	return b.Name
}

// socketOwner is who owns a pool's unix socket, and why the lint says
// so; ok is false when it cannot know.
func socketOwner(b *lint.Backend) (owner, group, says string, ok bool) {
	if !b.Known("listen.owner") || !b.Known("listen.group") || !b.Known("listen.mode") {
		return "", "", "", false
	}
	owner, group = b.SocketOwner.Value, b.SocketGroup.Value
	switch {
	case owner != "":
		if group == "" {
			// php-fpm gives the socket listen.owner's primary group,
			// which for a system user is the group of its name.
			group = owner
		}
		says = "listen.owner " + owner
		if b.SocketGroup.Set {
			says += ", listen.group " + group
		}
	case b.User.Set && b.Known("user"):
		// Without listen.owner the master creates the socket as itself.
		// A pool that sets user is a root master's (a master that is
		// not root ignores user), so the socket is root's.
		owner = "root"
		if group == "" {
			group = "root"
			says = "no listen.owner or listen.group: php-fpm's master, root, creates it"
		} else {
			says = "no listen.owner: php-fpm's master, root, creates it; listen.group " + group
		}
	default:
		return "", "", "", false
	}
	return owner, group, says, true
}

// connectable decides whether w may connect to a socket owned by
// owner:group with mode: yes, no, or "" when it depends on what the
// configuration does not say (the worker's supplementary groups).
func connectable(w backends.Worker, owner, group string, mode fs.FileMode) string {
	const write = 0o2
	switch {
	case mode&(write) != 0:
		return "yes" // anyone may
	case w.NonRoot:
		// nobody, or an unprivileged user of the master's: certainly
		// shut out of a socket that only root (and root's group) may use.
		if owner == "root" && (group == "root" || mode&(write<<3) == 0) {
			return "no"
		}
		return ""
	case w.User == "root":
		return "yes"
	case w.User == owner:
		if mode&(write<<6) != 0 {
			return "yes"
		}
		return "no"
	case w.Group == group:
		if mode&(write<<3) != 0 {
			return "yes"
		}
		return "no"
	case mode&(write<<3) == 0 || group == "root":
		// The group bits do not let anyone in, or the group is root's,
		// which no web server's user belongs to.
		return "no"
	}
	return ""
}

func checkSocketPermission(p *lint.Pass) error {
	set := backends.OfKind(p, lint.PHPFPM)
	seen := map[lint.Position]bool{}
	// who the workers of each config run as, looked up once per config
	// rather than once per route (a scan of the config's directives)
	type worker struct {
		w  backends.Worker
		ok bool
	}
	workers := map[*lint.Config]worker{}
	workerOf := func(c *lint.Config) (backends.Worker, bool) {
		w, known := workers[c]
		if !known {
			w.w, w.ok = backends.WorkerOf(c)
			workers[c] = w
		}
		return w.w, w.ok
	}
	// on the stack while a route has at most two addresses
	var buf [2]backends.Addr
	scratch := buf[:0]
	backends.Routes(p.All, func(c *lint.Config, r *lint.Route) {
		addrs, ok := backends.AddrsInto(scratch, r)
		scratch = addrs
		if !ok || seen[r.Target.Pos] {
			return
		}
		w, ok := workerOf(c)
		if !ok {
			return
		}
		for _, a := range addrs {
			if a.Unix == "" {
				continue
			}
			b, sock := set.ServingNear(a, r.Target.Pos.File())
			if b == nil || b.SocketACL.Set || !b.Known("listen.acl_users") || !b.Known("listen.acl_groups") {
				continue
			}
			owner, group, says, ok := socketOwner(b)
			if !ok {
				continue
			}
			mode := b.SocketMode.Value.Perm()
			if connectable(w, owner, group, mode) != "no" {
				continue
			}
			seen[r.Target.Pos] = true
			rel := []lint.Related{{Pos: sock.Pos, Message: fmt.Sprintf("pool %s listens on %s", poolName(b), sock.Raw)}}
			for _, s := range []lint.Setting[string]{b.SocketOwner, b.SocketGroup} {
				if s.Set {
					rel = append(rel, lint.Related{Pos: s.Pos, Message: s.Directive + " = " + s.Value})
				}
			}
			if b.SocketMode.Set {
				rel = append(rel, lint.Related{Pos: b.SocketMode.Pos, Message: fmt.Sprintf("listen.mode = %04o", uint32(mode))})
			}
			if !w.Pos.IsZero() {
				rel = append(rel, lint.Related{Pos: w.Pos, Message: "the workers' user"})
			}
			if !b.SocketMode.Set {
				says += "; mode: php-fpm's default"
			}
			proxy := "nginx's"
			if c.Source == lint.Apache {
				proxy = "httpd's"
			}
			p.Report(r.Target.Pos, fmt.Sprintf("%s: pool %s's socket is %s:%s with mode %04o (%s), and %s workers run as %s (%s), who may not connect → %s",
				passWords(r), poolName(b), owner, group, uint32(mode), says, proxy, w.User, w.Says, denied(c, a)), rel...)
			return
		}
	})
	return nil
}

func denied(c *lint.Config, a backends.Addr) string {
	if c.Source == lint.Apache {
		return fmt.Sprintf(`503 "(13)Permission denied: AH02454: FCGI: attempt to connect to Unix domain socket %s (…) failed"`, a.Unix)
	}
	return fmt.Sprintf(`502 "connect() to unix:%s failed (13: Permission denied)"`, a.Unix)
}

// proxySources returns the addresses the proxy may connect from to reach
// a, and whether they are all loopback ones; nil when they cannot be
// known from the configuration.
func proxySources(a backends.Addr) (addrs []string, loopback bool) {
	switch {
	case strings.EqualFold(a.Host, "localhost"):
		return []string{"127.0.0.1", "::1"}, true
	case backends.Loopback(a.Host) && strings.Contains(a.Host, ":"):
		return []string{"::1"}, true
	case backends.Loopback(a.Host):
		return []string{"127.0.0.1"}, true
	}
	// Another address or a name: the connection leaves from one of the
	// machine's own addresses, never from loopback.
	return nil, false
}

func checkAllowedClients(p *lint.Pass) error {
	set := backends.OfKind(p, lint.PHPFPM)
	seen := map[lint.Position]bool{}
	// on the stack while a route has at most two addresses
	var buf [2]backends.Addr
	scratch := buf[:0]
	backends.Routes(p.All, func(c *lint.Config, r *lint.Route) {
		addrs, ok := backends.AddrsInto(scratch, r)
		scratch = addrs
		if !ok || seen[r.Target.Pos] {
			return
		}
		for _, a := range addrs {
			if a.Unix != "" {
				continue
			}
			b, sock := set.ServingNear(a, r.Target.Pos.File())
			if b == nil || !b.AllowedClients.Set || !b.Known("listen.allowed_clients") || len(b.AllowedClients.Value) == 0 {
				continue
			}
			allowed := b.AllowedClients.Value
			from, loop := proxySources(a)
			var why string
			switch {
			case loop && !slices.ContainsFunc(from, func(s string) bool { return slices.Contains(allowed, s) }):
				why = fmt.Sprintf("the proxy connects to %s from %s", a.Host, strings.Join(from, " or "))
			case !loop && !slices.ContainsFunc(allowed, func(s string) bool { return !backends.Loopback(s) }):
				why = fmt.Sprintf("the proxy connects to %s from one of its own addresses, never from loopback", a.Host)
			default:
				continue
			}
			seen[r.Target.Pos] = true
			rel := []lint.Related{
				{Pos: sock.Pos, Message: fmt.Sprintf("pool %s listens on %s", poolName(b), sock.Raw)},
				{Pos: b.AllowedClients.Pos, Message: "listen.allowed_clients = " + strings.Join(allowed, ",")},
			}
			p.Report(r.Target.Pos, fmt.Sprintf("%s: pool %s admits only %s (listen.allowed_clients), but %s → php-fpm drops the connection (\"Connection disallowed: IP address … has been dropped\") and the proxy answers %s",
				passWords(r), poolName(b), strings.Join(allowed, ", "), why, dropped(c)), rel...)
			return
		}
	})
	return nil
}

// dropped is what the proxy logs and answers when php-fpm closes the
// connection at once: the reset, or a broken pipe when the close beats
// the request's last bytes.
func dropped(c *lint.Config) string {
	if c.Source == lint.Apache {
		return `503 "(104)Connection reset by peer: … AH01075: Error dispatching request" (or "(32)Broken pipe: … AH01074: Failed writing Environment")`
	}
	return `502 "recv() failed (104: Connection reset by peer) while reading response header from upstream" (or "writev() failed (32: Broken pipe) while sending request to upstream")`
}

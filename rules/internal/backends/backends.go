// Package backends follows a request from the proxy to the application
// server behind it: it pairs the routes of the loaded nginx and Apache
// configurations with the backends (lint.Backend: PHP-FPM pools) loaded
// beside them, for the rules of every category that judge that link
// (reachability of the socket, its permissions and client list; later
// timeouts and worker counts).
//
// A route reaches a backend when one of its addresses (the pass target,
// or a server of its upstream) is one the backend listens on: the same
// unix socket path (/var/run is /run, as on every current distribution),
// or the same TCP port. Only the configurations among the inputs are
// known: a route that reaches none of them may reach a server the
// inputs do not hold, which Set.Complete and Local help rules tell.
package backends

import (
	"net/netip"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Addr is one address a route passes to.
type Addr struct {
	// Raw is the address as written; Pos where.
	Raw string
	Pos lint.Position
	// Unix is a socket path; Host and Port a TCP address (Host without
	// IPv6 brackets).
	Unix string
	Host string
	Port int
}

// Local reports whether the address is on the proxy's own machine: a
// unix socket, or TCP to a loopback address or localhost. A backend on
// another host (php:9000, a container) runs a configuration the inputs
// may not hold.
func (a Addr) Local() bool {
	return a.Unix != "" || Loopback(a.Host)
}

// Loopback reports a loopback address or the name localhost.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.IsLoopback()
}

// Addrs returns the addresses a route passes to: its target, or every
// server of the upstream it names. ok is false when they are not known
// from the configuration (a variable in the address, a TCP address
// without a port).
func Addrs(r *lint.Route) ([]Addr, bool) {
	out, ok := AddrsInto(nil, r)
	if !ok {
		return nil, false
	}
	return out, true
}

// AddrsInto is Addrs written over buf's storage (the result is buf[:0]
// grown, also when not ok): the rules ask for the addresses of every
// route of every config, and one scratch slice reused from route to
// route spares an allocation each time.
func AddrsInto(buf []Addr, r *lint.Route) ([]Addr, bool) {
	out := buf[:0]
	t := r.Target
	if t.Variables {
		return out, false
	}
	if up := t.Upstream; up != nil {
		for _, e := range up.Endpoints {
			a, ok := addr(e.Raw, e.Pos, e.UnixPath, e.Host, e.Port, e.PortSet)
			if !ok {
				return out[:0], false
			}
			out = append(out, a)
		}
		return out, len(out) > 0
	}
	a, ok := addr(t.Raw, t.Pos, t.UnixPath, t.Host, t.Port, t.PortSet)
	if !ok {
		return out, false
	}
	return append(out, a), true
}

func addr(raw string, pos lint.Position, unix, host string, port int, portSet bool) (Addr, bool) {
	if unix != "" {
		if strings.ContainsAny(unix, "${}") {
			return Addr{}, false
		}
		return Addr{Raw: raw, Pos: pos, Unix: filepath.Clean(unix)}, true
	}
	if !portSet || port == 0 || host == "" || strings.Contains(host, "$") {
		return Addr{}, false
	}
	return Addr{Raw: raw, Pos: pos, Host: strings.Trim(host, "[]"), Port: port}, true
}

// SameSocket reports whether two socket paths name one file: /var/run
// is a link to /run on every current Linux distribution.
func SameSocket(a, b string) bool {
	return normSocket(a) == normSocket(b)
}

func normSocket(p string) string {
	p = filepath.Clean(p)
	if rest, ok := strings.CutPrefix(p, "/var/run/"); ok {
		return "/run/" + rest
	}
	return p
}

// Listens returns the socket of b that a reaches, or nil: the same unix
// socket, or the same TCP port (when both hosts are addresses, they must
// agree or b must listen on all of them; a name may be any of them).
func Listens(b *lint.Backend, a Addr) *lint.Socket {
	for i := range b.Listen {
		s := &b.Listen[i]
		switch {
		case a.Unix != "" && s.Unix != "":
			if SameSocket(a.Unix, s.Unix) {
				return s
			}
		case a.Unix == "" && s.Unix == "" && a.Port == s.Port:
			if s.Host == "" || !lint.IsIP(s.Host) || !lint.IsIP(a.Host) || sameIP(s.Host, a.Host) {
				return s
			}
		}
	}
	return nil
}

func sameIP(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	return err1 == nil && err2 == nil && x.Unmap() == y.Unmap()
}

// Set is every backend of the run, with the config that holds it.
type Set struct {
	Backends []*lint.Backend
	Config   map[*lint.Backend]*lint.Config
	// Complete is true when the set is all the inputs say about the
	// backends: every configuration was read whole (no include left
	// unread) and every backend's address is known. A route that reaches
	// none of a complete set reaches nothing the inputs define.
	Complete bool
	// Unknown is where the set is incomplete, for messages: an unread
	// include, or a backend whose address is unknown.
	Unknown []lint.Position

	// byUnix and byPort index Backends (positions in it) by the sockets
	// they listen on, so a route finds its backends without a scan of
	// every backend of the run (a directory of thousands of fragments).
	byUnix map[string][]int
	byPort map[int][]int
}

// Candidates returns the backends of the set that may listen on a, in
// the set's order: those with a socket of the same path or the same
// port. Listens decides among them; no other backend listens on a.
func (s *Set) Candidates(a Addr) []*lint.Backend {
	if s.byUnix == nil {
		return s.Backends // a set not made by Of or OfKind
	}
	var idx []int
	if a.Unix != "" {
		idx = s.byUnix[normSocket(a.Unix)]
	} else {
		idx = s.byPort[a.Port]
	}
	out := make([]*lint.Backend, 0, len(idx))
	for _, i := range idx {
		out = append(out, s.Backends[i])
	}
	return out
}

// index fills byUnix and byPort.
func (s *Set) index() {
	s.byUnix, s.byPort = map[string][]int{}, map[int][]int{}
	add := func(m []int, i int) []int {
		if n := len(m); n > 0 && m[n-1] == i {
			return m // two sockets of one backend under one key
		}
		return append(m, i)
	}
	for i, b := range s.Backends {
		for _, l := range b.Listen {
			if l.Unix != "" {
				k := normSocket(l.Unix)
				s.byUnix[k] = add(s.byUnix[k], i)
			} else {
				s.byPort[l.Port] = add(s.byPort[l.Port], i)
			}
		}
	}
}

type setKey struct{ kind lint.SourceKind }

// Of returns the backends of the run, computed once per run.
func Of(p *lint.Pass) *Set {
	return p.Shared(setKey{}, func() any { return collect(p.All, "") }).(*Set)
}

// OfKind returns the backends of one kind of server (lint.PHPFPM): what
// its configurations among the inputs define, complete or not by theirs
// alone, so a uWSGI ini beside the pools neither adds nor hides a pool.
func OfKind(p *lint.Pass, kind lint.SourceKind) *Set {
	return p.Shared(setKey{kind}, func() any { return collect(p.All, kind) }).(*Set)
}

func collect(all []*lint.Config, kind lint.SourceKind) *Set {
	s := &Set{Config: map[*lint.Backend]*lint.Config{}, Complete: true}
	for _, c := range all {
		switch {
		case kind != "" && c.Source != kind:
			continue
		case len(c.Backends) == 0 && c.Source != lint.PHPFPM && c.Source != kind:
			continue
		}
		for _, u := range c.Unread {
			s.Complete = false
			s.Unknown = append(s.Unknown, u.Pos)
		}
		for _, b := range c.Backends {
			s.Backends = append(s.Backends, b)
			s.Config[b] = c
			if len(b.Listen) == 0 {
				// Unknown (${…}), or not written in this file: a pool
				// file leaves it to the file that includes it.
				s.Complete = false
				s.Unknown = append(s.Unknown, b.Pos)
			}
		}
	}
	if len(s.Backends) == 0 {
		s.Complete = false
	}
	s.index()
	return s
}

// Serving returns the backend listening on a and its socket, or nil.
func (s *Set) Serving(a Addr) (*lint.Backend, *lint.Socket) {
	for _, b := range s.Candidates(a) {
		if sock := Listens(b, a); sock != nil {
			return b, sock
		}
	}
	return nil, nil
}

// ServingNear is Serving for a route written in file: when backends of
// several configurations listen on a (a repository with one set-up per
// directory: docker/, vagrant/), the one whose files lie nearest file in
// the tree. It returns nil when none listens, or when two are equally
// near, since the lint cannot tell which one the proxy meets.
func (s *Set) ServingNear(a Addr, file string) (*lint.Backend, *lint.Socket) {
	var (
		best     *lint.Backend
		bestSock *lint.Socket
		bestLen  = -1
		tie      bool
	)
	for _, b := range s.Candidates(a) {
		sock := Listens(b, a)
		if sock == nil {
			continue
		}
		n := commonDirs(file, sock.Pos.File())
		switch {
		case n > bestLen:
			best, bestSock, bestLen, tie = b, sock, n, false
		case n == bestLen:
			tie = true
		}
	}
	if tie {
		return nil, nil
	}
	return best, bestSock
}

// commonDirs counts the leading directories two paths share.
func commonDirs(a, b string) int {
	x := strings.Split(filepath.ToSlash(filepath.Dir(a)), "/")
	y := strings.Split(filepath.ToSlash(filepath.Dir(b)), "/")
	n := 0
	for n < len(x) && n < len(y) && x[n] == y[n] {
		n++
	}
	return n
}

// PHP reports whether a FastCGI route is meant for PHP: its location or
// path pattern, its address or its upstream names PHP or FPM (a .php
// location, php8.2-fpm.sock, upstream php-fpm). Other FastCGI servers
// (fcgiwrap for CGI scripts, a monitoring agent) are no pool's business.
func PHP(r *lint.Route) bool {
	if r.Protocol != lint.ProtoFastCGI {
		return false
	}
	for _, s := range []string{r.Match, r.Target.Raw} {
		l := strings.ToLower(s)
		if strings.Contains(l, "php") || strings.Contains(l, "fpm") {
			return true
		}
	}
	if up := r.Target.Upstream; up != nil {
		l := strings.ToLower(up.Name)
		return strings.Contains(l, "php") || strings.Contains(l, "fpm")
	}
	return false
}

// Routes yields the FastCGI routes of the run's nginx and Apache
// configurations that are meant for PHP, with their config.
func Routes(all []*lint.Config, yield func(*lint.Config, *lint.Route)) {
	for _, c := range all {
		if c.Source != lint.Nginx && c.Source != lint.Apache {
			continue
		}
		for _, site := range c.Sites {
			for _, r := range site.Routes {
				if PHP(r) {
					yield(c, r)
				}
			}
		}
	}
}

// Worker is who the proxy's worker processes run as: the user that
// connects to a backend's unix socket.
type Worker struct {
	// User and Group are the worker's user and primary group; Group is
	// empty when the configuration does not say and the lint cannot
	// tell (NonRoot).
	User, Group string
	// Pos is the directive that says so; zero when assumed.
	Pos lint.Position
	// Says is how the message names the evidence: "user www-data",
	// "User ${APACHE_RUN_USER} (www-data, Debian's envvars)".
	Says string
	// NonRoot is true when only this is known: the workers are not root
	// (nginx without `user`: nobody when the master runs as root, else
	// the master's own unprivileged user). User is then "nobody".
	NonRoot bool
}

// WorkerOf returns who the workers of a whole nginx or Apache
// configuration run as; ok is false for a fragment (the main
// configuration, which sets the user, is not among the inputs) and for
// an Apache configuration without User.
func WorkerOf(c *lint.Config) (Worker, bool) {
	if c.Fragment {
		return Worker{}, false
	}
	switch c.Source {
	case lint.Nginx:
		for _, d := range c.Directives {
			if len(d.Blocks) == 0 && d.Name == "user" && len(d.Args) > 0 {
				w := Worker{User: d.Args[0], Group: d.Args[0], Pos: d.Pos, Says: "user " + strings.Join(d.Args, " ")}
				if len(d.Args) > 1 {
					w.Group = d.Args[1]
				}
				if strings.Contains(w.User+w.Group, "$") {
					return Worker{}, false
				}
				return w, true
			}
		}
		return Worker{User: "nobody", NonRoot: true, Says: "no user directive: nobody, nginx's default, or the master's own unprivileged user"}, true
	case lint.Apache:
		var w Worker
		for _, d := range c.Directives {
			if !topLevel(d) || len(d.Args) == 0 {
				continue
			}
			switch {
			case strings.EqualFold(d.Name, "User"):
				w.User, w.Pos = apacheVar(d.Args[0]), d.Pos
				w.Says = "User " + d.Args[0]
			case strings.EqualFold(d.Name, "Group"):
				w.Group = apacheVar(d.Args[0])
			}
		}
		if w.User == "" || strings.ContainsAny(w.User+w.Group, "$#") {
			return Worker{}, false
		}
		if w.User != strings.TrimSpace(w.Says[len("User "):]) {
			w.Says += " (" + w.User + ", Debian's /etc/apache2/envvars)"
		}
		return w, true
	}
	return Worker{}, false
}

// apacheVar resolves Debian's ${APACHE_RUN_USER} and ${APACHE_RUN_GROUP}
// to the www-data that /etc/apache2/envvars sets them to.
func apacheVar(s string) string {
	switch s {
	case "${APACHE_RUN_USER}", "${APACHE_RUN_GROUP}":
		return "www-data"
	}
	return s
}

// topLevel: at the server level, or inside only <IfModule> and
// <IfDefine> (httpd.conf keeps User in <IfModule unixd_module>).
func topLevel(d *lint.Directive) bool {
	for _, b := range d.Blocks {
		if !strings.EqualFold(b, "IfModule") && !strings.EqualFold(b, "IfDefine") {
			return false
		}
	}
	return true
}

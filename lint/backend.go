package lint

import "io/fs"

// PHPFPM is the kind of PHP-FPM configurations: php-fpm.conf and its pool
// files. Such a Config holds Backends and no Sites.
const PHPFPM SourceKind = "php-fpm"

// Backend is an application server behind the proxy, the inner end of a
// request's chain: what listens where, for whom, with how many workers
// and which limits. A PHP-FPM pool is one; other application servers
// (uWSGI, gunicorn) fill the same fields, so rules that follow a route
// from the proxy to its backend need not know which server it is.
//
// Every value is a Setting: written (Set) or the server's default,
// positioned where it was written or at the backend's definition.
type Backend struct {
	// Kind names the server: "php-fpm".
	Kind string
	// Name is the backend's name as its configuration gives it (the
	// pool's [section]); empty when the file does not say, as for a pool
	// file without a section that continues the pool of the file that
	// includes it.
	Name string
	// Pos is the definition: the pool's [section] header, or the first
	// setting of a file without one.
	Pos Position

	// Listen are the addresses the backend accepts connections on (one
	// for an FPM pool). Empty when the address is unknown (see Unknown)
	// or not set.
	Listen []Socket
	// Protocol is what it speaks there (fastcgi for PHP-FPM).
	Protocol Protocol

	// SocketOwner, SocketGroup and SocketMode are a unix socket's owner,
	// group and permission bits as the server creates it (listen.owner,
	// listen.group, listen.mode). The defaults are the server's: for
	// PHP-FPM the user the master runs as, that user's group, and 0660.
	SocketOwner Setting[string]
	SocketGroup Setting[string]
	SocketMode  Setting[fs.FileMode]
	// SocketACL is set when POSIX ACLs decide who may connect
	// (listen.acl_users, listen.acl_groups); the owner, group and mode
	// are then not the whole story.
	SocketACL Setting[string]
	// AllowedClients are the only client addresses a TCP listener accepts
	// (listen.allowed_clients); empty when any client may connect.
	AllowedClients Setting[[]string]
	// Backlog is the listen queue (listen.backlog; -1 means the system's
	// maximum).
	Backlog Setting[int]

	// User and Group are who the workers run as.
	User  Setting[string]
	Group Setting[string]

	// Manager is how workers are started (pm: static, dynamic, ondemand).
	Manager Setting[string]
	// Workers is the most requests served at once (pm.max_children;
	// processes or workers for other servers).
	Workers Setting[int]
	// MaxRequests is how many requests a worker serves before it is
	// replaced (pm.max_requests; 0 = never).
	MaxRequests Setting[int]
	// RequestTimeout is when the server kills a request still running
	// (request_terminate_timeout; 0 = never).
	RequestTimeout Duration
	// MaxExecutionTime is the application's own limit
	// (php_admin_value[max_execution_time] or php_value[…]; PHP's
	// default is 30s, and 0 = none).
	MaxExecutionTime Duration
	// CatchWorkersOutput is whether the workers' stdout and stderr reach
	// the server's log (catch_workers_output).
	CatchWorkersOutput Setting[bool]

	// Unknown lists settings whose value the lint cannot know, by key as
	// written in lower case ("listen", "pm.max_children"), with where
	// they were written: an environment variable (${PHP_FPM_SOCKET}) the
	// server expands when it starts. Rules leave such values alone.
	Unknown map[string]Position
	// Params holds every setting of the backend as written, by key in
	// lower case (array keys as "php_admin_value[memory_limit]"), for
	// server-specific rules.
	Params map[string]Setting[string]
}

// Socket is an address a backend listens on.
type Socket struct {
	// Raw is the address as written ("/run/php/php8.2-fpm.sock",
	// "127.0.0.1:9000", "9000", "[::]:9000").
	Raw string
	Pos Position
	// Unix is the socket path, absolute as the server resolves it; empty
	// for TCP.
	Unix string
	// Host is the address listened on, without IPv6 brackets; empty for
	// all addresses ("9000", "0.0.0.0:9000", "[::]:9000").
	Host string
	Port int
}

// Known reports whether the lint knows the value of the backend setting
// key (lower case, as written).
func (b *Backend) Known(key string) bool {
	_, unknown := b.Unknown[key]
	return !unknown
}

// UWSGI is the kind of uWSGI ini files; Gunicorn of gunicorn's Python
// configuration files. Such Configs hold one Backend and no Sites.
const (
	UWSGI    SourceKind = "uwsgi"
	Gunicorn SourceKind = "gunicorn"
)

// MySQL is the kind of MySQL and MariaDB option files (my.cnf and the
// files it includes). Such a Config holds one Backend of Kind "mysql"
// and no Sites.
const MySQL SourceKind = "mysql"

// PostgreSQL is the kind of postgresql.conf and the files it includes;
// PgBouncer of pgbouncer.ini. Such Configs hold one Backend of Kind
// "postgresql" or "pgbouncer".
const (
	PostgreSQL SourceKind = "postgresql"
	PgBouncer  SourceKind = "pgbouncer"
)

// IsDatabase reports a database server (or a pooler in front of one)
// among the backends: its Workers are the client connections it accepts
// at once (max_connections, less the superuser reserve for PostgreSQL;
// PgBouncer's max_client_conn), which the application servers' workers
// share.
func (b *Backend) IsDatabase() bool {
	switch b.Kind {
	case "mysql", "postgresql", "pgbouncer":
		return true
	}
	return false
}

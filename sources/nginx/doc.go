// Package nginx is edgelint's nginx source adapter: it reads an nginx
// include tree and builds the common lint model (sites, routes, upstreams,
// effective settings with positions, directives and comments).
//
// # Reading
//
// The files are tokenized by a transcription of nginx's own
// ngx_conf_read_token (quotes, backslash escapes, ${var}, comments between
// words, the 4 KiB token limit) so that what `nginx -t` accepts loads and
// what it rejects gives the same message on the same line, plus a column.
// Each directive is positioned at the first character of its name (Line,
// Col), with EndLine at its ';' or closing '}'. OpenResty *_by_lua_block
// bodies are skipped as Lua.
//
// # gonginx
//
// From github.com/tufanbarisyildirim/gonginx the adapter takes its table
// of the directives nginx.org documents (parser.ValidDirectives): a
// documented simple directive written with a block, or block directive
// without one, is nginx -t's error; an unknown (third-party) directive's
// shape is left alone. gonginx does not read the files, for three reasons
// gonginx_test.go pins:
//
//   - its parser rejects configurations nginx accepts: 11 of the 552
//     corpus files nginx's tokenizer reads cleanly (crossplane's Lua
//     blocks, "messy" and "returns" fixtures; all 262 files of the field
//     corpus parse);
//   - it records no columns, and for a block or a directive spread over
//     lines the line where it ends, where nginx -t and the model point at
//     where it starts; quoted arguments keep their quotes and escapes;
//   - its upstream server type keeps the parameters in a map of strings
//     (no order, no repeats, no positions, no types), so nginx's error at
//     a bad parameter ("invalid parameter" at weight=x in "weight=x
//     weight=2") could not be placed; Endpoint is read from the
//     statement's own arguments instead.
//
// Parsing each file with gonginx as well would cost about as much as the
// whole load (BenchmarkGonginxParseLarge against BenchmarkLoadLarge). Its
// writer (dumper) is the tool for writing directives; edgelint writes
// none.
//
// Includes are resolved as nginx does: relative paths against the directory
// of the main configuration (the conf prefix), globs in glob(3) order
// without hidden files, a glob matching nothing is fine, a missing file is
// an error at the include directive. Absolute paths go through the user's
// mappings; below a well-known prefix (/etc/nginx, /usr/local/nginx/conf,
// ...) a copy beside the entry (a repository holding /etc/nginx's files) is
// preferred to the machine's own file, so results do not depend on the
// machine. The files nginx and its packages install in the conf prefix
// (mime.types, fastcgi_params, proxy_params...) are taken as present when
// a repository leaves them out (Tree.Assumed lists them). A snippet (a
// file without http{}, events{}, stream{} or mail{} at the top level) is
// loaded with Config.Fragment set; its relative includes are looked for
// in its directory and then its ancestors, and an absolute one below a
// well-known prefix also in the ancestors (rootfs/etc/nginx/...). A
// snippet's include that names no file in the repository is the server's
// own (/etc/letsencrypt/options-ssl-nginx.conf): a notice, listed in
// Config.Unread, unless Options.StrictIncludes; in a whole tree it stays
// nginx -t's error. A snippet of main-context directives
// (worker_processes, load_module) is read in the main context.
//
// Templates are left out with a notice (sources/template): an entry that
// is one loads nothing, an included one is cut out of the tree and listed
// in Config.Unread. An upper-case $NAME that no set, map, geo... of the
// tree defines and that is no nginx variable marks an envsubst template.
//
// Include cycles, symlink loops, binary
// files, long lines and the input.Limits are errors with positions;
// MaxFiles counts every inclusion (nginx reads a file again each time),
// MaxBlockDepth bounds nesting, and a tree whose includes expand beyond
// two million directives is cut back to one reading of each file.
//
// Besides the tokenizer's errors, the checks `nginx -t` makes while
// reading that need no module are reported with nginx's messages: if
// conditions, a documented block directive without a block or simple
// directive with one, misplaced nested locations, *_pass outside location,
// if-in-location and limit_except, invalid time and size values of the
// settings the model reads, and the argument counts of nginx's own
// directives ("invalid number of arguments", and "it must be on or off"
// for the flags; arity.go, each count checked against the real nginx -t).
//
// # Version
//
// Defaults that depend on the version follow Options.NginxVersion; when it
// is zero, DefaultVersion (1.26.3, the stable branch most distributions
// ship: Debian 13) is assumed, so proxy_http_version defaults to 1.0 and
// upstream keepalive to off (1.1 and 32 from 1.29.7).
//
// # Semantics rule writers rely on
//
//   - Settings are effective values after nginx inheritance
//     http → server → location → nested location → if/limit_except. An
//     inherited value keeps the outer directive's position and has
//     Inherited set; an unset one holds the default positioned at the block
//     that lacks it (the route's location, or the if/limit_except holding
//     the *_pass). Directive always names the nginx directive (or the
//     server parameter, "max_fails=").
//   - Array directives (proxy_set_header, grpc_set_header, allow/deny
//     together) are inherited only into levels that write none of them:
//     Route.Headers is the effective list as written (nginx's implicit
//     "Host $proxy_host" and "Connection close" are not listed); Route.Host
//     is the effective Host, "$proxy_host" by default for proxy_pass, unset
//     for the other protocols unless grpc_set_header Host is written.
//   - One Route per *_pass directive; Route.Pos is the block holding it,
//     Target.Pos the directive. Target.Upstream is set when the host has no
//     port and no variable and names an upstream{} block (case-insensitive),
//     as ngx_http_upstream_add matches: "http://backend:8080" never uses
//     upstream backend{} (nginx -t refuses it: upstream "backend" may not
//     have port 8080; rules report that, the loader does not). Target.Port is the scheme's default when not
//     written (0 for bare fastcgi/uwsgi/scgi/grpc/memcached addresses).
//   - Timeouts.Idle of a route to an upstream{} is that upstream's
//     keepalive_timeout. Buffers are filled for proxy/fastcgi/uwsgi/scgi
//     (one 4k page assumed), BufferSize only for grpc and memcached.
//     Resolver holds the resolver directive's arguments as written.
//   - Upstream.Resolver is the upstream's own resolver (1.27.3+), else the
//     http level's (Inherited). Upstream.Method is the balancing directive
//     name ("hash", "least_conn"...), "round_robin" by default.
//     HealthCheck.Active is set by an NGINX Plus health_check in a location
//     passing to the upstream. Endpoint.Params holds every server parameter
//     with lower-case keys.
//   - Site.Default is true for default_server and, in a full tree, for
//     the first site listening on an address:port that has no
//     default_server (in a snippet only default_server counts). A server{}
//     without listen gets a synthetic *:80 listener at the server's
//     position. Listener.Addr keeps brackets for IPv6 ("[::]"); "" is all
//     addresses.
//   - A snippet loaded alone reads its top level in the guessed context:
//     server{}, upstream{}, map{} → http; location{}, listen, server_name or
//     other leaf directives → server; a bare *_pass → location. For server
//     and location contexts a Site without names or listeners stands for
//     the unknown enclosing server (kept only when it has names, listeners
//     or routes). Directive.Blocks then starts with the implied blocks
//     (["http", "server"]).
//   - Upstream.Params holds the pool's other directives (sticky, ntlm,
//     queue, keepalive_time...) as written; Product.Modules the load_module
//     names ("ngx_http_geoip_module"); Product.VersionAssumed is set when
//     DefaultVersion stood in for the user's version.
//   - Target.UnixPath, Endpoint.UnixPath and Listener.Unix hold the socket
//     path without "unix:".
//   - stream{} and mail{} are listed in Directives but not modelled.
//   - Config.Directives lists a file included in several places once per
//     distinct enclosing-block path; Config.Tree has every inclusion (each
//     included file is one lint.IncludedFile shared by its inclusions),
//     what each include read, and Inclusion.Stock for the stock files
//     taken as installed.
//   - Comments: a trailing comment governs the directive it follows on its
//     line (the block, after a closing brace or an opening one); an
//     own-line comment governs the next directive of the same block (the
//     whole block when it opens one), or only its own line when the block
//     ends first; a comment between the words of a directive governs it.
package nginx

// Package repro holds edgelint's reproducers: tests named TestRepro… that
// start a REAL nginx and, where the rule applies, a real Apache httpd on
// loopback, put the tiny Go backend of repro/backend behind them, and show
// for each headline rule that
//
//	(a) edgelint reports the finding on the broken configuration (the very
//	    file the server runs, loaded through sources.Load, rules looked up
//	    by name in rules.Registry()),
//	(b) the server answers with the status the rule predicts and writes
//	    the error-log line the rule names,
//	(c) the fixed configuration, as the rule's doc suggests, answers 200
//	    and edgelint is silent for that rule.
//
// The servers run unprivileged-style: nginx -p DIR -c DIR/nginx.conf -e
// DIR/error.log with `daemon off` and every *_temp_path under DIR; apache2
// -f DIR/httpd.conf -DFOREGROUND with DefaultRuntimeDir, Mutex file:,
// PidFile under DIR and LoadModule lines from /usr/lib/apache2/modules.
// Ports are picked free on 127.0.0.1; nothing leaves the machine.
//
// A lint step whose rule is not registered (yet) skips, and only that
// step, with "MISSING RULE <name>"; the server-side reproduction still runs
// and is asserted. At the time of writing every rule the reproducers name
// is registered.
//
// When nginx or apache2 is not installed the tests skip with a message,
// except with CI=true, where they fail: CI installs both (Debian packages
// nginx and apache2).
//
// Run: go test -run Repro -v ./repro/
package repro

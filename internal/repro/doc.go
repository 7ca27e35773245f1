// Package repro holds edgelint's reproducers: tests named TestRepro… that
// start a REAL nginx and, where the rule applies, a real Apache httpd on
// loopback, put the tiny Go backend of internal/testsupport/backend behind
// them, and show for each headline rule that
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
// A lint step whose rule is not registered (a rename, a removal) fails
// the test with "MISSING RULE <name>": a reproducer whose lint step
// silently stopped running would prove nothing.
//
// The servers come through the real-server switch of
// internal/testsupport/realserver: go test -short skips these tests, a
// missing nginx or apache2 skips them with a message, and with CI=true
// (or EDGELINT_REAL_SERVERS=1) both are failures instead: CI installs both
// servers (Debian packages nginx and apache2).
//
// Run: go test -run Repro -v ./internal/repro/
package repro

// Package probe holds the rules that run only with `edgelint check
// --probe`: from the machine edgelint runs on (the proxy host, ideally)
// they resolve every upstream name, connect to every endpoint and route
// target the configuration names, and run the TLS handshake the proxy
// would run — the check operators otherwise do by hand with curl.
//
// The rules reach the network only through lint.Pass.Probe (the real one
// is github.com/edgelint/edgelint/probe), contact nothing the
// configuration does not name, probe each distinct endpoint once per run
// (shared by the three rules), keep at most Options.Concurrency operations
// in flight and bound each one by its own timeout.
package probe

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{Unreachable, TLSHandshake, CertificateName}

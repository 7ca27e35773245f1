// Package probeplan is what the `edgelint check --probe` rules of several
// categories share: from the machine edgelint runs on (the proxy host,
// ideally) they resolve every upstream name, connect to every endpoint
// and route target the configuration names, and run the TLS handshake the
// proxy would run — the check operators otherwise do by hand with curl.
// Plan lists what to contact, Probe contacts it once per run for all the
// rules, and Reporter keeps their findings to one per position and
// message.
//
// The rules reach the network only through lint.Pass.Probe (the real one
// is github.com/edgelint/edgelint/internal/netprobe), contact nothing the
// configuration does not name, probe each distinct endpoint once per run
// (shared by the rules), keep at most Options.Concurrency operations in
// flight and bound each one by its own timeout.
package probeplan

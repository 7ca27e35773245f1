// Package timeouts holds the rules about timeouts towards the upstream:
// explicit values short enough to cut off ordinary slow responses, values
// that have no effect, and a CDN that gives up before the origin does.
package timeouts

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	ReadTimeoutShort, SendTimeoutShort, ConnectTimeoutNoEffect,
	CDNReadTimeoutShorter,
	BackendKillsBeforeProxy, ProxyGivesUpBeforeBackend,
}

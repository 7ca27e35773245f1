// Package pairing pairs a CDN zone with the origin behind it, for the
// cross-layer rules of every category (the SSL mode against the origin's
// listeners, Host and SNI overrides and proxied hostnames against the
// origin's server names, the CDN read timeout against the origin's proxy
// timeouts, origin allowlists against the CDN's egress ranges, keep-alive
// at the origin), and reads the small part of the Rules language those
// rules need to tell which hostnames and paths a zone rule applies to.
//
// All loaded nginx and Apache configs together form "the origin". A zone
// is paired with it only when the origin serves at least one of the
// zone's proxied hostnames by name, so a zone fronting some other origin
// (or an unrelated config in the same run) yields nothing. Fragments are
// ignored: without the whole tree, a missing server name or listener
// proves nothing.
package pairing

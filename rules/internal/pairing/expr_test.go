package pairing

import "testing"

// The small reading of rule expressions: what it understands it applies,
// anything else makes the rule a "maybe" so no finding rests on a guess.
func TestParseScope(t *testing.T) {
	for _, tc := range []struct {
		expr     string
		host     string
		loc      string
		wantHost Match
		wantPath Match
	}{
		{"true", "a.example.com", "/x/", YesMatch, YesMatch},
		{`http.host eq "a.example.com"`, "a.example.com", "/x/", YesMatch, YesMatch},
		{`http.host eq "a.example.com"`, "b.example.com", "/", NoMatch, YesMatch},
		{`http.host in {"a.example.com" "b.example.com"}`, "b.example.com", "", YesMatch, YesMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/reports/daily/", YesMatch, YesMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/api/", YesMatch, NoMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/", YesMatch, MaybeMatch},
		{`(http.host eq "a.example.com" and http.request.uri.path matches "^/exp")`, "a.example.com", "/export/", YesMatch, YesMatch},
		{`http.request.uri.path wildcard "/api/*"`, "a.example.com", "/api/v1/", YesMatch, YesMatch},
		{`http.host eq "a.example.com" or http.host eq "b.example.com"`, "c.example.com", "/", MaybeMatch, MaybeMatch},
		{`not http.host eq "a.example.com"`, "a.example.com", "/", MaybeMatch, MaybeMatch},
		{`http.host ne "a.example.com"`, "b.example.com", "/", MaybeMatch, MaybeMatch},
		{`http.request.uri.path contains "/x"`, "a.example.com", "/x/", MaybeMatch, MaybeMatch},
		{`http.request.uri.query eq "a=1"`, "a.example.com", "/", MaybeMatch, MaybeMatch},
		{`ip.src in {192.0.2.0/24}`, "a.example.com", "/", YesMatch, YesMatch},
	} {
		sc := ParseScope(tc.expr)
		if got := sc.CoversHost(tc.host); got != tc.wantHost {
			t.Errorf("%s: host %s = %d, want %d", tc.expr, tc.host, got, tc.wantHost)
		}
		if got := sc.CoversPath(tc.loc); got != tc.wantPath {
			t.Errorf("%s: location %q = %d, want %d", tc.expr, tc.loc, got, tc.wantPath)
		}
	}
}

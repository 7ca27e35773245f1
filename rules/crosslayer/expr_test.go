package crosslayer

import "testing"

// The small reading of rule expressions: what it understands it applies,
// anything else makes the rule a "maybe" so no finding rests on a guess.
func TestParseScope(t *testing.T) {
	for _, tc := range []struct {
		expr     string
		host     string
		loc      string
		wantHost match
		wantPath match
	}{
		{"true", "a.example.com", "/x/", yesMatch, yesMatch},
		{`http.host eq "a.example.com"`, "a.example.com", "/x/", yesMatch, yesMatch},
		{`http.host eq "a.example.com"`, "b.example.com", "/", noMatch, yesMatch},
		{`http.host in {"a.example.com" "b.example.com"}`, "b.example.com", "", yesMatch, yesMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/reports/daily/", yesMatch, yesMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/api/", yesMatch, noMatch},
		{`starts_with(http.request.uri.path, "/reports/")`, "a.example.com", "/", yesMatch, maybeMatch},
		{`(http.host eq "a.example.com" and http.request.uri.path matches "^/exp")`, "a.example.com", "/export/", yesMatch, yesMatch},
		{`http.request.uri.path wildcard "/api/*"`, "a.example.com", "/api/v1/", yesMatch, yesMatch},
		{`http.host eq "a.example.com" or http.host eq "b.example.com"`, "c.example.com", "/", maybeMatch, maybeMatch},
		{`not http.host eq "a.example.com"`, "a.example.com", "/", maybeMatch, maybeMatch},
		{`http.host ne "a.example.com"`, "b.example.com", "/", maybeMatch, maybeMatch},
		{`http.request.uri.path contains "/x"`, "a.example.com", "/x/", maybeMatch, maybeMatch},
		{`http.request.uri.query eq "a=1"`, "a.example.com", "/", maybeMatch, maybeMatch},
		{`ip.src in {192.0.2.0/24}`, "a.example.com", "/", yesMatch, yesMatch},
	} {
		sc := parseScope(tc.expr)
		if got := sc.coversHost(tc.host); got != tc.wantHost {
			t.Errorf("%s: host %s = %d, want %d", tc.expr, tc.host, got, tc.wantHost)
		}
		if got := sc.coversPath(tc.loc); got != tc.wantPath {
			t.Errorf("%s: location %q = %d, want %d", tc.expr, tc.loc, got, tc.wantPath)
		}
	}
}

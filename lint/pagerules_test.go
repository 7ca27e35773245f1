package lint

import (
	"strings"
	"testing"
)

func TestPageRuleTakes(t *testing.T) {
	for _, c := range []struct {
		target, host string
		want         Match
	}{
		{"example.com/*", "example.com", YesMatch},
		{"example.com/*", "www.example.com", NoMatch},
		{"*example.com/*", "www.example.com", YesMatch},
		{"*example.com/*", "example.com", YesMatch},
		{"*.example.com/*", "example.com", NoMatch},
		{"https://WWW.example.com/api/*", "www.example.com", YesMatch},
		{"www.example.com:8443/*", "www.example.com", MaybeMatch},
		{"example.com*", "example.com", MaybeMatch},
		{"ftp://example.com/*", "example.com", MaybeMatch},
		{"example.com", "example.com", YesMatch},
		{"example.org/*", "example.com", NoMatch},
	} {
		if got := (&PageRule{Target: c.target}).Takes(c.host); got != c.want {
			t.Errorf("%q takes %s: %v, want %v", c.target, c.host, got, c.want)
		}
	}
}

func TestPageRulesFor(t *testing.T) {
	ssl := func(r *PageRule) bool { return r.SSLMode != "" }
	rule := func(id, target string, prio int, mode string) *PageRule {
		return &PageRule{ID: id, Target: target, Priority: prio, SSLMode: mode, Enabled: true}
	}
	for _, c := range []struct {
		name  string
		rules []*PageRule
		sure  string
		rest  Match
	}{
		{"none", nil, "", YesMatch},
		{"whole host", []*PageRule{rule("a", "example.com/*", 1, "flexible")}, "a", NoMatch},
		{"one path", []*PageRule{rule("a", "example.com/api/*", 1, "flexible")}, "a", YesMatch},
		{"other host", []*PageRule{rule("a", "shop.example.com/*", 1, "flexible")}, "", YesMatch},
		{"shadowed by a rule without ssl", []*PageRule{rule("a", "example.com/*", 1, "flexible"), rule("b", "example.com/*", 2, "")}, "", YesMatch},
		{"after a partial rule", []*PageRule{rule("a", "example.com/*", 1, "flexible"), rule("b", "example.com/api/*", 2, "")}, "", YesMatch},
		{"after a partial rule with ssl", []*PageRule{rule("a", "example.com/*", 1, "flexible"), rule("b", "example.com/api/*", 2, "full")}, "b", NoMatch},
		{"scheme only", []*PageRule{rule("a", "http://example.com/*", 1, "flexible")}, "a", MaybeMatch},
		{"same priority", []*PageRule{rule("a", "example.com/*", 1, "flexible"), rule("b", "example.com/x*", 1, "full")}, "", MaybeMatch},
		{"disabled", []*PageRule{{ID: "a", Target: "example.com/*", SSLMode: "off"}}, "", YesMatch},
	} {
		e := &Edge{PageRules: c.rules}
		got := e.PageRulesFor("example.com", ssl)
		var ids []string
		for _, r := range got.Sure {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != c.sure || got.Rest != c.rest {
			t.Errorf("%s: sure %v rest %v, want %q %v", c.name, ids, got.Rest, c.sure, c.rest)
		}
	}
	e := &Edge{PageRulesUnread: true}
	if got := e.PageRulesFor("example.com", ssl); got.Rest != MaybeMatch || len(got.Sure) > 0 {
		t.Errorf("unread page rules: %+v", got)
	}
}

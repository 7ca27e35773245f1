package fingerprint

import (
	"os"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestOf(t *testing.T) {
	a := Of("EL4001", "a.conf", "  proxy_read_timeout   5s; ", "upstream defined at nginx.conf:40:9")
	if b := Of("EL4001", "a.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:52:9"); a != b {
		t.Error("whitespace or a position in the message changed the fingerprint")
	}
	for _, other := range []string{
		Of("EL4002", "a.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "b.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "a.conf", "proxy_read_timeout 6s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "a.conf", "proxy_read_timeout 5s;", "upstream defined elsewhere"),
	} {
		if other == a {
			t.Error("different findings share a fingerprint")
		}
	}
}

// Fingerprints are recorded in users' baselines: a finding outside a
// Terraform module must keep the value it had before module instances
// were part of fingerprints (these were computed by that code), through
// For as through Of.
func TestStableOutsideModules(t *testing.T) {
	wd, err := os.Getwd() // files are keyed relative to it
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    lint.Finding
		line string
		want string
	}{
		{lint.Finding{RuleID: "EL4001", Pos: lint.At("sites-enabled/app.conf", 12, 5),
			Message: "proxy_read_timeout 5s is shorter than 30s: slow responses end in 504"},
			"    proxy_read_timeout 5s;", "bd0b55c9997fda6ad31ee4130f97736d"},
		{lint.Finding{RuleID: "EL4201", Pos: lint.AtResource("cloudflare:zone/example.com/settings/proxy_read_timeout"), Message: "m"},
			"", "3d0fa3675a1abdd275b5fe1b2c5317ed"},
		// a root module's resource: a file and a resource, no module
		{lint.Finding{RuleID: "EL1201", Pos: lint.At("infra/main.tf", 29, 1).WithResource("cloudflare:zone/example.net/dns_records/example.net"),
			Message: "proxied A record example.net points at 10.0.8.20"},
			`resource "cloudflare_record" "apex" {`, "3187bbcac4d9036771184b4951aba84b"},
	} {
		if got := For(c.f, wd, c.line); got != c.want {
			t.Errorf("%s at %s: fingerprint %s, recorded baselines hold %s", c.f.RuleID, c.f.Pos, got, c.want)
		}
	}
}

// Two instances of one module that break the same way stand at the same
// line with the same message: the instance tells them apart, and a
// finding in an instance is not the root module's finding at that line.
func TestModuleInstances(t *testing.T) {
	at := func(module string) lint.Finding {
		return lint.Finding{RuleID: "EL1301", Message: "SSL mode flexible …",
			Pos: lint.At("modules/site/main.tf", 23, 5).WithModule(module)}
	}
	line := "    ssl = var.ssl"
	shop, blog, root := For(at(`module.site["shop"]`), "/work", line), For(at(`module.site["blog"]`), "/work", line), For(at(""), "/work", line)
	if shop == blog || shop == root || blog == root {
		t.Errorf("instances share a fingerprint: shop %s, blog %s, outside a module %s", shop, blog, root)
	}
	if again := For(at(`module.site["shop"]`), "/work", "ssl   =  var.ssl"); again != shop {
		t.Error("one instance's fingerprint changed with the line's whitespace")
	}
}

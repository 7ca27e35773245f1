package timeouts

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// A custom floor replaces the 10s default; an empty ignore list reports
// health locations too.
func TestCustomFloor(t *testing.T) {
	opts := ruletest.Options{Rule: &ShortOptions{Floor: 30 * time.Second}}
	t.Run("read", func(t *testing.T) {
		ruletest.RunCase(t, ReadTimeoutShort, filepath.Join("testdata", "options", "floor-30s-read.conf"), opts)
	})
	t.Run("send", func(t *testing.T) {
		ruletest.RunCase(t, SendTimeoutShort, filepath.Join("testdata", "options", "floor-30s-send.conf"), opts)
	})
}

func TestCustomConnectMax(t *testing.T) {
	ruletest.RunCase(t, ConnectTimeoutNoEffect, filepath.Join("testdata", "options", "connect-max-10s.conf"),
		ruletest.Options{Rule: &ConnectOptions{Max: 10 * time.Second}})
}

// A malformed ignore pattern is an error of the rule's configuration, not
// a silent pass.
func TestBadIgnorePattern(t *testing.T) {
	_, errs := ruletest.Check(ReadTimeoutShort, []string{filepath.Join("testdata", "options", "floor-30s-read.conf")},
		ruletest.Options{Rule: &ShortOptions{Floor: 10 * time.Second, IgnoreLocations: []string{"("}}})
	if len(errs) == 0 {
		t.Fatal("want an error for the invalid ignore-locations pattern")
	}
}

func TestDefaultIgnoreLocations(t *testing.T) {
	res, err := compileAll(DefaultIgnoreLocations)
	if err != nil {
		t.Fatal(err)
	}
	for match, want := range map[string]bool{
		"= /healthz": true, "/health": true, "/api/v1/status": true, "~ ^/metrics$": true, "/readyz": true,
		"@healthcheck": true, "@health": true, "@backend_health": true, "@status-page": true, "@ping": true,
		"/php_status": true, "~ ^/phpstatus$": true, "~ ^/(fpm-status|fpm-ping)$": true, "~ ^/(status|ping)$": true,
		"/nginx_status": true, "~ /(stub_status|nginx_status)": true, "/server-status": true, "= /_healthcheck": true,
		"~ ^/\\.healthz$": true, "/.well-known/healthz": true, "/HealthCheck": true, "/heartbeat": true,
		"~ /fpm/status/(.*)": true, "/healthcheck.php": true, "/health_check": true, "/actuator/health/liveness": true,
		"/": false, "/api/": false, "/statusboard-reports": false, "/pingpong-game": false, "/shealth": false,
		"@app": false, "@proxy_to_app": false, "@shipping": false, "@mapping": false, "@upstream_request_unbuffered": false,
		"~ ^/status-updates(/|$)": false, "/order_status": false, "~ ^/livewire-[a-f0-9]+/": false,
		"~ ^\\/(?:index|remote|public|cron|status|ocs\\/v[12])\\.php(?:$|\\/)": false, "~ (index|get|static|report|404|503|health_check)\\.php$": false,
	} {
		if got := matchesAny(res, match); got != want {
			t.Errorf("location %q ignored = %v, want %v", match, got, want)
		}
	}
}

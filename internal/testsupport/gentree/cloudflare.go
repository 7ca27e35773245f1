package gentree

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
)

// cloudflare writes cloudflare/snapshot.json: an `edgelint dump
// cloudflare` snapshot with one zone per domain of the tree's hosts and a
// proxied record for every enabled site (and its www name), so the
// cross-layer rules have a CDN layer in front of the whole estate.
func (g *gen) cloudflare() {
	type obj = map[string]any
	zones := map[string][]obj{}
	var order []string
	for _, h := range g.hosts {
		zone := zoneOf(h)
		if _, ok := zones[zone]; !ok {
			order = append(order, zone)
		}
		zones[zone] = append(zones[zone],
			obj{"id": id("rec", h), "type": "A", "name": h, "content": originIP(len(zones[zone])), "proxiable": true, "proxied": true, "ttl": 1},
			obj{"id": id("rec", "www."+h), "type": "CNAME", "name": "www." + h, "content": h, "proxiable": true, "proxied": true, "ttl": 1},
		)
		g.tree.Records += 2
	}
	modified := "2026-01-05T10:00:00Z"
	var zs []obj
	for _, zone := range order {
		zs = append(zs, obj{
			"zone": obj{"id": id("zone", zone), "name": zone, "status": "active", "paused": false,
				"account": obj{"id": id("account", "estate"), "name": "Estate"}, "plan": obj{"name": "Business Website"}},
			// the origins listen on port 80 only: flexible is the SSL mode
			// that matches them
			"settings": []obj{
				{"id": "ssl", "value": "flexible", "editable": true, "modified_on": modified},
				{"id": "always_use_https", "value": "off", "editable": true, "modified_on": nil},
				{"id": "min_tls_version", "value": "1.2", "editable": true, "modified_on": modified},
			},
			"dns_records":    zones[zone],
			"load_balancers": []obj{},
		})
	}
	snap := obj{
		"format":  "edgelint-cloudflare-snapshot",
		"version": 1,
		"ips": obj{
			"ipv4_cidrs": []string{"173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22",
				"141.101.64.0/18", "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20", "197.234.240.0/22",
				"198.41.128.0/17", "162.158.0.0/15", "104.16.0.0/13", "104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22"},
			"ipv6_cidrs": []string{"2400:cb00::/32", "2606:4700::/32", "2803:f800::/32", "2405:b500::/32",
				"2405:8100::/32", "2a06:98c0::/29", "2c0f:f248::/32"},
		},
		"zones": zs,
	}
	data, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		panic(err) // only maps, slices and strings: cannot fail
	}
	g.file("cloudflare/snapshot.json", false).Write(append(data, '\n'))
}

// zoneOf is the registrable part of a generated host name: the name
// without its first label.
func zoneOf(host string) string {
	_, zone, _ := strings.Cut(host, ".")
	return zone
}

// originIP spreads records over a documentation range (TEST-NET-3): the
// snapshot describes origins, nothing ever connects to them.
func originIP(i int) string {
	return "203.0.113." + strconv.Itoa(10+i%200)
}

// id is a stable 32-hex-digit identifier, the shape of Cloudflare's.
func id(kind, name string) string {
	sum := sha256.Sum256([]byte(kind + ":" + name))
	return hex.EncodeToString(sum[:16])
}

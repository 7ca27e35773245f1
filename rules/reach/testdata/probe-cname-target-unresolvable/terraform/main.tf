resource "cloudflare_zone" "main" {
  account_id = "a1"
  zone       = "example.com"
}

resource "cloudflare_record" "shop" { # want "proxied CNAME shop.example.com points at gone.example.net, which does not resolve"
  zone_id = cloudflare_zone.main.id
  name    = "shop"
  type    = "CNAME"
  value   = "gone.example.net"
  proxied = true
}

resource "cloudflare_record" "ok" {
  zone_id = cloudflare_zone.main.id
  name    = "ok"
  type    = "CNAME"
  value   = "origin.example.net"
  proxied = true
}

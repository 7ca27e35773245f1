resource "cloudflare_zone" "main" {
  account = { id = "01a7362d577a6c3019a474fd6f485823" }
  name    = "example.com"
}

resource "cloudflare_dns_record" "apex" {
  zone_id = cloudflare_zone.main.id
  name    = "example.com"
  type    = "A"
  content = "203.0.113.10"
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www.example.com"
  type    = "A"
  content = "203.0.113.10"
  proxied = true
  ttl     = 1
}

resource "cloudflare_universal_ssl_setting" "main" {
  zone_id = cloudflare_zone.main.id
  enabled = false
}


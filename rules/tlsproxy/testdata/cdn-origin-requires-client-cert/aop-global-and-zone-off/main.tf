resource "cloudflare_zone" "main" {
  account = { id = "a1" }
  name    = "example.com"
}

resource "cloudflare_zone_setting" "ssl" {
  zone_id    = cloudflare_zone.main.id
  setting_id = "ssl"
  value      = "strict"
}

resource "cloudflare_dns_record" "app" {
  zone_id = cloudflare_zone.main.id
  name    = "app"
  type    = "A"
  content = "198.51.100.10"
  proxied = true
  ttl     = 1
}

# Global AOP on (Cloudflare's certificate); zone-level AOP (own
# certificate) off: Cloudflare still presents the global certificate.
resource "cloudflare_zone_setting" "aop" {
  zone_id    = cloudflare_zone.main.id
  setting_id = "tls_client_auth"
  value      = "on"
}

resource "cloudflare_authenticated_origin_pulls_settings" "zone" {
  zone_id = cloudflare_zone.main.id
  enabled = false
}

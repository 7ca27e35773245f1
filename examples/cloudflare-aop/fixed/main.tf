# broken/main.tf fixed: Authenticated Origin Pulls is on, so Cloudflare
# presents its origin-pull certificate to the nginx in origin/.

resource "cloudflare_zone" "shop" {
  account = { id = "01a7362d577a6c3019a474fd6f485823" }
  name    = "example.com"
}

resource "cloudflare_zone_setting" "ssl" {
  zone_id    = cloudflare_zone.shop.id
  setting_id = "ssl"
  value      = "strict"
}

resource "cloudflare_dns_record" "shop" {
  zone_id = cloudflare_zone.shop.id
  name    = "shop"
  type    = "A"
  content = "203.0.113.40"
  proxied = true
  ttl     = 1
}

resource "cloudflare_zone_setting" "aop" {
  zone_id    = cloudflare_zone.shop.id
  setting_id = "tls_client_auth"
  value      = "on"
}

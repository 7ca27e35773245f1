# A zone managed in Terraform (cloudflare provider v5) in front of the
# nginx in origin/, which accepts only connections that present
# Cloudflare's Authenticated Origin Pulls certificate. The zone never
# turned AOP on: Cloudflare connects without a client certificate and
# nginx answers every request with 400 "No required SSL certificate was
# sent" (EL7302). fixed/ turns AOP on.

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

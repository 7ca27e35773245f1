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

# A page rule whose SSL mode comes from a variable without a value: what it
# does is known only after a plan, so the zone's page rules are unread.
variable "app_ssl" {
  type = string
}

resource "cloudflare_page_rule" "app" {
  zone_id  = cloudflare_zone.main.id
  target   = "app.example.com/*"
  priority = 1
  actions = {
    ssl = var.app_ssl
  }
}

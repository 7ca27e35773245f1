resource "cloudflare_zone" "main" {
  zone = "example.com"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl = "full"
  }
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www"
  type    = "A"
  content = "203.0.113.10"
  proxied = true
}

resource "cloudflare_page_rule" "flex" {
  zone_id = cloudflare_zone.main.id
  target  = "www.example.com/*"
  actions {
    ssl = "flexible"
  }
}

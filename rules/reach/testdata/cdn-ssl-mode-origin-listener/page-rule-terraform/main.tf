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

resource "cloudflare_page_rule" "legacy" { # want "^page rule cloudflare_page_rule.legacy \(www.example.com/legacy/\*\)'s SSL mode flexible makes Cloudflare connect to the origin on port 80"
  zone_id  = cloudflare_zone.main.id
  target   = "www.example.com/legacy/*"
  priority = 2
  actions {
    ssl = "flexible"
  }
}

resource "cloudflare_page_rule" "api" {
  zone_id  = cloudflare_zone.main.id
  target   = "www.example.com/api/*"
  priority = 1
  status   = "disabled"
  actions {
    ssl = "off"
  }
}

# A zone with its apex and www proxied to one origin.

variable "zone" {
  type = string
}

variable "origin" {
  type = string
}

variable "ssl" {
  type    = string
  default = "strict"
}

resource "cloudflare_zone" "this" {
  zone = var.zone
}

resource "cloudflare_zone_settings_override" "this" {
  zone_id = cloudflare_zone.this.id
  settings {
    ssl                = var.ssl
    always_use_https   = "on"
    proxy_read_timeout = 100
  }
}

resource "cloudflare_record" "apex" {
  zone_id = cloudflare_zone.this.id
  name    = "@"
  type    = "A"
  content = var.origin
  proxied = true
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.this.id
  name    = "www"
  type    = "CNAME"
  content = var.zone
  proxied = true
}

output "zone_id" {
  value = cloudflare_zone.this.id
}

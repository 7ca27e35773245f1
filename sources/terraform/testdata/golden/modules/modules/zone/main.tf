variable "name" {
  type = string
}

variable "ssl" {
  type    = string
  default = "full"
}

variable "origin" {
  type = string
}

variable "ttl" {
  type    = number
  default = 1
}

resource "cloudflare_zone" "this" {
  zone = var.name
}

resource "cloudflare_zone_settings_override" "this" {
  zone_id = cloudflare_zone.this.id
  settings {
    ssl = var.ssl
  }
}

resource "cloudflare_record" "apex" {
  zone_id = cloudflare_zone.this.id
  name    = "@"
  type    = "A"
  content = var.origin
  ttl     = var.ttl
  proxied = true
}

output "zone_id" {
  value = cloudflare_zone.this.id
}

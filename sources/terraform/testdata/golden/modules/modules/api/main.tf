variable "zone_id" {
  type = string
}

variable "target" {
  type = string
}

resource "cloudflare_record" "api" {
  zone_id = var.zone_id
  name    = "api"
  type    = "CNAME"
  content = var.target
  proxied = true
}

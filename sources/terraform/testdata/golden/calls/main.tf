# A zone the module creates, and a module it calls with the zone's ID:
# the child may declare records, load balancers and settings of the zone,
# so a name missing here is no proof (load balancers and settings unread).

resource "cloudflare_zone" "main" {
  zone = "example.com"
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www"
  type    = "CNAME"
  value   = "app.example.com"
  proxied = true
}

module "dns" {
  source  = "./dns"
  zone_id = cloudflare_zone.main.id
}

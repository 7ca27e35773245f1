# A zone the module creates, and a module it calls with the zone's ID
# from a source that is not read (git): the child may declare records,
# load balancers and settings of the zone, so a name missing here is no
# proof (load balancers and settings unread).

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
  source  = "git::https://git.example.com/dns.git"
  zone_id = cloudflare_zone.main.id
}

package sources

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/apache"
	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/cloudflared"
	"github.com/edgelint/edgelint/sources/compose"
	"github.com/edgelint/edgelint/sources/fpm"
	"github.com/edgelint/edgelint/sources/gunicorn"
	"github.com/edgelint/edgelint/sources/mycnf"
	"github.com/edgelint/edgelint/sources/nginx"
	"github.com/edgelint/edgelint/sources/postgres"
	"github.com/edgelint/edgelint/sources/terraform"
	"github.com/edgelint/edgelint/sources/uwsgi"
)

// adapters lists the source kinds in the order ties are broken. PHP-FPM
// comes before Apache, whose sniffer counts a pool's "listen = 9000" as
// its Listen directive: a file of "key = value" lines full of php-fpm's
// keys is never Apache's.
var adapters = []Adapter{
	{Kind: lint.Nginx, Sniff: nginx.Sniff, Load: nginx.Load},
	{Kind: lint.PHPFPM, Sniff: fpm.Sniff, Load: fpm.Load},
	{Kind: lint.UWSGI, Sniff: uwsgi.Sniff, Load: uwsgi.Load},
	{Kind: lint.Gunicorn, Sniff: gunicorn.Sniff, Load: gunicorn.Load},
	{Kind: lint.MySQL, Sniff: mycnf.Sniff, Load: mycnf.Load},
	{Kind: lint.PostgreSQL, Sniff: postgres.SniffConf, Load: postgres.LoadConf},
	{Kind: lint.PgBouncer, Sniff: postgres.SniffBouncer, Load: postgres.LoadBouncer},
	{Kind: lint.Apache, Sniff: apache.Sniff, Load: apache.Load},
	{Kind: lint.Cloudflare, Sniff: cloudflare.Sniff, Load: cloudflare.Load},
	{Kind: lint.Cloudflared, Sniff: cloudflared.Sniff, Load: cloudflared.Load},
	{Kind: lint.Compose, Sniff: compose.Sniff, Load: compose.Load},
	// A .tf file stands for its directory's module: Load reads the
	// directory, once (see Load's loop).
	{Kind: lint.Terraform, Sniff: terraform.Sniff, Load: terraform.Load},
}

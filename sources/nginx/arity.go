package nginx

import (
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// arity is how many arguments a directive takes (ngx_command_t's
// NGX_CONF_NOARGS, TAKE1..TAKE7, TAKE12, 1MORE, 2MORE, FLAG...): max < 0
// is unbounded. flag directives take "on" or "off" and nothing else.
type arity struct {
	min, max int
	flag     bool
}

// arities are the argument counts of nginx's own directives (nginx 1.22
// sources, each checked against the real nginx -t by
// TestArityAgainstNginx). A name that several modules define (return in
// http and stream, keepalive_timeout in http and upstream) has the union
// of their counts, so no context gets a false error. Third-party
// directives are not listed: their counts are not known.
var arities = func() map[string]arity {
	m := map[string]arity{}
	add := func(a arity, names string) {
		for _, n := range strings.Fields(names) {
			m[n] = a
		}
	}
	add(arity{0, 0, false}, `http events stream mail types internal break ip_hash least_conn
`)
	add(arity{1, 1, false}, `include proxy_pass fastcgi_pass uwsgi_pass scgi_pass grpc_pass memcached_pass
		root alias default_type charset upstream worker_processes worker_connections pid
		worker_rlimit_nofile use load_module env working_directory worker_priority timer_resolution
		worker_shutdown_timeout
		client_max_body_size client_body_buffer_size client_body_timeout client_header_timeout
		client_header_buffer_size send_timeout keepalive_requests keepalive_time
		lingering_close lingering_time lingering_timeout server_tokens
		types_hash_max_size types_hash_bucket_size server_names_hash_max_size server_names_hash_bucket_size
		variables_hash_max_size variables_hash_bucket_size map_hash_max_size map_hash_bucket_size
		proxy_read_timeout proxy_connect_timeout proxy_send_timeout proxy_http_version
		proxy_buffer_size proxy_busy_buffers_size proxy_max_temp_file_size proxy_temp_file_write_size
		proxy_hide_header proxy_pass_header proxy_method proxy_cache proxy_cache_key
		proxy_next_upstream_tries proxy_next_upstream_timeout proxy_ssl_name proxy_ssl_certificate
		proxy_ssl_certificate_key proxy_ssl_trusted_certificate proxy_ssl_ciphers proxy_ssl_verify_depth
		proxy_headers_hash_max_size proxy_headers_hash_bucket_size proxy_cache_lock_timeout
		proxy_cache_min_uses proxy_timeout proxy_responses
		fastcgi_read_timeout fastcgi_connect_timeout fastcgi_send_timeout fastcgi_index
		fastcgi_split_path_info fastcgi_buffer_size fastcgi_busy_buffers_size fastcgi_hide_header
		fastcgi_pass_header fastcgi_cache fastcgi_cache_key
		uwsgi_read_timeout uwsgi_connect_timeout uwsgi_send_timeout uwsgi_buffer_size
		grpc_read_timeout grpc_connect_timeout grpc_send_timeout grpc_buffer_size
		scgi_read_timeout
		resolver_timeout allow deny auth_basic auth_basic_user_file
		ssl_certificate ssl_certificate_key ssl_ciphers ssl_dhparam ssl_ecdh_curve ssl_session_timeout
		ssl_trusted_certificate ssl_client_certificate ssl_verify_client ssl_verify_depth
		ssl_buffer_size ssl_password_file ssl_session_ticket_key ssl_crl ssl_stapling_file
		ssl_stapling_responder
		gzip_comp_level gzip_min_length gzip_http_version
		real_ip_header set_real_ip_from
		limit_rate limit_rate_after limit_req_status limit_conn_status limit_req_log_level
		limit_conn_log_level
		satisfy directio aio postpone_output if_modified_since max_ranges
		sendfile_max_chunk
		keepalive mirror


		connection_pool_size request_pool_size
`)
	add(arity{2, 2, false}, `proxy_set_header proxy_buffers fastcgi_buffers uwsgi_buffers grpc_set_header
		set map split_clients limit_conn limit_conn_zone gzip_buffers large_client_header_buffers
		output_buffers sub_filter`)
	add(arity{1, 2, false}, `location geo return expires keepalive_timeout proxy_redirect proxy_cookie_path
		proxy_cookie_domain ssl_session_cache hash zone open_file_cache user
		proxy_bind fastcgi_bind keepalive_disable`)
	add(arity{2, 3, false}, `add_header add_trailer rewrite fastcgi_param uwsgi_param scgi_param`)
	add(arity{1, 3, false}, `limit_req`)
	add(arity{1, 4, false}, `proxy_temp_path client_body_temp_path fastcgi_temp_path`)
	add(arity{1, -1, false}, `server_name index listen access_log error_log resolver ssl_protocols
		gzip_types gzip_proxied gzip_disable proxy_next_upstream proxy_ignore_headers proxy_cache_valid
		proxy_cache_use_stale proxy_cache_bypass proxy_no_cache proxy_cache_methods proxy_ssl_protocols
		fastcgi_next_upstream fastcgi_cache_valid fastcgi_ignore_headers
		limit_except valid_referers worker_cpu_affinity if ssi_types sub_filter_types`)
	add(arity{2, -1, false}, `error_page try_files log_format proxy_cache_path fastcgi_cache_path`)
	add(arity{1, 1, true}, `gzip gzip_vary sendfile tcp_nopush tcp_nodelay
		proxy_buffering proxy_request_buffering proxy_intercept_errors proxy_pass_request_headers
		proxy_pass_request_body proxy_ssl_server_name proxy_ssl_verify proxy_ssl_session_reuse
		proxy_cache_lock proxy_cache_revalidate proxy_socket_keepalive
		fastcgi_intercept_errors fastcgi_buffering fastcgi_keep_conn fastcgi_request_buffering
		uwsgi_buffering grpc_ssl_server_name
		multi_accept accept_mutex daemon master_process
		ssl_prefer_server_ciphers ssl_session_tickets ssl_stapling ssl_stapling_verify ssl_early_data
		autoindex autoindex_exact_size autoindex_localtime real_ip_recursive
		absolute_redirect port_in_redirect server_name_in_redirect recursive_error_pages
		chunked_transfer_encoding underscores_in_headers ignore_invalid_headers merge_slashes
		reset_timedout_connection log_not_found etag msie_padding rewrite_log uninitialized_variable_warn
		sub_filter_once ssi http2_push_preload proxy_protocol ssl_preread proxy_ssl
		open_file_cache_errors`)
	return m
}()

// checkArity reports nginx's "invalid number of arguments" (and, for an
// on/off directive, "invalid value") for the directives in arities. A
// "server" is a block without arguments, or upstream's address with some;
// upstream's keepalive_timeout takes one time, http's a second for the
// Keep-Alive header.
func checkArity(s *Stmt, parentName string) *lint.LoadError {
	a, ok := arities[s.Name]
	if s.Name == "keepalive_timeout" && parentName == "upstream" {
		a = arity{1, 1, false}
	}
	if s.Name == "server" {
		a, ok = arity{0, 0, false}, true
		if !s.Block {
			a = arity{1, -1, false}
		}
	}
	if !ok || s.Lua {
		return nil
	}
	n := len(s.Args)
	if n < a.min || a.max >= 0 && n > a.max {
		e := lint.Errorf(s.errPos(), "invalid number of arguments in %q directive", s.Name)
		return &e
	}
	if a.flag && !strings.EqualFold(s.Args[0], "on") && !strings.EqualFold(s.Args[0], "off") {
		e := lint.Errorf(s.errPos(), "invalid value %q in %q directive, it must be \"on\" or \"off\"", s.Args[0], s.Name)
		return &e
	}
	return nil
}

// CountsArguments reports whether the adapter checks name's argument
// count: nginx -t's "invalid number of arguments" for another directive
// (a third-party one) is not the loader's to repeat.
func CountsArguments(name string) bool {
	_, ok := arities[name]
	return ok || name == "server"
}

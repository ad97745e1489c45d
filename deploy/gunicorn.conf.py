"""gunicorn settings for production (`gunicorn -c deploy/gunicorn.conf.py pace_site.wsgi`).

The drills serve the site with this same file."""

import gc
import os

bind = os.environ.get("PACE_BIND", "127.0.0.1:8000")
# Sync workers: two per core is a good start on a small server.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# Longer than any page takes; the proxy's own timeout is a little longer still (nginx.conf).
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never builds up.
max_requests = 2000
max_requests_jitter = 200
# Only the proxy on this machine may say the request came over HTTPS.
forwarded_allow_ips = "127.0.0.1"
# The proxy keeps the access log (with paths redacted, see nginx.conf); the app's own log
# lines go to stderr, one JSON object each.
accesslog = None
errorlog = "-"
loglevel = "warning"
limit_request_line = 8190


def post_worker_init(worker):
    """The app is loaded: keep what it made at start (models, URL patterns, settings) out of
    the garbage collector's full collections, which otherwise walk all of it now and then in
    the middle of a request."""
    gc.freeze()

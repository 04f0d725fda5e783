"""gunicorn settings. Issue #8 tunes these by measurement; the bound is written down here.

Database connections held by one instance (persistent connections, one per thread):
    workers x threads = WEB_CONCURRENCY x GUNICORN_THREADS (default 2 x 4 = 8 on 2 cores)
"""

import multiprocessing
import os

_port = os.environ.get("PORT", "8000")
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_port}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# Request line and header limits (bodies are limited by gymintel.middleware).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

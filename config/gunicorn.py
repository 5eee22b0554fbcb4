"""gunicorn's settings for Jisr: `gunicorn -c config/gunicorn.py config.wsgi:application` (docs/deploy.md).

Options given on the command line override these (e.g. `--workers 4 --bind 0.0.0.0:8000`).
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# gunicorn closes an idle kept-alive connection after 2 s by default. A client (a browser, a proxy's
# upstream pool, locust) that sends its next request on it at that moment gets "connection reset" and,
# for a POST, cannot retry: 3 % of the soak's requests failed so. Idle connections cost a gthread
# worker no thread, so keep them longer than any client or proxy in front keeps them (nginx: 60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

#!/usr/bin/env bash
# A release, run on the server from the checkout as the app's user, after `git pull`:
# install, migrate, collect static files, check, then restart the services one kind at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; . /etc/pace/environment; set +a
.venv/bin/pip install --quiet -e .
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput
.venv/bin/python manage.py check --deploy --fail-level WARNING
sudo systemctl reload pace-web          # gunicorn replaces its workers without dropping requests
sudo systemctl restart 'pace-worker@*' pace-beat

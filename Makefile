# Two commands: `make run` serves the demo on the embedded default; `make test` runs every test.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast screens lint format typecheck bench drill audit install clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) scripts/run_tests.py $(PYTEST_ARGS)

# Every page of every role at 390 and 1280 px in Chromium: axe, a full-page screenshot each
# (var/screenshots/screens/), then contact sheets to look through (var/screenshots/sheets/).
# Not part of `make test`.
screens: $(STAMP)
	$(PY) scripts/run_tests.py -m screens $(PYTEST_ARGS); status=$$?; \
	$(PY) scripts/screens.py && exit $$status

# The pure and database tests: no Chromium, no Celery worker, no other program started (the
# embedded site, gunicorn, the HTML checker). Without browsers and workers to
# wait on, two processes keep two cores busier than three (2 min 18 s against 2 min 53 s here).
FAST_WORKERS ?= 2
test-fast: $(STAMP)
	$(PY) scripts/run_tests.py -n $(FAST_WORKERS) -m "not browser and not integration and not processes" $(PYTEST_ARGS)

lint: $(STAMP) typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# Rewrites code and templates into the house format (what `lint` checks).
format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

# mypy with django-stubs over the platform and the apps' services. The platform lives in
# site/ but is imported as pace_site, so mypy reads it through a link under var/.
typecheck: $(STAMP)
	@mkdir -p var/typecheck && ln -sfn ../../site var/typecheck/pace_site
	$(VENV)/bin/mypy -p pace_site -p participation.services -p befriending.services -p events.services -p support_line.services

bench: $(STAMP)
	$(PY) scripts/bench.py

# Reliability drills: `make drill`, or one with `make drill SCENARIO=restore`.
drill: $(STAMP)
	$(PY) scripts/drill.py $(SCENARIO)

# Lighthouse (mobile) over every indexable public page of the demo site, DEBUG off: fails below
# 100 for accessibility, best practices and SEO, or 95 for performance. Not part of `make test`.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := var/lighthouse/node_modules/lighthouse/cli/index.js
$(LIGHTHOUSE):
	mkdir -p var/lighthouse
	cd var/lighthouse && npm install --save-exact --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)

audit: $(STAMP) $(LIGHTHOUSE)
	CHROME_PATH=/usr/bin/chromium $(PY) scripts/audit.py

clean:
	rm -rf $(VENV) var

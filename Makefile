# Rencontres: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# The largest WebSocket frame the server accepts: a chat message of 4,000 characters in JSON,
# with room for multi-byte characters and the envelope. Per-message deflate is off: compressing
# each broadcast once per connection was the main CPU cost at 200 clients (p99 700 ms -> 52 ms).
WS_MAX_SIZE ?= 65536

.PHONY: run install install-site schema messages test test-unit test-browser bench lint format clean

# What the site needs to run (`make run`), then what tests and linting add (`make install`,
# `make test`): a newcomer's first `make run` does not wait for the browser-test driver.
# A line per stage, with how long it took: pip itself stays quiet for a minute.
$(VENV)/.installed-site: pyproject.toml
	@test -x $(PY) || { echo "Creating the virtual environment in $(VENV)..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the site's packages into $(VENV) (first run: under a minute)..."
	@start=$$(date +%s); $(PY) -m pip install --quiet --disable-pip-version-check -e . && \
		echo "  $$(ls -d $(VENV)/lib/python*/site-packages/*.dist-info | wc -l) packages, in $$(( $$(date +%s) - start )) s."
	@touch $@

$(VENV)/.installed: $(VENV)/.installed-site
	@echo "Adding the test and lint tools..."
	@start=$$(date +%s); $(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,dev]" && \
		echo "  $$(ls -d $(VENV)/lib/python*/site-packages/*.dist-info | wc -l) packages, in $$(( $$(date +%s) - start )) s."
	@touch $@

install-site: $(VENV)/.installed-site
install: $(VENV)/.installed

# Compiled catalogues are committed, so a machine without GNU gettext still gets translations;
# where msgfmt exists they are rebuilt from the .po files.
# Compiled only when a catalogue changed (a Django start costs seconds on every `make run`).
messages: install-site
	@stale=$$(for po in $$(find locales cms federation collaboration -name '*.po'); do \
		[ "$$po" -nt "$${po%.po}.mo" ] && echo "$$po"; done); \
	if [ -z "$$stale" ]; then :; \
	elif command -v msgfmt >/dev/null; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

# The public origin follows the port unless set: ActivityPub ids must name where the site answers.
# One worker per task lane (DEVELOPERS.md): an Accept or an e-mail never waits behind bulk work.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install-site messages
	@# Migrate, load the demo (idempotent), queue the remote groups' catch-up: one process.
	$(PY) manage.py prepare_demo_site
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Demo accounts: admin / admin (secretariat, superuser)"
	@echo "                 editor / editor (editor), member / member (member of a working group)"
	@echo "  Ctrl-C stops the site and its workers."
	@echo ""
	@# The workers start a few seconds after the web process: four Django start-ups at once on
	@# a laptop's cores would hold up the first page; tasks queued meanwhile simply wait.
	@# Ctrl-C reaches every process of the group: the shell waits while they stop gracefully.
	@# TERM, or the end of one of them, stops the others (the trap disarms itself first: a
	@# `kill 0` in a TERM trap signals the shell again, recursing until bash crashes).
	@trap 'trap - TERM EXIT; kill $$(jobs -p) 2>/dev/null; wait' TERM EXIT; trap wait INT; \
	(sleep 4; exec $(PY) manage.py db_worker --no-reload --queue-name realtime --interval 0.5) & \
	(sleep 4; exec $(PY) manage.py db_worker --no-reload --queue-name default) & \
	(sleep 5; exec $(PY) manage.py db_worker --no-reload --queue-name bulk) & \
	$(VENV)/bin/uvicorn cms.asgi:application --host $(HOST) --port $(PORT) \
		--ws-max-size $(WS_MAX_SIZE) --ws-per-message-deflate false \
		--proxy-headers --log-level warning & \
	wait

test: install messages
	bash tests/run_all.sh

test-unit: install
	$(PY) -m pytest -m "not browser" $(ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(ARGS)

bench: install
	$(PY) -m pytest tests/benchmarks -p no:randomly -s $(ARGS) || [ $$? -eq 5 ]

# The schema of a new SQLite database, loaded by `make run`'s first start instead of replaying
# every migration (cms/schema_snapshot.py): rerun after adding a migration.
schema: install-site
	$(PY) manage.py schema_snapshot

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm

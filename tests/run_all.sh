#!/usr/bin/env bash
# The whole suite: the server-side tests, each plugin installed alone into a bare Wagtail site
# (its own settings, so its own pytest process), then the browser tests in their own pytest
# process (Playwright's sync API and pytest-asyncio do not share one event loop).
# Arguments are pytest options (-x, -k ..., --co -q) passed to every run, not paths.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

# The real sites the end-to-end tests start are copies of databases migrated (and demo-loaded)
# once for the whole run, by whichever pytest process needs them first (tests/servers.py).
RENCONTRES_SITE_TEMPLATES="$(mktemp -d -t rencontres-templates-XXXXXX)"
export RENCONTRES_SITE_TEMPLATES
trap '$PY -c "from tests.servers import remove_templates; remove_templates()"' EXIT

# tests/plugins/conftest.py keeps the plugin sites out of this run (they need their settings).
# The tests that run in one process and leave the database as they found it run in two
# processes (pytest-xdist, a module per process: module fixtures stay shared; each its own test
# database); those that flush it (-m transactional, marked by tests/conftest.py) or start real
# servers (-m e2e) run after them, in one, so that no server waits for a core behind the other
# half of the suite and no flush empties rows a parallel test reads.
WORKERS="${TEST_WORKERS:-2}"
$PY -m pytest -m "not browser and not e2e and not transactional" --ignore=tests/benchmarks \
    --durations=15 -n "$WORKERS" --dist loadfile "$@"
unit=$?
$PY -m pytest -m "(e2e or transactional) and not browser" --ignore=tests/benchmarks \
    --durations=15 "$@"
e2e=$?
# 5 = no tests: the arguments selected none of one part.
if [ $e2e -eq 5 ] && [ $# -gt 0 ]; then e2e=0; fi
if [ $unit -eq 5 ] && [ $# -gt 0 ]; then unit=0; fi
[ $unit -eq 0 ] && unit=$e2e

# The plugin sites use DATABASE_URL's server (with their own test databases) and REDIS_URL
# when set, SQLite and the in-memory layer otherwise: their migrations and the chat must work
# on the production stack too.
plugins=0
for site in federation_site collaboration_site; do
    $PY -m pytest "tests/plugins/$site" --ds="tests.plugins.$site.settings" "$@"
    code=$?
    # 5 = no tests: a failure when the whole suite runs (a site's tests went missing), expected
    # only when the arguments select a part (-k, -m).
    if [ $code -eq 5 ] && [ $# -gt 0 ]; then code=0; fi
    echo "plugin site $site exit $code"
    [ $code -ne 0 ] && plugins=$code
done

DJANGO_ALLOW_ASYNC_UNSAFE=true $PY -m pytest -m browser --ignore=tests/benchmarks --durations=10 "$@"
browser=$?
# 5 = no browser tests collected: that is not a failure of the suite.
[ $browser -eq 5 ] && browser=0

echo "server-side tests exit $unit, plugin sites exit $plugins, browser tests exit $browser"
[ $unit -eq 0 ] && [ $plugins -eq 0 ] && [ $browser -eq 0 ]

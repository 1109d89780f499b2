#!/usr/bin/env bash
# The whole suite: the server-side tests, then the browser tests in their own pytest process
# (Playwright's sync API and pytest-asyncio do not share one event loop).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY -m pytest -m "not browser" --ignore=tests/benchmarks "$@"
unit=$?

DJANGO_ALLOW_ASYNC_UNSAFE=true $PY -m pytest -m browser --ignore=tests/benchmarks "$@"
browser=$?
# 5 = no browser tests collected: that is not a failure of the suite.
[ $browser -eq 5 ] && browser=0

echo "server-side tests exit $unit, browser tests exit $browser"
[ $unit -eq 0 ] && [ $browser -eq 0 ]

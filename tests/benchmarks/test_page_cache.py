"""`make bench`: anonymous page views per second of the demo site, from the page cache and
rendered, against a trivial view (/healthz) of the same process.

Two uvicorn processes serve the same demo database: one with the page cache on, one with it
off. Each is measured against its own /healthz in the same run, so the figures are ratios that
hold on a slower or faster machine.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.servers import free_port, start_site, wait_until_up

THREADS = 4
REQUESTS = 300
PATHS = ("/en/", "/en/news/", "/en/events/", "/fr/actualites/")


def rate(client, url, count=REQUESTS) -> float:
    """Requests per second for `count` GETs of `url` from THREADS threads (all must be 200)."""

    def get(_):
        return client.get(url).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(get, range(count)))
    elapsed = time.perf_counter() - started
    assert set(statuses) == {200}, (url, statuses[:5])
    return count / elapsed


@pytest.fixture(scope="module")
def webs(tmp_path_factory):
    site = start_site(
        tmp_path_factory.mktemp("page-cache-bench"),
        "pages",
        demo=True,
        worker=False,
        extra_env={"PAGE_CACHE_SECONDS": "300"},
    )
    try:
        port = free_port()
        cached_env = site.env
        site.env = dict(cached_env, PAGE_CACHE_SECONDS="0")
        proc = site.start_web(port, log_name="web-uncached")
        site.env = cached_env
        uncached = f"http://127.0.0.1:{port}"
        wait_until_up(uncached + "/healthz", proc)
        yield site.url, uncached
    finally:
        site.stop()


def test_anonymous_page_views_from_the_cache(webs):
    """An anonymous visitor's page view served from the cache costs less than half of what a
    rendered view costs, relative to a trivial request on the same server."""
    cached, uncached = webs
    # A client that keeps no cookies: an anonymous visitor's first view of each page.
    client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=THREADS))
    paths = [p for p in PATHS if client.get(cached + p).status_code == 200]
    assert paths, "the demo has none of the measured pages"
    print()
    print(f"page cache bench, {THREADS} concurrent anonymous clients, one uvicorn process each")
    for path in paths:
        for base in (cached, uncached):
            for _ in range(10):  # warm up: connections, templates, the stored copy
                client.get(base + path)
            client.cookies.clear()
        ref_cached = rate(client, cached + "/healthz")
        ref_uncached = rate(client, uncached + "/healthz")
        hit = rate(client, cached + path)
        miss = rate(client, uncached + path, count=REQUESTS // 3)
        print(
            f"  {path:18} cached {ref_cached / hit:5.2f}x /healthz   "
            f"rendered {ref_uncached / miss:6.2f}x /healthz   "
            f"cache speed-up {(hit / ref_cached) / (miss / ref_uncached):5.1f}x"
        )
        # Served from the cache a page costs little more than the trivial view.
        assert hit / ref_cached > 2 * (miss / ref_uncached)

"""Wagtail hooks of the site: its admin screens, and marking page views the page cache may keep."""

from wagtail import hooks

from cms import page_cache, wagtail_hooks_members  # noqa: F401

hooks.register("before_serve_page", page_cache.mark_cacheable)

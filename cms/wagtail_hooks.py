"""Wagtail hooks of the site: its admin screens, and marking page views the page cache may keep."""

from wagtail import hooks

from cms import admin_dashboard as dashboard_hooks  # noqa: F401 - the secretariat's dashboard
from cms import page_cache

# Wagtail discovers only the app root's wagtail_hooks: the members' area registers its admin
# (the "Network" snippets, applications, co-signatures; personal data) when imported here.
from cms.members import wagtail_hooks as members_hooks  # noqa: F401
from cms.privacy import wagtail_hooks as privacy_hooks  # noqa: F401
from cms.security import wagtail_hooks as security_hooks  # noqa: F401

hooks.register("before_serve_page", page_cache.mark_cacheable)

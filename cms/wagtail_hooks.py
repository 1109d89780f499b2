"""Wagtail admin hooks of the site."""

from cms import wagtail_hooks_members  # noqa: F401

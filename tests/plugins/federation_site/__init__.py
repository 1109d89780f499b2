"""A bare Wagtail site with `federation` alone: a page model that is published over ActivityPub."""

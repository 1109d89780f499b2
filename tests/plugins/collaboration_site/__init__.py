"""A bare Wagtail site with `collaboration` alone (no `federation`): groups and their live chat."""

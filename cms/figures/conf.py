"""Settings of the network in figures, read when used so that tests can override them."""

from django.conf import settings


def setting(name, default):
    return getattr(settings, f"FIGURES_{name}", default)


def min_respondents() -> int:
    """The privacy threshold: no published aggregate rests on fewer respondents than this
    (`FIGURES_MIN_RESPONDENTS`, 5 by default; never below 1)."""
    return max(1, int(setting("MIN_RESPONDENTS", 5)))

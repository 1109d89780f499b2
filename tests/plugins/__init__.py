"""Bare Wagtail sites that install one plugin each, without the network's site (`cms`)."""

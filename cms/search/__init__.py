"""Listings that visitors filter: a generic facet engine (`engine`), forgiving pagination, and
the configurations of the member directory, the best-practice database and the project list.

Empty on purpose: a page family imports its own configuration (or only the pagination), which
must not load the others.
"""

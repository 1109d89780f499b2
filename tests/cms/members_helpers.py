"""Builders and fixtures for the members' tests (directory, fees, projects, practices, statements).

Test modules import the fixtures they use from here, by name.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from cms.members import link_member_account
from cms.models import (
    DirectoryPage,
    FeeBand,
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
    ProjectIndexPage,
    ProjectPage,
    StatementPage,
    Theme,
)

_counter = itertools.count(1)


def make_theme(name):
    en = Locale.objects.get(language_code="en")
    theme, _created = Theme.objects.get_or_create(
        slug=name.lower().replace(" ", "-"), locale=en, defaults={"name": name}
    )
    return theme


def make_org(directory, title, *, kind="city", country="FR", membership="member", themes=(), **kw):
    n = next(_counter)
    page = OrganisationPage(
        title=title,
        slug=f"org-{n}",
        kind=kind,
        country=country,
        membership_status=membership,
        locale=directory.locale,
        **kw,
    )
    directory.add_child(instance=page)
    if themes:
        page.themes.set(themes)
        page.save()
    return page


def make_practice(index, title, *, country="FR", level="city", themes=(), budget="", **kw):
    n = next(_counter)
    page = PracticePage(
        title=title,
        slug=f"practice-{n}",
        country=country,
        level=level,
        budget_band=budget,
        summary=kw.pop("summary", f"Summary of {title}"),
        locale=index.locale,
        **kw,
    )
    index.add_child(instance=page)
    if themes:
        page.themes.set(themes)
        page.save()
    return page


def make_user(username, *, organisation=None, staff=False):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-secret-123"
    )
    if staff:
        user.is_staff = True
        user.is_superuser = True
        user.save()
    if organisation is not None:
        link_member_account(user, organisation)
    return user


@pytest.fixture
def directory(home):
    """A published member directory under the English home page."""
    page = DirectoryPage(title="Members", slug="members-directory", per_page=10)
    home.add_child(instance=page)
    return page


@pytest.fixture
def practice_index(home):
    page = PracticeIndexPage(title="Best practices", slug="practices", per_page=10)
    home.add_child(instance=page)
    return page


@pytest.fixture
def project_index(home):
    page = ProjectIndexPage(title="Projects", slug="projects")
    home.add_child(instance=page)
    return page


@pytest.fixture
def statement(home):
    page = StatementPage(
        title="The value of international cultural networks",
        slug="statement",
        body="<p>Networks matter.</p>",
    )
    home.add_child(instance=page)
    return page


@pytest.fixture
def themes(db):
    return {
        name: make_theme(name)
        for name in ("Heritage", "Urbanism", "Artistic education", "Rural cooperation")
    }


@pytest.fixture
def city_fee_bands(db):
    """Cities: under 50,000, 50,000 to 250,000, 250,000 to 1 million, over 1 million."""
    bands = [
        (0, 50_000, 600, 300),
        (50_000, 250_000, 1_200, 600),
        (250_000, 1_000_000, 2_500, 1_250),
        (1_000_000, None, 4_000, 2_000),
    ]
    for lo, hi, fee, assoc in bands:
        FeeBand.objects.create(
            kind="city", min_size=lo, max_size=hi, yearly_fee=fee, associate_fee=assoc
        )
    FeeBand.objects.create(kind="individual", min_size=0, max_size=None, yearly_fee=50)


__all__ = [
    "make_theme",
    "make_org",
    "make_practice",
    "make_user",
    "directory",
    "practice_index",
    "project_index",
    "statement",
    "themes",
    "city_fee_bands",
    "ProjectPage",
]

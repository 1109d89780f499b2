"""The demo's part of the network's own domain: themes, members, fee bands, projects, practices
and the joint statement (members.toml, projects.toml, practices.toml, statement.toml), in English
and translated into every configured language with wagtail-localize.

Idempotent: every record is looked up by a stable key (slug) before it is created.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from cms.demo.media import ensure_logo
from cms.demo.practices import build_practices
from cms.demo.publishing import ensure_child, target_locales, translate_page
from cms.demo.texts import DemoData, Strings
from cms.members import link_member_account
from cms.models import (
    DirectoryPage,
    FeeBand,
    OrganisationPage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
    StatementPage,
    StatementSignatory,
    Theme,
)
from cms.models.directory import organisation_initials


def _say(msg, stdout):
    if stdout is not None:
        stdout.write(msg)


def ensure_themes(strings, names):
    """The themes (members.toml's `themes`), by slug, in the default locale."""
    en = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    themes = {}
    for slug in names:
        name = strings.add(names.text(slug))
        themes[slug], _created = Theme.objects.get_or_create(
            slug=slug, locale=en, defaults={"name": name}
        )
    return themes


def translate_theme(theme, strings, locales):
    """A theme's name in each of `locales` (the translators' word, or the English one)."""
    existing = set(
        Theme.objects.filter(translation_key=theme.translation_key).values_list(
            "locale_id", flat=True
        )
    )
    for locale in locales:
        if locale.pk in existing:
            continue
        copy = theme.copy_for_translation(locale)
        copy.name = strings.get(theme.name, locale.language_code) or theme.name
        copy.save()


def _summary_kind(kind):
    if kind == "city":
        return "city"
    return "region" if kind in ("region", "county", "province") else "other"


def _organisation(directory, slug, logo, **fields):
    """The organisation `slug` of the directory (see ensure_child), created with a demo logo
    when `logo` is true: the logo is made only for a page being created."""
    existing = OrganisationPage.objects.child_of(directory).filter(slug=slug).first()
    if existing is not None:
        return existing
    if logo:
        name = fields["title"]
        fields["logo"] = ensure_logo(slug, name, organisation_initials(name))
    return ensure_child(directory, OrganisationPage, slug, **fields)


def build_directory(home, strings, members, themes):
    """The directory and its organisations (members, national networks, cultural centres and
    allied networks), by slug."""
    directory = ensure_child(
        home,
        DirectoryPage,
        members["index"]["slug"],
        show_in_menus=True,
        title=strings.add(members["index"].text("title")),
        intro=f"<p>{strings.add(members['index'].text('intro'))}</p>",
    )
    summaries = {key: strings.add(members["summaries"].text(key)) for key in members["summaries"]}
    orgs = {}
    for slug, org in members["organisations"].items():
        name, kind, size = org["name"], org["kind"], org.get("size")
        unit = "" if size is None else ("budget_eur" if kind == "institution" else "inhabitants")
        orgs[slug] = _organisation(
            directory,
            slug,
            org.get("logo", kind != "individual"),
            title=name,
            kind=kind,
            membership_status=org["membership"],
            country=org["country"],
            city_region=org["region"],
            size_figure=size,
            size_unit=unit,
            summary=summaries[_summary_kind(kind)],
            member_since=org.get("since"),
            themes=[themes[theme] for theme in org["themes"]],
            website=f"https://{slug}.example.org/",
            contact_name=f"Culture office of {name}",
            contact_email=f"culture@{slug}.example.org",
            contact_phone="+33 3 20 00 00 00",
        )
    for slug, network in members["national-networks"].items():
        orgs[slug] = _organisation(
            directory,
            slug,
            network.get("logo", True),
            title=network["name"],
            kind="national_network",
            membership_status="member",
            country=network["country"],
            size_figure=1_200_000,
            size_unit="budget_eur",
            summary=summaries["network"],
            themes=[themes[theme] for theme in network["themes"]],
            member_since=2013,
            contact_email=f"office@{slug}.example.org",
            contact_name="Network office",
        )
    for slug, centre in members["centres"].items():
        orgs[slug] = _organisation(
            directory,
            slug,
            centre.get("logo", True),
            title=centre["name"],
            kind="cultural_centre",
            membership_status="member",
            country=centre["country"],
            city_region=centre["city"],
            size_figure=450_000,
            size_unit="budget_eur",
            summary=summaries["centre"],
            national_network=orgs[centre["network"]],
            themes=[themes[theme] for theme in centre["themes"]],
            member_since=2018,
            contact_email=f"hello@{slug}.example.org",
            contact_name="Programme team",
        )
    for slug, network in members["allied"].items():
        orgs[slug] = _organisation(
            directory,
            slug,
            network.get("logo", True),
            title=network["name"],
            kind="allied_network",
            membership_status="none",
            country=network["country"],
            city_region=network["city"],
            summary=summaries["allied"],
            description=network.get("description", ""),
            website=f"https://{slug}.example.org/",
            contact_email=f"info@{slug}.example.org",
        )
    return directory, orgs


def build_fee_bands(members):
    if FeeBand.objects.exists():
        return
    FeeBand.objects.bulk_create(
        FeeBand(
            kind=kind,
            min_size=band["from"],
            max_size=band.get("to"),
            yearly_fee=band["fee"],
            associate_fee=band["associate"],
        )
        for kind, bands in members["fee-bands"].items()
        for band in bands
    )


def build_projects(home, strings, projects, themes, orgs):
    index = ensure_child(
        home,
        ProjectIndexPage,
        projects["index"]["slug"],
        show_in_menus=True,
        title=strings.add(projects["index"].text("title")),
        intro=f"<p>{strings.add(projects['index'].text('intro'))}</p>",
    )
    summary = strings.add(projects.text("summary"))
    for slug, project in projects["projects"].items():
        partners = project["partners"]
        ensure_child(
            index,
            ProjectPage,
            slug,
            title=strings.add(project.text("title")),
            status=project["status"],
            summary=summary,
            start_date=project["start"],
            end_date=project["end"],
            funding_programme=strings.add(project.name("programme")),
            countries=sorted({orgs[partner].country.code for partner in partners}),
            themes=[themes[theme] for theme in project["themes"]],
            children={
                "partners": [
                    ProjectPartner(
                        organisation=orgs[partner], is_lead=partner == project["lead"], sort_order=i
                    )
                    for i, partner in enumerate(partners)
                ]
            },
        )
    return index


def build_statement(home, strings, statement, signatories):
    """The joint statement, signed by `signatories` in order."""
    return ensure_child(
        home,
        StatementPage,
        statement["slug"],
        title=strings.add(statement.text("title")),
        intro=strings.add(statement.text("intro")),
        body=f"<p>{strings.add(statement.text('body'))}</p>",
        date=statement["date"],
        children={
            "signatories": [
                StatementSignatory(organisation=organisation, sort_order=i)
                for i, organisation in enumerate(signatories)
            ]
        },
    )


def ensure_member_accounts(orgs):
    """The demo account "member" acts for Lille."""
    user = get_user_model().objects.filter(username="member").first()
    if user is not None:
        link_member_account(user, orgs["lille"], role="Culture office")


def load_demo_members(home, stdout=None, languages=None, data=None):
    """Build the members' part of the demo under the English `home`, then translate it.

    `data`: the load's DemoData (the loader's report is then its caller's); by default the
    data files of `languages` (every configured one), reported here.
    """
    started = time.monotonic()
    locales = target_locales(home.locale, languages)
    own_data = data is None
    if own_data:
        data = DemoData([locale.language_code for locale in locales])
    members = data["members"]
    strings = Strings()
    themes = ensure_themes(strings, members["themes"])
    build_fee_bands(members)
    directory, orgs = build_directory(home, strings, members, themes)
    projects = build_projects(home, strings, data["projects"], themes, orgs)
    practices = build_practices(home, strings, data["practices"], themes, orgs, data.languages)
    allied = [orgs[slug] for slug in members["allied"]]
    statement = build_statement(home, strings, data["statement"], allied)
    ensure_member_accounts(orgs)

    for theme in themes.values():
        translate_theme(theme, strings, locales)
    count = 0
    for root in (directory, projects, practices, statement):
        for page in root.get_descendants(inclusive=True).order_by("path").specific():
            count += translate_page(page, strings, locales)
    if own_data:
        for line in data.report():
            _say(line, stdout)
    _say(
        f"Members' demo: {len(orgs)} organisations, {count} translations, in {time.monotonic() - started:.1f} s.",
        stdout,
    )
    return count

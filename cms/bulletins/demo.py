"""Demo content of cms_bulletins, built through the app's own verbs; running it twice changes nothing.

The archive with two issues already sent (in every language, their self-filling blocks showing
the demo's news, events, practices and members), the public list, and a few subscribers.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from cms.demo.publishing import ensure_child, translate_page
from cms.demo.texts import Strings

from .models import BulletinIndexPage, BulletinPage, Delivery, MailingList, Send, Subscriber

#: (address, language, state) of the demo's public subscribers.
SUBSCRIBERS = [
    ("reader@example.org", "en", Subscriber.State.CONFIRMED),
    ("lectrice@example.fr", "fr", Subscriber.State.CONFIRMED),
    ("leserin@example.de", "de", Subscriber.State.CONFIRMED),
    ("lector@example.es", "es", Subscriber.State.CONFIRMED),
    ("lettrice@example.it", "it", Subscriber.State.PENDING),
    ("czytelnik@example.pl", "pl", Subscriber.State.UNSUBSCRIBED),
]


def _rich(text):
    return f"<p>{text}</p>"


def _ensure_list(spec, strings, locales):
    en = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    name = strings.add(spec.text("name"))
    description = strings.add(spec.text("description"))
    source, _created = MailingList.objects.get_or_create(
        name=name, locale=en, defaults={"description": description}
    )
    existing = set(
        MailingList.objects.filter(translation_key=source.translation_key).values_list(
            "locale_id", flat=True
        )
    )
    for locale in locales:
        if locale.pk in existing:
            continue
        copy = source.copy_for_translation(locale)
        copy.name = strings.get(name, locale.language_code) or name
        copy.description = strings.get(description, locale.language_code) or description
        copy.save()
    return source


def _body(issue, strings):
    return [
        ("heading", strings.add(issue.text("heading"))),
        ("paragraph", _rich(strings.add(issue.text("paragraph")))),
        ("latest_news", {"mode": "auto", "count": 3, "title": "", "pages": []}),
        ("upcoming_events", {"mode": "auto", "count": 3, "title": "", "pages": []}),
        ("new_practices", {"mode": "auto", "count": 3, "title": "", "pages": []}),
        ("new_members", {"mode": "auto", "count": 3, "title": "", "pages": []}),
    ]


def _record_sent(page, mailing_list, subscribers, sent_at):
    """The issue's sending as the worker leaves it: done, one sent delivery per subscriber."""
    if Send.objects.filter(page=page).exists():
        return
    send = Send.objects.create(
        page=page,
        state=Send.State.DONE,
        scheduled_at=sent_at,
        started_at=sent_at,
        finished_at=sent_at + dt.timedelta(minutes=2),
    )
    send.lists.set([mailing_list])
    Delivery.objects.bulk_create(
        Delivery(
            send=send,
            subscriber=row,
            language=row.language or settings.LANGUAGE_CODE,
            state=Delivery.State.SENT,
            attempts=1,
            claimed_at=sent_at,
            sent_at=sent_at,
        )
        for row in subscribers
        if row.state == Subscriber.State.CONFIRMED
    )


def load_demo(home, data, locales, stdout=None):
    """Add this app's demo content under `home` (the English home page); return a summary line."""
    spec = data["bulletins"]
    strings = Strings()
    today = timezone.localdate()
    index_spec = spec["index"]
    index = ensure_child(
        home,
        BulletinIndexPage,
        index_spec["slug"],
        title=strings.add(index_spec.text("title")),
        intro=_rich(strings.add(index_spec.text("intro"))),
        show_in_menus=False,
    )
    mailing_list = _ensure_list(spec["list"], strings, locales)
    subscribers = []
    for email, language, state in SUBSCRIBERS:
        row, created = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language, "state": state}
        )
        if created:
            row.lists.set([mailing_list])
        subscribers.append(row)
    issues = []
    for issue in spec["issues"].values():
        page = ensure_child(
            index,
            BulletinPage,
            issue["slug"],
            title=strings.add(issue.text("title")),
            date=today - dt.timedelta(days=issue["days"]),
            intro=_rich(strings.add(issue.text("intro"))),
            body=_body(issue, strings),
        )
        issues.append((page, issue["days"]))
    translate_page(index, strings, locales)
    for page, days in issues:
        translate_page(page, strings, locales)
        sent_at = timezone.now() - dt.timedelta(days=days)
        _record_sent(page, mailing_list, subscribers, sent_at)
    return (
        f"E-bulletin: {len(issues)} sent issues in {len(locales) + 1} languages, "
        f"{len(subscribers)} subscribers."
    )

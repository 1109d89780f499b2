"""Demo content of cms_events, built through the app's own verbs; running it twice changes nothing.

Registration opens on the coming General Assembly and national meeting (registration.toml):
member, public and speaker tickets, three questions, translated into every language through
wagtail-localize, and a few people registered for the first one.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.demo.texts import Strings
from cms.models.events import EventPage

from . import services
from .models import Question, Registration, TicketKind

Audience = TicketKind.Audience
#: (key in registration.toml, price, audience, places of its own)
TICKETS = [
    ("member", Decimal("90.00"), Audience.MEMBERS, None),  # the page's member price
    ("public", Decimal("180.00"), Audience.EVERYONE, None),
    ("speaker", Decimal("0"), Audience.SECRETARIAT, 40),
]
QUESTIONS = [
    ("dietary", Question.Kind.TEXT),
    ("access", Question.Kind.LONG_TEXT),
    ("sessions", Question.Kind.MULTIPLE),
]
CAPACITY = {"ga-evora": 300, "national-vilnius": 80}


def _segment_text(text):
    # wagtail-localize shows a multi-line text as one segment, its lines joined by <br/>.
    return "<br/>".join(text.split("\n"))


def _add(strings, entry):
    source = strings.add(entry)
    if "\n" in source:
        strings.table[_segment_text(source)] = {
            lang: _segment_text(text) for lang, text in strings.table[source].items()
        }
    return source


def open_registration(event, texts, strings):
    """Ticket kinds, questions and places on the event's source page, published."""
    tickets, questions = texts["tickets"], texts["questions"]
    event.registration_enabled = True
    event.capacity = CAPACITY.get(event.slug, 100)
    event.waiting_list = True
    event.ticket_kinds = [
        TicketKind(
            name=_add(strings, tickets[key].text("name")),
            description=_add(strings, tickets[key].text("description")),
            price=price,
            audience=audience,
            capacity=places,
        )
        for key, price, audience, places in TICKETS
    ]
    event.registration_questions = [
        Question(
            label=_add(strings, questions[key].text("label")),
            help_text=_add(strings, questions[key].text("help"))
            if "help" in questions[key]
            else "",
            choices=_add(strings, questions[key].text("choices"))
            if "choices" in questions[key]
            else "",
            kind=kind,
        )
        for key, kind in QUESTIONS
    ]
    event.save_revision().publish()


def update_translations(event, strings):
    """The event's translations get the new ticket kinds and questions as wagtail-localize makes
    them (same translation key, the target's locale, the demo's translated texts), and the
    translation memory records those texts, so the translation editor shows them translated and
    a later sync from the source keeps them. Much faster than re-publishing every translation."""
    source = TranslationSource.objects.get_for_instance(event)
    source.update_from_db()
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    tickets = list(TicketKind.objects.filter(event=event))
    questions = list(Question.objects.filter(event=event))
    count = 0
    for translation in Translation.objects.filter(source=source).select_related("target_locale"):
        locale = translation.target_locale
        lang = locale.language_code
        target = EventPage.objects.filter(translation_key=event.translation_key, locale=locale)
        target = target.first()
        if target is None:
            continue

        def text(value, lang=lang):
            if "\n" in value:
                found = strings.get(_segment_text(value), lang)
                return found.replace("<br/>", "\n") if found else value
            return strings.get(value, lang) or value

        TicketKind.objects.bulk_create(
            [
                TicketKind(
                    event=target,
                    locale=locale,
                    translation_key=t.translation_key,
                    sort_order=t.sort_order,
                    name=text(t.name),
                    description=text(t.description),
                    price=t.price,
                    audience=t.audience,
                    capacity=t.capacity,
                )
                for t in tickets
            ],
            ignore_conflicts=True,
        )
        Question.objects.bulk_create(
            [
                Question(
                    event=target,
                    locale=locale,
                    translation_key=q.translation_key,
                    sort_order=q.sort_order,
                    label=text(q.label),
                    help_text=text(q.help_text),
                    choices=text(q.choices),
                    kind=q.kind,
                    required=q.required,
                )
                for q in questions
            ],
            ignore_conflicts=True,
        )
        StringTranslation.objects.bulk_create(
            [
                StringTranslation(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    data=strings.get(segment.string.data, lang),
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    tool_name="LIKE demo",
                )
                for segment in segments
                if strings.get(segment.string.data, lang)
            ],
            ignore_conflicts=True,
        )
        EventPage.objects.filter(pk=target.pk).update(
            registration_enabled=event.registration_enabled,
            capacity=event.capacity,
            waiting_list=event.waiting_list,
            registration_opens=event.registration_opens,
            registration_closes=event.registration_closes,
        )
        count += 1
    return count


def load_demo(home, data, locales, stdout=None):
    """Add this app's demo content under `home` (the English home page); return a summary line."""
    texts = data["registration"]
    strings = Strings()
    opened, registered = 0, 0
    events = EventPage.objects.descendant_of(home).filter(
        slug__in=list(texts["events"]), locale__language_code=settings.LANGUAGE_CODE
    )
    for event in events.order_by("start"):
        if event.registration_enabled and event.ticket_kinds.exists():
            continue
        with transaction.atomic():
            open_registration(event, texts, strings)
            update_translations(event, strings)
        opened += 1
    first = events.order_by("start").filter(slug=texts["events"][0]).first()
    if first is not None:
        for key in texts["people"]:
            person = texts["people"][key]
            if Registration.objects.filter(event=first, email=person["email"]).exists():
                continue
            services.register(
                first,
                name=person["name"],
                organisation=person["organisation"],
                email=person["email"],
                language=person["language"],
            )
            registered += 1
    if not (opened or registered):
        return ""
    return f"Registration: opened on {opened} events, {registered} people registered."

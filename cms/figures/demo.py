"""Demo content of cms_figures, built through the app's own verbs; running it twice changes nothing.

The figures page under home (translated with wagtail-localize), the questionnaire's questions
(translated snippets), three published years of believable figures for the demo's members, this
year's collection open (the demo account "member" answers for Lille), and the organisations'
positions on the map.
"""

import datetime
import time
import zlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.demo.publishing import ensure_child, translate_page
from cms.demo.texts import Strings
from cms.figures import services
from cms.figures.models import Collection, FiguresPage, OrganisationLocation, Question, Response
from cms.models import OrganisationPage

#: The questions: key -> (kind, measure, required, minimum, maximum). Texts in figures.toml.
QUESTIONS = {
    "staff": ("number", "staff", True, 0, 1_000_000),
    "volunteers": ("number", "volunteers", False, 0, 1_000_000),
    "visitors": ("number", "visitors", False, 0, 100_000_000),
    "young-share": ("percentage", "", False, None, None),
    "programme": ("choice", "", False, None, None),
    "remarks": ("text", "", False, None, None),
}
#: Where the demo's organisations are (latitude, longitude), by slug.
LOCATIONS = {
    "lille": (50.629, 3.057),
    "porto": (41.150, -8.611),
    "constanta": (44.173, 28.638),
    "rovaniemi": (66.503, 25.729),
    "kaunas": (54.898, 23.904),
    "bologna": (44.494, 11.343),
    "gdansk": (54.352, 18.646),
    "matera": (40.666, 16.604),
    "esch": (49.496, 5.980),
    "leeuwarden": (53.201, 5.799),
    "barcelona": (41.388, 2.170),
    "vasterbotten": (63.826, 20.263),
    "hauts-de-france": (49.894, 2.296),
    "emilia-romagna": (44.698, 10.631),
    "nord": (50.434, 3.400),
    "limburg": (50.930, 5.338),
    "eurometropolis": (50.828, 3.265),
    "casa-da-musica": (41.159, -8.631),
    "kulturhusene": (55.676, 12.568),
    "finnish-centres": (60.170, 24.938),
    "acc-wallonia": (50.467, 4.872),
    "polish-centres": (52.230, 21.011),
    "korundi": (66.498, 25.717),
    "godsbanen": (56.155, 10.196),
    "centre-culturel-mons": (50.454, 3.952),
    "dom-kultury-gdansk": (54.360, 18.640),
}
#: A national network answers for this many cultural centres.
NETWORK_CENTRES = {
    "kulturhusene": 312,
    "finnish-centres": 146,
    "acc-wallonia": 118,
    "polish-centres": 540,
}
#: Staff, volunteers and visits of one organisation of a kind in the first year (before spread).
BASE = {
    "city": (120, 260, 240_000),
    "region": (180, 400, 520_000),
    "county": (140, 300, 380_000),
    "province": (110, 220, 300_000),
    "other_authority": (40, 90, 90_000),
    "institution": (150, 120, 410_000),
    "cultural_centre": (14, 45, 36_000),
    "national_network": (11, 34, 28_000),  # per centre
}


def _spread(slug, year, what, low=0.8, high=1.25):
    """A factor in [low, high], the same at every load for this organisation, year and figure."""
    n = zlib.crc32(f"{slug}/{year}/{what}".encode()) % 1000
    return low + (high - low) * n / 999


def demo_answers(slug, kind, year, first_year):
    """Believable figures of one organisation: its kind's size, spread, growing a little."""
    staff, volunteers, visitors = BASE[kind]
    centres = NETWORK_CENTRES.get(slug, 1)
    growth = 1 + 0.04 * (year - first_year) * _spread(slug, 0, "growth", 0.2, 1.5)
    return centres, {
        "staff": Decimal(round(staff * centres * growth * _spread(slug, year, "s"))),
        "volunteers": Decimal(round(volunteers * centres * growth * _spread(slug, year, "v"))),
        "visitors": Decimal(round(visitors * centres * growth * _spread(slug, year, "x"), -2)),
        "young-share": Decimal(round(18 + 20 * _spread(slug, year, "y", 0, 1), 1)),
        "programme": zlib.crc32(slug.encode()) % 4,
    }


def _lines(segment_text):
    return segment_text.replace("<br/>", "\n")


def translate_snippet(obj, strings, locales):
    """Translate a snippet into each of `locales` that lacks it, with wagtail-localize (as an
    editor's translation would), with the translators' strings where the demo has them."""
    existing = set(
        type(obj)
        .objects.filter(translation_key=obj.translation_key)
        .values_list("locale_id", flat=True)
    )
    missing = [locale for locale in locales if locale.pk not in existing]
    if not missing:
        return 0
    source, _created = TranslationSource.get_or_create_from_instance(obj)
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    for locale in missing:
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        StringTranslation.objects.bulk_create(
            [
                StringTranslation(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    data=text.replace("\n", "<br/>"),
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    tool_name="LIKE demo",
                )
                for segment in segments
                # wagtail-localize gives a plain text's line breaks as <br/>.
                if (text := strings.get(_lines(segment.string.data), locale.language_code))
            ],
            ignore_conflicts=True,
        )
        translation.save_target(publish=True)
    return len(missing)


def ensure_questions(texts, strings, en):
    questions = {}
    for order, (key, (kind, measure, required, minimum, maximum)) in enumerate(QUESTIONS.items()):
        spec = texts[key]
        fields = {
            "label": strings.add(spec.text("label")),
            "help_text": strings.add(spec.text("help")) if "help" in spec else "",
            "options": strings.add(spec.text("options")) if "options" in spec else "",
            "unit": strings.add(spec.text("unit")) if "unit" in spec else "",
        }
        questions[key], _created = Question.objects.get_or_create(
            key=key,
            locale=en,
            defaults={
                "kind": kind,
                "measure": measure,
                "required": required,
                "minimum": minimum,
                "maximum": maximum,
                "sort_order": order,
                **fields,
            },
        )
    return questions


def ensure_collection(year, questions, today, state):
    collection, created = Collection.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": today - datetime.timedelta(days=30)
            if state == "open"
            else datetime.date(year + 1, 3, 1),
            "closes_on": today + datetime.timedelta(days=60)
            if state == "open"
            else datetime.date(year + 1, 4, 30),
            "state": Collection.State.OPEN,
        },
    )
    if created:
        collection.questions.set(questions.values())
    return collection, created


def load_demo(home, data, locales, stdout=None):
    """Add this app's demo content under `home` (the English home page); return a summary line."""
    started = time.monotonic()
    en = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    texts = data["figures"]
    strings = Strings()
    page_texts = texts["page"]
    page = ensure_child(
        home,
        FiguresPage,
        "figures",
        title=strings.add(page_texts.text("title")),
        intro=strings.add(page_texts.text("intro")),
        method=strings.add(page_texts.text("method")),
        show_in_menus=True,
    )
    translate_page(page, strings, locales)
    questions = ensure_questions(texts["questions"], strings, en)
    for question in questions.values():
        translate_snippet(question, strings, locales)

    members = {
        org.slug: org
        for org in OrganisationPage.objects.filter(
            locale=en, membership_status__in=("member", "associate", "committee")
        ).exclude(kind__in=("individual", "allied_network"))
    }
    for slug, (latitude, longitude) in LOCATIONS.items():
        if slug in members:
            OrganisationLocation.objects.get_or_create(
                organisation=members[slug],
                defaults={"latitude": Decimal(str(latitude)), "longitude": Decimal(str(longitude))},
            )

    today = timezone.localdate()
    first = today.year - 3
    responses = 0
    for year in range(first, today.year):
        collection, created = ensure_collection(year, questions, today, "published")
        if not created:
            continue
        # Answered while open (the verb checks the period), then published.
        collection.opens_on, collection.closes_on = today, today
        collection.save()
        for slug, organisation in sorted(members.items()):
            # Some members skip a year, as members do.
            if _spread(slug, year, "answers", 0, 1) < 0.15 or organisation.kind not in BASE:
                continue
            centres, values = demo_answers(slug, organisation.kind, year, first)
            language = services.language_of(organisation)
            with transaction.atomic():
                services.save_response(
                    collection,
                    organisation,
                    {questions[key]: value for key, value in values.items()},
                    centres=centres,
                    submit=True,
                    language=language,
                    today=today,
                )
            responses += 1
        collection.opens_on, collection.closes_on = (
            datetime.date(year + 1, 3, 1),
            datetime.date(year + 1, 4, 30),
        )
        collection.save()
        services.publish_collection(collection)
    ensure_collection(today.year, questions, today, "open")
    published = Response.objects.filter(collection__state="published").count()
    return (
        f"Figures' demo: {published} responses over 3 published years ({responses} made now), "
        f"this year's questionnaire open, in {time.monotonic() - started:.1f} s."
    )

"""The figures' demo: three published years above the threshold, translated questions, and a
second load that changes nothing."""

from wagtail.models import Locale

from cms.demo.texts import DemoData
from cms.figures.aggregates import published_aggregates
from cms.figures.demo import load_demo
from cms.figures.models import Collection, FiguresPage, OrganisationLocation, Question, Response
from cms.models import OrganisationPage

SLUGS = ["lille", "porto", "bologna", "gdansk", "barcelona", "kaunas", "leeuwarden", "matera"]


def test_demo_builds_three_published_years_once(home, directory):
    """The demo publishes three years whose network totals are shown, opens this year, places
    the organisations on the map and translates the questions; loading again adds nothing."""
    for slug in SLUGS:
        directory.add_child(
            instance=OrganisationPage(title=slug.title(), slug=slug, kind="city", country="IT")
        )
    locales = list(Locale.objects.exclude(language_code="en"))
    data = DemoData([locale.language_code for locale in locales])
    load_demo(home, data, locales)
    counts = [
        model.objects.count()
        for model in (Collection, Response, Question, OrganisationLocation, FiguresPage)
    ]
    load_demo(home, data, locales)
    assert counts == [
        model.objects.count()
        for model in (Collection, Response, Question, OrganisationLocation, FiguresPage)
    ]
    assert Collection.objects.filter(state="published").count() == 3
    assert Collection.objects.filter(state="open").count() == 1
    years = {c.year for c in published_aggregates() if c.figure == "staff"}
    assert len(years) == 3
    assert counts[3] == len(SLUGS) and counts[4] == 6
    french = Question.objects.get(key="programme", locale__language_code="fr")
    assert french.label == "Que propose surtout votre programmation ?"
    assert french.option_list()[0] == "Arts de la scène"

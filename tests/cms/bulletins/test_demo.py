"""The e-bulletin's demo: an archive with two sent issues in each language, run twice alike."""

import pytest
from wagtail.models import Locale

from cms.bulletins.demo import load_demo
from cms.bulletins.models import BulletinPage, Delivery, MailingList, Send, Subscriber
from cms.demo import Strings, translate_page
from cms.demo.texts import DemoData

pytestmark = pytest.mark.django_db


def test_demo_builds_translated_sent_issues_and_runs_twice_alike(home, client):
    """Two sent issues in English and French, the list named in French, a few subscribers; a
    second load adds nothing, and the French archive and issue render in French."""
    fr = Locale.objects.get(language_code="fr")
    translate_page(home, Strings(), [fr])
    data = DemoData(["en", "fr"])
    line = load_demo(home, data, [fr])
    counts = lambda: [  # noqa: E731
        BulletinPage.objects.count(),
        Send.objects.count(),
        Delivery.objects.count(),
        Subscriber.objects.count(),
        MailingList.objects.count(),
    ]
    first = counts()
    load_demo(home, DemoData(["en", "fr"]), [fr])
    assert counts() == first
    assert "2 sent issues" in line
    assert first[0] == 4 and first[1] == 2 and first[4] == 2
    assert not Send.objects.exclude(state=Send.State.DONE).exists()
    french = BulletinPage.objects.get(locale=fr, slug__contains="ete")
    assert french.title == "E-bulletin : été"
    response = client.get(french.url)
    assert response.status_code == 200 and "Le mot du secrétariat" in response.content.decode()
    archive = client.get(french.get_parent().url)
    assert "E-bulletin : printemps" in archive.content.decode()

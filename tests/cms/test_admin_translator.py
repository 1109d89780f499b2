"""Translation screens offer a machine translator only when one is configured."""

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "Zq8vT2mW9xR4pL7nB1cY6hJ0sD5gF3aE" * 2


def _editor_props(client, page):
    """The props the translation editor of `page` starts with (wagtail-localize's React app)."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    match = re.search(
        r'class="js-translation-editor"[^>]*data-props="([^"]*)"', response.content.decode()
    )
    assert match, "the translation editor is not on the page"
    return json.loads(html.unescape(match.group(1)))


@pytest.fixture
def french_page(client, standard_page, translate):
    """A French translation of "About us" with only its title translated; signed in as admin."""
    user = get_user_model().objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(user)
    return translate(standard_page, "fr", title="À propos")


def test_translation_screen_has_no_machine_translator_when_none_is_configured(
    client, french_page, settings
):
    """Without a configured machine translator the translation screen offers no "Translate with"
    button, and posting to its address answers 404 instead of translating."""
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    assert _editor_props(client, french_page)["machineTranslator"] is None
    translation = Translation.objects.get(
        source__object_id=french_page.translation_key, target_locale=french_page.locale
    )
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert client.post(url, follow=True).status_code == 404
    assert not StringTranslation.objects.filter(
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    ).exists()


def test_translation_screen_offers_the_configured_translator(client, french_page):
    """With a translator configured (the tests' offline dummy), the screen offers "Translate with
    Dummy translator", and using it fills the strings left untranslated."""
    offered = _editor_props(client, french_page)["machineTranslator"]
    assert offered["name"] == "Dummy translator"
    response = client.post(offered["url"], {"next": f"/admin/pages/{french_page.pk}/edit/"})
    assert response.status_code == 302
    assert StringTranslation.objects.filter(
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE, locale__language_code="fr"
    ).exists()


def _translator_setting(module, **env):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as a fresh process with these settings reads it."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"WAGTAILLOCALIZE_DEEPL_KEY", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": module, **env})
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_offers_no_translator_unless_a_deepl_key_is_set():
    """A production site offers no machine translator by default (never the dummy, which only
    reverses text), and DeepL once the operator sets WAGTAILLOCALIZE_DEEPL_KEY."""
    production = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "like.example"}
    assert _translator_setting("cms.settings.production", **production) is None
    deepl = _translator_setting(
        "cms.settings.production", WAGTAILLOCALIZE_DEEPL_KEY="abc-123:fx", **production
    )
    assert deepl["CLASS"].endswith("DeepLTranslator")
    assert deepl["OPTIONS"]["AUTH_KEY"] == "abc-123:fx"


def test_development_uses_the_dummy_unless_a_real_translator_is_configured():
    """On a laptop the offline dummy is offered; a DeepL key there gives DeepL instead."""
    assert _translator_setting("cms.settings.dev")["CLASS"].endswith("DummyTranslator")
    deepl = _translator_setting("cms.settings.dev", WAGTAILLOCALIZE_DEEPL_KEY="abc-123")
    assert deepl["CLASS"].endswith("DeepLTranslator")

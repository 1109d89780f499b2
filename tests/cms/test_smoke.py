"""The site answers in every language from the first commit."""

import pytest


@pytest.mark.django_db
def test_root_redirects_by_accept_language(client, home):
    """A French browser landing on / is sent to /fr/."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"

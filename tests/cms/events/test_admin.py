"""The secretariat's screens: participants' data only for the secretariat, filters, CSV,
attendance list, registering by hand and a message to all registrants."""

import csv
import io

from django.core import mail

from cms.events import services
from cms.events.models import Registration


def _fill(event):
    services.register(event, name="Ana Silva", email="ana@example.org", organisation="Porto")
    services.register(event, name="=HYPERLINK(1)", email="evil@example.org")
    questions = {q.label: q for q in event.registration_questions.all()}
    services.register(
        event,
        name="Léa",
        email="lea@example.fr",
        answers={questions["Dietary needs"].key: "Vegan"},
    )


def test_only_the_secretariat_sees_participants(client, event, member, secretariat):
    """A member (even signed in) gets no participant list; the secretariat does."""
    _fill(event)
    url = f"/admin/registrations/{event.pk}/"
    client.force_login(member)
    assert client.get(url).status_code in (302, 403)
    assert client.get(url + "csv/").status_code in (302, 403)
    client.force_login(secretariat)
    response = client.get(url + "?state=confirmed&q=ana")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ana@example.org" in html and "lea@example.fr" not in html


def test_csv_export_has_answers_and_no_formulas(client, event, secretariat):
    """The CSV lists every registration with the answers; a name typed as a formula is kept as
    text, so a spreadsheet does not run it."""
    _fill(event)
    client.force_login(secretariat)
    response = client.get(f"/admin/registrations/{event.pk}/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Dietary needs", "Which sessions?"]
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["lea@example.fr"][-2] == "Vegan"
    assert by_email["evil@example.org"][0] == "'=HYPERLINK(1)"


def test_attendance_by_hand_paid_and_message(
    client, event, secretariat, django_capture_on_commit_callbacks
):
    """The secretariat registers a speaker by hand, marks a payment, prints the list and writes
    to everyone (each registrant gets it, with their own link)."""
    _fill(event)
    client.force_login(secretariat)
    base = f"/admin/registrations/{event.pk}/"
    speaker = event.ticket_kinds.get(name="Speaker")
    response = client.post(
        base + "add/",
        {"name": "Dr Speaker", "email": "", "ticket": speaker.pk, "language": "de"},
    )
    assert response.status_code == 302
    assert Registration.objects.get(name="Dr Speaker").price == 0
    ana = Registration.objects.get(email="ana@example.org")
    client.post(base + f"{ana.pk}/", {"action": "paid"})
    ana.refresh_from_db()
    assert ana.paid
    sheet = client.get(base + "attendance/").content.decode()
    assert "Dr Speaker" in sheet and "Ana Silva" in sheet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(base + "message/", {"subject": "Room change", "body": "Hall B."})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "evil@example.org",
        "lea@example.fr",
    ]
    assert all("/registration/r/" in m.body for m in mail.outbox)


def test_editors_set_up_tickets_and_translators_see_them(client, french_event, django_user_model):
    """The event editor has the ticket kinds and questions panels; the French translation's
    editor (wagtail-localize) lists the ticket names and questions to translate."""
    boss = django_user_model.objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(boss)
    source = french_event.source_event()
    editor = client.get(f"/admin/pages/{source.pk}/edit/").content.decode()
    assert "Ticket kinds" in editor and "Registration questions" in editor
    translation_editor = client.get(f"/admin/pages/{french_event.pk}/edit/").content.decode()
    for text in ("Non-member", "Speaker", "Dietary needs", "Which sessions?"):
        assert text in translation_editor, text

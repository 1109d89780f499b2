"""A member's registrations are in their personal data download, and erasure removes them."""

from cms import privacy
from cms.events import services
from cms.events.models import Registration


def test_registrations_are_exported_and_erased(event, member):
    """The download lists the member's registration with their answers; erasing the account
    deletes it (also one made with their address before they signed in)."""
    services.register(event, name="Marta", email=member.email, user=member)
    sections = {s["key"]: s["data"] for s in privacy.export_personal_data(member)["sections"]}
    [row] = sections["event_registrations"]
    assert row["email"] == member.email and row["ticket"] == "Member"
    privacy.erase_person(member)
    assert not Registration.objects.exists()

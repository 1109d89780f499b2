"""The secretariat's dashboard: what waits for a decision, shown to whoever may decide it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import CoSignRequest
from cms.models.membership import MembershipApplication
from collaboration import services as collaboration
from collaboration.models import Membership
from federation.models import Actor, Delivery, OutboxActivity
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org

directory = members_helpers.directory
statement = members_helpers.statement

pytestmark = pytest.mark.django_db

PANEL_IDS = {
    "applications": "dashboard-applications-section",
    "cosign": "dashboard-cosign-section",
    "join": "dashboard-join-requests-section",
    "deliveries": "dashboard-deliveries-section",
}


def _user(username, *perms, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@like.example", "pw")
    user = User.objects.create_user(username, f"{username}@like.example", "pw", is_staff=True)
    for perm in ("wagtailadmin.access_admin", *perms):
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def _dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def _panel(html, key):
    """The HTML of one dashboard panel, or None when it is not on the page."""
    match = re.search(rf'<section[^>]*id="{PANEL_IDS[key]}".*?</section>', html, flags=re.DOTALL)
    return match.group(0) if match else None


class Waiting:
    """Makes the four kinds of waiting items, numbered so that each has its own name."""

    def __init__(self, directory, statement):
        self.statement = statement
        self.org = make_org(directory, "Porto")
        self.convenor = get_user_model().objects.create_user("convenor", "c@like.example", "pw")
        self.group = collaboration.create_group(
            "Heritage lab", slug="heritage-lab", convenor=self.convenor
        )
        self.other_group = collaboration.create_group("Budget circle", slug="budget-circle")
        self.actor = Actor.objects.create(username="dashboard-test", actor_type="Organization")
        self.activity = OutboxActivity.objects.create(actor=self.actor, activity_type="Create")
        self.made = 0

    def add(self, count):
        User = get_user_model()
        old = timezone.now() - timedelta(hours=3)
        for n in range(self.made, self.made + count):
            MembershipApplication.objects.create(
                organisation_name=f"Applicant {n}",
                kind="city",
                country="FR",
                contact_name="Ana",
                contact_email=f"ana{n}@example.org",
                motivation="We would like to join.",
            )
            CoSignRequest.objects.create(statement=self.statement, organisation=self.org)
            person = User.objects.create_user(f"person{n}", f"p{n}@example.org", "pw")
            Membership.objects.create(
                group=self.group, user=person, state=Membership.State.REQUESTED
            )
            Delivery.objects.create(
                activity=self.activity,
                inbox_url=f"https://peer{n}.example/inbox",
                host=f"peer{n}.example",
                state=Delivery.GAVE_UP if n % 2 else Delivery.RETRYING,
                attempts=12,
                last_error="HTTP 503 from the peer",
                created_at=old,
            )
        self.made += count


@pytest.fixture
def waiting(directory, statement):
    return Waiting(directory, statement)


def test_secretariat_sees_what_waits_with_counts_and_links(client, waiting):
    """The secretariat's dashboard shows pending applications, co-signature requests, join
    requests and failed deliveries, each with its count and links to where they are decided;
    decided items and a delivery that only started retrying are not counted."""
    waiting.add(3)
    MembershipApplication.objects.create(
        organisation_name="Already decided",
        kind="city",
        country="PT",
        contact_name="Rui",
        contact_email="rui@example.org",
        motivation="Hello",
        status=MembershipApplication.Status.APPROVED,
    )
    Delivery.objects.create(
        activity=waiting.activity,
        inbox_url="https://fresh.example/inbox",
        host="fresh.example",
        state=Delivery.RETRYING,
    )
    admin = _user("secretariat", superuser=True)
    html = _dashboard(client, admin)

    applications = _panel(html, "applications")
    assert "3 applications wait for a decision." in applications
    assert "Applicant 2" in applications and "Already decided" not in applications
    assert 'href="/admin/network/applications/"' in applications

    cosign = _panel(html, "cosign")
    assert "3 organisations ask to co-sign a statement." in cosign
    assert "Porto" in cosign and waiting.statement.title in cosign
    assert 'href="/admin/network/cosign/"' in cosign

    join = _panel(html, "join")
    assert "3 people ask to join a working group." in join
    assert "person0" in join and "Heritage lab" in join
    edit_links = re.findall(r'href="(/admin/snippets/collaboration/membership/edit/\d+/)"', join)
    assert len(edit_links) == 3
    assert client.get(edit_links[0]).status_code == 200
    requests = client.get("/admin/snippets/collaboration/membership/?state=requested")
    assert 'href="/admin/snippets/collaboration/membership/?state=requested"' in join
    assert requests.status_code == 200 and "person2" in requests.content.decode()

    deliveries = _panel(html, "deliveries")
    assert "3 deliveries to other sites gave up or are still retrying after an hour." in deliveries
    assert "fresh.example" not in deliveries
    assert "HTTP 503 from the peer" in deliveries
    inspect = re.findall(r'href="(/admin/federation_deliveries/inspect/\d+/)"', deliveries)
    assert len(inspect) == 3
    assert client.get(inspect[0]).status_code == 200
    see_all = re.search(r'href="([^"]*federation_deliveries/\?state=gave_up)"', deliveries)
    assert see_all and client.get(see_all.group(1)).status_code == 200


def test_empty_panels_say_nothing_waits(client, home):
    """With nothing pending, each panel says so instead of showing an empty list."""
    html = _dashboard(client, _user("secretariat", superuser=True))
    assert "No application is waiting for a decision." in _panel(html, "applications")
    assert "No co-signature request is waiting." in _panel(html, "cosign")
    assert "Nobody is waiting to join a working group." in _panel(html, "join")
    assert "Every delivery to other sites arrived or is on its way." in _panel(html, "deliveries")


def test_panels_are_shown_only_to_who_may_act(client, waiting):
    """An editor without the secretariat's permissions sees none of the panels; someone who may
    decide applications sees that panel alone; who may look at deliveries sees theirs."""
    waiting.add(1)
    editor = _user("editor")
    html = _dashboard(client, editor)
    assert all(_panel(html, key) is None for key in PANEL_IDS)

    clerk = _user("clerk", "cms.change_membershipapplication")
    html = _dashboard(client, clerk)
    assert "Applicant 0" in _panel(html, "applications")
    assert [key for key in PANEL_IDS if _panel(html, key)] == ["applications"]

    watcher = _user("watcher", "federation.view_delivery", "cms.change_cosignrequest")
    html = _dashboard(client, watcher)
    assert sorted(key for key in PANEL_IDS if _panel(html, key)) == ["cosign", "deliveries"]


def test_convenor_sees_requests_of_their_groups_and_where_to_approve(client, waiting):
    """A convenor with admin access sees who asks to join the groups they convene (not other
    groups'), each linked to the group's members page where they approve."""
    waiting.add(2)
    stranger = get_user_model().objects.create_user("stranger", "s@example.org", "pw")
    collaboration.request_membership(stranger, waiting.other_group)
    convenor = waiting.convenor
    convenor.is_staff = True
    convenor.save()
    convenor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    html = _dashboard(client, convenor)
    join = _panel(html, "join")
    assert "2 people ask to join a working group." in join
    assert "stranger" not in join
    links = set(re.findall(r'href="([^"]*/groups/[^"]*)"', join))
    assert links == {"/en/groups/heritage-lab/members/", "/en/groups/"}
    page = client.get("/en/groups/heritage-lab/members/")
    assert page.status_code == 200 and "person1" in page.content.decode()
    assert [key for key in PANEL_IDS if _panel(html, key)] == ["join"]


def test_dashboard_queries_do_not_grow_with_the_rows(client, waiting):
    """The dashboard costs as many queries with 30 waiting items of each kind as with 3."""
    admin = _user("secretariat", superuser=True)
    client.force_login(admin)
    waiting.add(3)
    client.get("/admin/")  # warm per-process caches (site root, locales)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/").status_code == 200
    waiting.add(27)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin/").content.decode()
    assert "30 applications wait for a decision." in html
    assert "30 deliveries to other sites" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_snippets_overview_lists_the_snippet_types(client, home):
    """/admin/snippets/ shows the superuser every kind of record (themes, fee bands, working
    groups ...) instead of "you do not have permission", and the sidebar does not repeat them
    in a "Snippets" entry beside the Network and Working groups menus."""
    client.force_login(_user("secretariat", superuser=True))
    response = client.get("/admin/snippets/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "permission" not in html
    for listing in (
        "/admin/snippets/cms/theme/",
        "/admin/snippets/cms/feeband/",
        "/admin/snippets/collaboration/workinggroup/",
    ):
        assert f'href="{listing}"' in html
    assert '"url": "/admin/snippets/"' not in html
    assert '"url": "/admin/snippets/cms/theme/"' in html


def test_snippet_listing_breadcrumbs_lead_to_the_overview(client, home):
    """A snippet listing's breadcrumbs lead back to the overview, which opens."""
    client.force_login(_user("secretariat", superuser=True))
    html = client.get("/admin/snippets/cms/theme/").content.decode()
    assert 'href="/admin/snippets/"' in html

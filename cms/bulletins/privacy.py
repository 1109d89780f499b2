"""A person's e-bulletin subscription as a section of their personal data (download, erasure).

Found by the account's e-mail address. Erasure deletes the subscriber and its delivery records;
the counts of past sendings keep nothing personal.
"""

from django.utils.translation import gettext_lazy as _

from cms.privacy.registry import Section, register_section

from .models import Subscriber


def _rows(user):
    if not user.email:
        return Subscriber.objects.none()
    return Subscriber.objects.filter(email__iexact=user.email.strip())


def export(user):
    return [
        {
            "email": row.email,
            "state": row.state,
            "language": row.language,
            "lists": [item.name for item in row.lists.all()],
            "subscribed_at": row.created_at.isoformat(),
            "issues_sent": [
                {"issue": d.send.page.title, "language": d.language, "state": d.state}
                for d in row.deliveries.select_related("send__page").order_by("pk")
            ],
        }
        for row in _rows(user)
    ]


def erase(user):
    _count, detail = _rows(user).delete()
    return {"e-bulletin subscriptions": detail.get(Subscriber._meta.label, 0)}


def register():
    register_section(
        Section(
            key="bulletin_subscription",
            title=_("E-bulletin subscription"),
            explanation=_("Your subscription to the e-bulletin and the issues sent to you."),
            on_erasure=_("Deleted."),
            export=export,
            erase=erase,
            order=70,
        )
    )

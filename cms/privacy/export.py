"""The right of access: everything the site holds about a person, as one JSON file they can read."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .registry import sections


def export_personal_data(user):
    """The person's data, section by section, after a short explanation of the file itself.

    Each section says what it holds; its `data` comes from the app that holds it. Strings are in
    the active language; names of groups, pages and topics are as stored.
    """
    now = timezone.now()
    return {
        "about": {
            "title": _("Your personal data"),
            "explanation": _(
                "This file holds the personal data this site keeps about your account, as of "
                "the date below. Each section says what it is; dates are in UTC (ISO 8601). "
                "Messages written by other people are not included, except that the groups and "
                "topics you took part in are named. To correct something, edit it on the site "
                "or write to the secretariat; to erase your account, use your account page."
            ),
            "site": getattr(settings, "SITE_URL", ""),
            "exported_at": now.isoformat(),
            "account": user.get_username(),
        },
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "what_it_is": str(section.explanation),
                "data": section.export(user),
            }
            for section in sections()
        ],
    }


def personal_data_file(user):
    """(file name, JSON bytes) of the person's export."""
    data = export_personal_data(user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    name = slugify(user.get_username()) or "account"
    filename = f"personal-data-{name}-{timezone.now():%Y-%m-%d}.json"
    return filename, body.encode("utf-8")

"""Background work of working groups: the daily digest of unread mentions.

`manage.py send_mention_digests` (cron, daily) queues one task per person who opted in.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from . import services


@task()
def send_mention_digest(user_id):
    """E-mail one person their unread mentions; idempotent (each mention is sent once)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return services.send_mention_digest(user) if user else 0

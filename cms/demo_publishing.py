"""Publishing the demo's brand-new pages without Wagtail's generic (and costly) publish path."""

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.signals import page_published


def publish_new_page(page, revision):
    """Publish the first revision of a page created a moment ago (by the demo, or as a draft
    by save_target).

    What Wagtail's publish does for a brand-new page (live, live revision, publication dates,
    a "wagtail.publish" log entry, the page_published signal) without its costly generic path:
    rebuilding the page from its revision, validating and saving it again, comments, workflows,
    aliases, which a page created a moment ago cannot have.
    """
    now = timezone.now()
    fields = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "first_published_at": now,
        "last_published_at": now,
        "live_revision": revision,
    }
    Page.objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=page.specific_class, instance=page, revision=revision)

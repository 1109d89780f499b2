"""Background work: each task takes ids, re-reads its rows and can run twice without harm."""

from django_tasks import task

from . import delivery, publishing


@task()
def deliver(delivery_id: int) -> str:
    return delivery.deliver(delivery_id)


@task()
def publish_page(page_id: int) -> str | None:
    fobj = publishing.publish_group(page_id)
    return str(fobj.uuid) if fobj else None


@task()
def retract_page(translation_key: str) -> str | None:
    fobj = publishing.retract_group(translation_key)
    return str(fobj.uuid) if fobj else None


@task()
def ensure_actor_for_page(page_id: int) -> str | None:
    from wagtail.models import Page

    from .actors import ensure_page_actor

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return ensure_page_actor(page).username


@task()
def accept_follow(follow_id: int) -> None:
    from .inbox import send_accept

    send_accept(follow_id)


@task()
def retry_due_deliveries() -> int:
    return delivery.retry_due()


@task()
def publish_page_of_group(translation_key: str) -> str | None:
    """After one translation went away: Update the object if other languages are still live."""
    fobj = publishing.republish_group(translation_key)
    return str(fobj.uuid) if fobj else None


@task()
def store_remote_activity(activity_id: str) -> str:
    """Store, replace or remove a network feed post from an activity the inbox accepted."""
    from .feed import store_activity

    return store_activity(activity_id)


@task()
def refresh_remote_actor(remote_actor_id: int) -> str:
    """Fetch a followed actor's profile and key again."""
    from .following import refresh_actor

    return refresh_actor(remote_actor_id)


@task()
def refresh_followed_actors() -> int:
    """Queue a refresh of every followed actor whose profile is older than
    FEDERATION_ACTOR_REFRESH_SECONDS (run periodically)."""
    from .following import stale_followed_actors

    ids = stale_followed_actors()
    for pk in ids:
        refresh_remote_actor.enqueue(pk)
    return len(ids)

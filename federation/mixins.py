"""What a page (or any model) provides to be published over ActivityPub.

A site's page class inherits FederatedMixin and overrides what differs from the defaults; the
federation app never imports the site. The mixin adds no database fields.
"""


class FederatedMixin:
    #: ActivityStreams type of the object this page becomes: "Article", "Event", "Note" ...
    federation_object_type = "Article"

    def federation_actor_owner(self):
        """The model instance whose actor publishes this page (an organisation, a project), or
        None for the site's network actor."""
        return None

    def federation_summary(self) -> str:
        """Plain-text summary in this page's language."""
        return getattr(self, "summary", "") or getattr(self, "search_description", "") or ""

    def federation_content_html(self) -> str:
        """The body as HTML in this page's language (already safe: it is our own content)."""
        return ""

    def federation_image(self):
        """A wagtail Image to attach, or None."""
        return None

    def federation_tags(self) -> list[str]:
        """Hashtag names without '#'."""
        return []

    def federation_event_data(self) -> dict | None:
        """For events: {"start": aware datetime, "end": aware datetime or None, "timezone": "Europe/Paris",
        "location": {"name", "city", "country"} or None, "online_url": str or None}. None otherwise."""
        return None


class FederatedActorMixin:
    """A page that is an ActivityPub actor (an organisation, a project), one actor for all of its
    translations. The federation app creates and keys the actor; the page only describes it."""

    #: "Organization", "Group", "Person", "Service" or "Application".
    federation_actor_type = "Organization"

    def federation_actor_preferred_username(self) -> str:
        """The wished-for handle (made unique by the federation app): by default the slug."""
        return self.slug

    def federation_actor_summary(self) -> str:
        """Plain-text or simple HTML summary in this page's language."""
        return getattr(self, "search_description", "") or ""

    def federation_actor_icon(self):
        """A wagtail Image used as avatar, or None."""
        return None

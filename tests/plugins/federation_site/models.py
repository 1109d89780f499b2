"""What a site integrator writes to federate a page: inherit the mixin, say what the body is."""

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page

from federation.mixins import FederatedMixin


class ArticlePage(FederatedMixin, Page):
    """A news article of the bare site: its followers receive it as an ActivityPub Article."""

    summary = models.TextField(blank=True)
    body = RichTextField(blank=True)

    def federation_content_html(self) -> str:
        return self.body

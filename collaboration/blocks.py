"""A StreamField block any page can use to embed a working group's live discussion."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .context import discussion_context


class GroupDiscussionBlock(blocks.StructBlock):
    """Shows the group's discussion to those who may read it, and nothing to others."""

    group = SnippetChooserBlock("collaboration.WorkingGroup", label=_("Working group"))

    class Meta:
        icon = "group"
        label = _("Live discussion")
        template = "collaboration/blocks/group_discussion_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if request is not None and value.get("group") is not None:
            context.update(discussion_context(request, value["group"]))
        return context

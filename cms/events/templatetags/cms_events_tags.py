"""The registration panel of an event page (its data prepared in `cms.events.pages`)."""

from django import template

from cms.events.pages import registration_context

register = template.Library()


@register.inclusion_tag("cms_events/includes/registration_panel.html", takes_context=True)
def registration_panel(context, event):
    data = registration_context(event, context.get("request"))
    data["request"] = context.get("request")
    data["csrf_token"] = context.get("csrf_token")
    return data

"""The e-bulletin's public pages: sign up, confirm, preferences and unsubscribe, the last three
from the signed link of an e-mail, without signing in. They authenticate the link, validate the
form and call the verbs of cms/bulletins/subscriptions.py."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.members.services import RateLimited, count_towards_limit

from . import subscriptions, tokens
from .conf import setting
from .forms import PreferencesForm, SubscribeForm


def _message(request, title, text, *, status=200, link=None, link_text=""):
    return render(
        request,
        "cms_bulletins/message.html",
        {"title": title, "text": text, "link": link, "link_text": link_text},
        status=status,
    )


def _bad_link(request):
    return _message(
        request,
        _("This link does not work"),
        _(
            "The link is not valid or has expired. Links in our e-mails work for a limited time; "
            "the latest e-bulletin you received has a fresh one."
        ),
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Anyone may ask for the e-bulletin; the page says the same whether or not the address is
    already known (the e-mail sent to it tells its owner)."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if not form.cleaned_data["website"]:
                try:
                    count_towards_limit(
                        f"bulletin-signup:{request.META.get('REMOTE_ADDR', '')}",
                        setting("SIGNUP_RATE_LIMIT"),
                        3600,
                    )
                except RateLimited:
                    return _message(
                        request,
                        _("Too many sign-ups"),
                        _("Too many sign-ups came from your connection. Please try again later."),
                        status=429,
                    )
                subscriptions.subscribe(
                    form.cleaned_data["email"],
                    form.cleaned_data["language"],
                    list(form.cleaned_data["lists"]),
                )
            return _message(
                request,
                _("Check your mailbox"),
                _(
                    "We have sent an e-mail to the address you gave. Follow its link to confirm "
                    "your subscription; if the address was already subscribed, the e-mail says so "
                    "and how to change your preferences."
                ),
            )
        status = 400
    else:
        form = SubscribeForm()
        status = 200
    return render(request, "cms_bulletins/subscribe.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET asks the address's owner to press a button; the POST of that button confirms. Mail
    security scanners follow every link of an e-mail with a GET: were the GET to confirm, any
    address signed up by a stranger would be confirmed by its own scanner."""
    try:
        subscriber = subscriptions.subscriber_from_link(token, tokens.CONFIRM)
    except tokens.BadLink:
        return _bad_link(request)
    if request.method == "GET" and subscriber.state == subscriber.State.PENDING:
        return render(request, "cms_bulletins/confirm.html", {})
    if request.method == "POST":
        subscriptions.confirm(subscriber)
    if subscriber.state != subscriber.State.CONFIRMED:
        # Unsubscribed (or bounced) since: an old confirmation link does not bring it back.
        return _bad_link(request)
    return _message(
        request,
        _("Your subscription is confirmed"),
        _("You will receive the next issues of the LIKE e-bulletin."),
        link=_preferences_url(subscriber),
        link_text=_("Choose your lists and language"),
    )


def _preferences_url(subscriber):
    from django.urls import reverse

    return reverse(
        "cms:cms_bulletins:preferences",
        kwargs={"token": tokens.make(subscriber, tokens.PREFERENCES)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber = subscriptions.subscriber_from_link(token, tokens.PREFERENCES)
    except tokens.BadLink:
        return _bad_link(request)
    saved = False
    status = 200
    if request.method == "POST" and "unsubscribe" in request.POST:
        subscriptions.unsubscribe(subscriber)
        return _message(
            request,
            _("You are unsubscribed"),
            _("We will not send you the e-bulletin again."),
        )
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriptions.update_preferences(
                subscriber,
                language=form.cleaned_data["language"],
                lists=list(form.cleaned_data["lists"]),
            )
            saved = True
        else:
            status = 400
    else:
        form = PreferencesForm(
            initial={
                "language": subscriber.language or request.LANGUAGE_CODE,
                "lists": [row.pk for row in subscriber.lists.all()],
            }
        )
    return render(
        request,
        "cms_bulletins/preferences.html",
        {"form": form, "subscriber": subscriber, "saved": saved},
        status=status,
    )


@csrf_exempt  # RFC 8058: a mail client POSTs here with no cookie and no CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for a confirmation (link scanners follow GETs); POST, including the one-click
    "List-Unsubscribe=One-Click" POST of RFC 8058, unsubscribes at once."""
    try:
        subscriber = subscriptions.subscriber_from_link(token, tokens.PREFERENCES)
    except tokens.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        return _message(
            request,
            _("You are unsubscribed"),
            _("We will not send you the e-bulletin again."),
            link=_preferences_url(subscriber),
            link_text=_("Changed your mind? Subscribe again"),
        )
    return render(request, "cms_bulletins/unsubscribe.html", {"subscriber": subscriber})

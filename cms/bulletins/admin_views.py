"""The secretariat's screens for an issue: the e-mail preview in each language, a test to
oneself, the audience and schedule of a sending, and each sending's progress."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from wagtail.admin.widgets import AdminDateTimeInput

from cms.i18n import source_page
from cms.models.choices import CURRENT_MEMBERSHIP_CHOICES, OrganisationKind
from cms.models.themes import Theme
from collaboration.services.ids import parse_id

from .email import preview_html
from .models import BulletinPage, MailingList
from .sending import cancel_send, progress, schedule_send, send_test


class SendForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        queryset=MailingList.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Subscribers of"),
    )
    member_accounts = forms.BooleanField(required=False, label=gettext_lazy("Member accounts"))
    member_contacts = forms.BooleanField(
        required=False, label=gettext_lazy("Contacts of member organisations")
    )
    country = LazyTypedChoiceField(
        choices=[("", "—")] + list(countries), required=False, label=gettext_lazy("Only in country")
    )
    kind = forms.ChoiceField(
        choices=[("", "—")] + list(OrganisationKind.choices),
        required=False,
        label=gettext_lazy("Only organisations of kind"),
    )
    membership = forms.ChoiceField(
        choices=[("", gettext_lazy("All members"))] + CURRENT_MEMBERSHIP_CHOICES,
        required=False,
        label=gettext_lazy("Only organisations that are"),
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, label=gettext_lazy("Only with theme")
    )
    working_group = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Only members of working group")
    )
    when = forms.DateTimeField(
        required=False,
        widget=AdminDateTimeInput,
        label=gettext_lazy("Send at"),
        help_text=gettext_lazy("Leave empty to send now."),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from collaboration.models import WorkingGroup

        super().__init__(*args, **kwargs)
        source = {"locale__language_code": settings.LANGUAGE_CODE}
        self.fields["lists"].queryset = MailingList.objects.filter(**source)
        self.fields["theme"].queryset = Theme.objects.filter(**source)
        self.fields["working_group"].queryset = WorkingGroup.objects.filter(**source)

    def clean(self):
        data = super().clean()
        if not (data.get("lists") or data.get("member_accounts") or data.get("member_contacts")):
            raise forms.ValidationError(_("Choose at least one audience."))
        return data


def _issue(request, page_id):
    page = get_object_or_404(BulletinPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return page


def send_page(request, page_id):
    page = source_page(_issue(request, page_id))
    translations = list(
        BulletinPage.objects.filter(translation_key=page.translation_key)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    form = SendForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            target = next((t for t in translations if str(t.pk) == request.POST.get("page")), page)
            if not request.user.email:
                messages.error(request, _("Your account has no e-mail address."))
            else:
                send_test(target, request.user)
                messages.success(
                    request,
                    _("A test (%(language)s) was sent to your address.")
                    % {"language": target.locale.get_display_name()},
                )
            return redirect("cms_bulletins_send", page.pk)
        if action == "cancel":
            send_id = parse_id(request.POST.get("send", ""))
            send = page.sends.filter(pk=send_id).first() if send_id is not None else None
            started = send is not None and send.state == send.State.SENDING
            if send is not None and cancel_send(send):
                if started:
                    messages.success(
                        request,
                        _("The sending is stopped: those not reached yet will not receive it."),
                    )
                else:
                    messages.success(request, _("The sending is cancelled: nobody receives it."))
            else:
                messages.error(request, _("This sending has ended; it cannot be cancelled."))
            return redirect("cms_bulletins_send", page.pk)
        form = SendForm(request.POST)
        if not page.live:
            messages.error(request, _("Publish the issue before sending it."))
        elif form.is_valid():
            data = form.cleaned_data
            send = schedule_send(
                page,
                lists=data["lists"],
                when=data["when"],
                user=request.user,
                member_accounts=data["member_accounts"],
                member_contacts=data["member_contacts"],
                country=data["country"] or "",
                kind=data["kind"] or "",
                membership=data["membership"] or "",
                theme=data["theme"],
                working_group=data["working_group"],
            )
            messages.success(
                request,
                _("The issue is queued for %(count)s recipients.")
                % {"count": send.deliveries.count()},
            )
            return redirect("cms_bulletins_send", page.pk)
    sends = [(send, progress(send)) for send in page.sends.order_by("-scheduled_at", "-pk")]
    return render(
        request,
        "cms_bulletins/admin/send.html",
        {
            "page": page,
            "translations": translations,
            "form": form,
            "sends": sends,
            "now": timezone.now(),
        },
    )


def email_preview(request, page_id):
    """The e-mail of one language version, exactly as it is sent (links to the site)."""
    page = _issue(request, page_id)
    return HttpResponse(preview_html(page))

"""Signal receivers of the members' area: an account's access follows its organisation's membership."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.access import sync_member_access
from cms.models.directory import OrganisationPage
from cms.models.membership import MemberProfile


@receiver(post_save, sender=OrganisationPage)
def organisation_saved(sender, instance, raw=False, **kwargs):
    """The secretariat published a new membership status (a former member, a new one again)."""
    if raw:
        return
    sync_member_access(instance.member_accounts.values_list("user_id", flat=True))


@receiver(post_save, sender=MemberProfile)
@receiver(post_delete, sender=MemberProfile)
def member_account_changed(sender, instance, raw=False, **kwargs):
    """An account linked to an organisation, moved to another one, or unlinked."""
    if raw:
        return
    sync_member_access([instance.user_id])

"""Accounts of former members (and of organisations that are not members) leave the "Members"
group: members' access now follows the organisation's membership status."""

from django.conf import settings
from django.db import migrations

CURRENT_MEMBERSHIP = ("member", "associate", "committee")


def sync_members_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    MemberProfile = apps.get_model("cms", "MemberProfile")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    group = Group.objects.filter(name="Members").first()
    if group is None:
        return
    Membership = User.groups.through
    lapsed = MemberProfile.objects.exclude(
        organisation__membership_status__in=CURRENT_MEMBERSHIP
    ).values_list("user_id", flat=True)
    Membership.objects.filter(group=group, user_id__in=list(lapsed)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_event_index_followed_events"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(sync_members_group, migrations.RunPython.noop)]

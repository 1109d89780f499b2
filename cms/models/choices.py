"""The network's vocabularies: kinds of organisation, membership, levels of government, budgets.

They sit below the page families so that what is built on them (access rules, facets, forms,
fees) can name them without importing the pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County or department")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    OTHER_AUTHORITY = "other_authority", _("Other local authority")
    INSTITUTION = "institution", _("Cultural institution or structure")
    CULTURAL_CENTRE = "cultural_centre", _("Cultural centre")
    NATIONAL_NETWORK = "national_network", _("National network")
    INDIVIDUAL = "individual", _("Individual member")
    ALLIED_NETWORK = "allied_network", _("Allied network")


#: Kinds whose size figure is a population.
AUTHORITY_KINDS = {"city", "county", "province", "region", "other_authority"}


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    MEMBER = "member", _("Member")
    ASSOCIATE = "associate", _("Associate member")
    COMMITTEE = "committee", _("Committee member")
    FORMER = "former", _("Former member")
    NONE = "none", _("Not a member")


#: Statuses that make an organisation a member today (counted in "N members from M countries").
CURRENT_MEMBERSHIP = ("member", "associate", "committee")
CURRENT_MEMBERSHIP_CHOICES = [
    (value, label) for value, label in MembershipStatus.choices if value in CURRENT_MEMBERSHIP
]


class SizeUnit(models.TextChoices):
    INHABITANTS = "inhabitants", _("inhabitants")
    BUDGET_EUR = "budget_eur", _("euros of annual budget")
    STAFF = "staff", _("staff")
    NONE = "", _("not applicable")


class GovernmentLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")
    CROSS_BORDER = "cross_border", _("Cross-border")


class BudgetBand(models.TextChoices):
    UNDER_10K = "lt10k", _("Under €10,000")
    UP_TO_50K = "10k-50k", _("€10,000 to €50,000")
    UP_TO_250K = "50k-250k", _("€50,000 to €250,000")
    UP_TO_1M = "250k-1m", _("€250,000 to €1 million")
    OVER_1M = "gt1m", _("Over €1 million")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")

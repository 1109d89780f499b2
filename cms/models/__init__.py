"""The site's page types and snippets, one module per page family.

Code inside cms imports from the family's module (`cms.models.directory`), not from here: this
package loads every family, so importing it from a module a family needs would make a cycle.
"""

from .directory import DirectoryPage, OrganisationPage  # noqa: F401
from .events import EventIndexPage, EventPage, EventRelatedPublication  # noqa: F401
from .fees import FeeBand  # noqa: F401
from .home import HomePage, HomePageFeaturedPage  # noqa: F401
from .membership import ContactMessage, MemberProfile, MembershipApplication  # noqa: F401
from .news import NewsArticlePage, NewsArticleTag, NewsIndexPage  # noqa: F401
from .practices import PracticeDocument, PracticeIndexPage, PracticeOrganisation, PracticePage  # noqa: F401
from .privacy import ErasureRecord, PrivacySettings  # noqa: F401
from .projects import ProjectIndexPage, ProjectPage, ProjectPartner, ProjectRelatedPage  # noqa: F401
from .publications import PublicationDocument, PublicationIndexPage, PublicationPage  # noqa: F401
from .standard import StandardPage  # noqa: F401
from .statements import CoSignRequest, StatementPage, StatementSignatory  # noqa: F401
from .tags import Tag  # noqa: F401
from .themes import Theme  # noqa: F401

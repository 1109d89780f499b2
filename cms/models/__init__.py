"""The site's page types and snippets."""

from .directory import DirectoryPage, OrganisationPage  # noqa: F401
from .fees import FeeBand  # noqa: F401
from .membership import ContactMessage, MemberProfile, MembershipApplication  # noqa: F401
from .pages import (  # noqa: F401
    EventIndexPage,
    EventPage,
    EventRelatedPublication,
    HomePage,
    HomePageFeaturedPage,
    NewsArticlePage,
    NewsArticleTag,
    NewsIndexPage,
    PublicationDocument,
    PublicationIndexPage,
    PublicationPage,
    StandardPage,
)
from .practices import PracticeDocument, PracticeIndexPage, PracticeOrganisation, PracticePage  # noqa: F401
from .projects import ProjectIndexPage, ProjectPage, ProjectPartner, ProjectRelatedPage  # noqa: F401
from .statements import CoSignRequest, StatementPage, StatementSignatory  # noqa: F401
from .themes import Theme  # noqa: F401

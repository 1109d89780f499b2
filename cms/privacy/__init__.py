"""Personal data: what a person can download (right of access), how an account is erased (right
to erasure) and how long messages and declined applications are kept (storage limitation).

The verbs are re-exported here; views, the admin, the command and the tests call them. Each app
that holds personal data contributes a section (cms/privacy/registry.py); the site's own and the
working groups' sections are registered by importing cms/privacy/sections.py, here.
"""

from . import sections as _sections  # noqa: F401 - registers the site's sections
from .erasure import erase_person, erasure_preview, pages_naming
from .export import export_personal_data, personal_data_file
from .registry import Section, register_section
from .retention import apply_retention, months_before

__all__ = [
    "Section",
    "apply_retention",
    "erase_person",
    "erasure_preview",
    "export_personal_data",
    "months_before",
    "pages_naming",
    "personal_data_file",
    "register_section",
]

"""The demo network (LIKE): `load_demo_data` builds it in every configured language from the data
files in cms/demo/data, through the same verbs the site uses; running it twice changes nothing."""

from cms.demo.build import load_demo_data
from cms.demo.members import load_demo_members
from cms.demo.publishing import translate_page
from cms.demo.texts import Strings

__all__ = ["Strings", "load_demo_data", "load_demo_members", "translate_page"]

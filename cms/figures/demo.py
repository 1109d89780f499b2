"""Demo content of cms_figures, built through the app's own verbs; running it twice changes nothing."""


def load_demo(home, data, locales, stdout=None):
    """Add this app's demo content under `home` (the English home page); return a summary line."""
    return ""

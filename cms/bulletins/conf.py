"""The e-bulletin's settings (BULLETINS_*), with their defaults, read when used."""

from django.conf import settings

DEFAULTS = {
    # Messages a worker sends per second at most (0: as fast as the mail server takes them).
    "SEND_RATE": 10.0,
    # Messages sent over one SMTP connection before the task hands over to the next batch.
    "BATCH_SIZE": 200,
    # How long a link in an e-mail stays valid (days): confirmation, preferences, unsubscribe.
    "CONFIRM_DAYS": 7,
    "PREFERENCES_DAYS": 400,
    # Sign-ups from one client address per hour (the form is public).
    "SIGNUP_RATE_LIMIT": 10,
    # Country (ISO code) -> language of an organisation's contact without a language of its own;
    # only languages the site offers are used.
    "COUNTRY_LANGUAGES": {
        "FR": "fr",
        "BE": "fr",
        "LU": "fr",
        "DE": "de",
        "AT": "de",
        "CH": "de",
        "ES": "es",
        "IT": "it",
        "PL": "pl",
        "GB": "en",
        "IE": "en",
        "MT": "en",
    },
    # How many items an automatic block lists when the editor leaves the count empty.
    "AUTO_ITEMS": 4,
}


def setting(name):
    return getattr(settings, f"BULLETINS_{name}", DEFAULTS[name])

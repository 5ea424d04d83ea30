"""The embedded mode `make run` serves (SQLite, Celery eager): what a newcomer or a demo sees.

DEBUG is off by default, so errors answer with Simutasi's Indonesian pages (403, 404, 500, CSRF), not
Django's English debugging pages; a developer turns it on with DEBUG=true. Static files come straight
from the app folders through WhiteNoise (no collectstatic needed)."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

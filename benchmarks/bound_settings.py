"""Production settings with the load benchmark's bound views added (`benchmarks/bound_urls.py`)."""

from config.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.bound_urls"

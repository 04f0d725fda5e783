"""Settings for the member API benchmark: the app's own, plus two ceiling views.

Used only by bench/member_api.py (DJANGO_SETTINGS_MODULE=bench.member_api_settings);
production never loads it, so the ceiling views never exist there.
"""

from gymintel.settings import *  # noqa: F403

ROOT_URLCONF = "bench.member_api_urls"

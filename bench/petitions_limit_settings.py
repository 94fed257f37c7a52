"""Settings of the limit server of bench/petitions_signing.py: Suma's, with a bare URLconf.

Same middleware, database and cache as the signing server; its one endpoint does one INSERT
(see petitions_limit_urls.py). Not part of suma: gunicorn finds it with --pythonpath bench.
"""

from suma.settings import *  # noqa: F403

ROOT_URLCONF = "petitions_limit_urls"

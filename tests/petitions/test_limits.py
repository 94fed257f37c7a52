"""Rate limits on signing, counted in the cache: the database cache (the default) and Redis
(SUMA_REDIS_URL, one pipelined round trip per signature) refuse at the same count."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from suma.tactics.petitions import limits

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/9"}}
LIMITS = {"ip": "3/h", "email": "2/h", "petition": "7/m", "burst": "1/h"}


def _refusals(attempts):
    """Sign `attempts` [(ip, mailbox)] on petition 1; what each one met."""
    met = []
    for ip, mailbox in attempts:
        try:
            met.append("burst" if limits.check(petition_id=1, ip=ip, mailbox=mailbox)
                       else "ok")
        except limits.RateLimited as refused:
            said = str(refused.message)
            met.append("ip" if "network" in said else "email" if "email" in said
                       else "petition" if "petition" in said else said)
    return met


@pytest.mark.parametrize("caches", [None, REDIS], ids=["database_cache", "redis"])
def test_each_limit_refuses_past_its_count_and_a_burst_is_held(caches, db):
    with override_settings(SUMA_PETITION_LIMITS=LIMITS, **({"CACHES": caches} if caches else {})):
        cache.clear()
        # One address: the second is a burst (held, not refused), the fourth is refused.
        assert _refusals([("10.0.0.1", f"a{i}@example.org") for i in range(4)]) == [
            "ok", "burst", "burst", "ip"]
        # One mailbox from new addresses: the third attempt is refused.
        assert _refusals([(f"10.0.1.{i}", "same@example.org") for i in range(3)]) == [
            "ok", "ok", "email"]
        # The petition took 7 attempts this minute, its limit: the next is refused.
        assert _refusals([("10.0.2.1", "new@example.org")]) == ["petition"]
        cache.clear()

"""Rate limits on signing, counted in the cache: per IP, per mailbox, per petition.

Limits are "count/period" strings in settings (SUMA_PETITION_LIMIT_* in the environment,
see docs/petitions.md), read when used. Going over a limit refuses the signature with 429;
going over the burst limit of one IP does not refuse it but quarantines it silently.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from suma.core.errors import SumaError

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULTS = {
    "ip": "30/h",            # signatures sent from one address
    "email": "5/h",          # attempts for one mailbox, every petition together
    "petition": "2000/s",    # signatures into one petition
    "burst": "10/10m",       # beyond this, one address's signatures go to the review queue
}


class RateLimited(SumaError):
    status = 429

    def __init__(self, message) -> None:
        super().__init__(message, code="rate_limited")


def parse(rate: str) -> tuple[int, int]:
    """'30/h' -> (30, 3600); '10/10m' -> (10, 600)."""
    count, _slash, period = rate.partition("/")
    unit = period[-1:]
    multiple = int(period[:-1] or 1)
    return int(count), multiple * PERIODS[unit]


def _rate(kind: str) -> tuple[int, int]:
    return parse(getattr(settings, "SUMA_PETITION_LIMITS", {}).get(kind, DEFAULTS[kind]))


def _name(kind: str, key: str, period: int) -> str:
    return f"suma:petitions:{kind}:{key}:{int(time.time() // period)}"


def _hit(kind: str, key: str) -> bool:
    """Count one more in this period; True while within the limit."""
    limit, period = _rate(kind)
    if limit <= 0:
        return True
    name = _name(kind, key, period)
    if cache.add(name, 1, period + 1):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add and incr
        cache.add(name, 1, period + 1)
        return True


# Count every key in one call: INCR, and the expiry when the key is new. Atomic in Redis.
_COUNT_LUA = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""
_scripts: dict[int, object] = {}


def _redis_hits(counters: list[tuple[str, str]]) -> dict[str, bool] | None:
    """On Redis (SUMA_REDIS_URL), count every (kind, key) in one round trip, one script.
    None when the cache is another backend."""
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client_of is None:
        return None
    rates = {kind: _rate(kind) for kind, _key in counters}
    live = [(kind, key) for kind, key in counters if rates[kind][0] > 0]
    within = {kind: True for kind, _key in counters}
    if not live:
        return within
    client = client_of(write=True)
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_COUNT_LUA)
    counts = script(keys=[cache.make_and_validate_key(_name(kind, key, rates[kind][1]))
                          for kind, key in live],
                    args=[rates[kind][1] + 1 for kind, _key in live])
    for (kind, _key), count in zip(live, counts, strict=True):
        within[kind] = int(count) <= rates[kind][0]
    return within


def check(*, petition_id: int, ip: str, mailbox: str) -> bool:
    """Count one signing attempt; raise RateLimited past a limit. Returns whether the
    address is sending a burst (its signatures are then held for review)."""
    counters = [("petition", str(petition_id))]
    if ip:
        counters += [("ip", ip), ("burst", f"{petition_id}:{ip}")]
    if mailbox:
        counters.append(("email", mailbox))
    within = _redis_hits(counters)
    if within is None:
        within = {kind: _hit(kind, key) for kind, key in counters}
    if not within["petition"]:
        raise RateLimited(_("This petition is receiving too many signatures right now. "
                            "Try again in a minute."))
    if not within.get("ip", True):
        raise RateLimited(_("Too many signatures came from your network. Try again later."))
    if not within.get("email", True):
        raise RateLimited(_("Too many attempts with this email address. Try again later."))
    return not within.get("burst", True)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind SUMA_TRUSTED_PROXY_COUNT reverse proxies
    that append to X-Forwarded-For, the address the outermost of them saw."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]

"""Email addresses reduced to the mailbox they reach: one signature per person (no Django).

Providers deliver some differently written addresses to one mailbox. A petition counts one
signature per mailbox, so an address is normalised before it is compared:

- every address: surrounding spaces dropped, lowercased (providers treat the local part
  case-insensitively, whatever RFC 5321 allows);
- gmail.com and googlemail.com (one service): dots in the local part are ignored, and so is
  everything from a `+`; googlemail.com becomes gmail.com;
- Outlook (outlook.com, hotmail.*, live.*, msn.com), Fastmail, Proton Mail and iCloud:
  everything from a `+` is ignored (sub-addressing); dots count;
- Yahoo (yahoo.*, ymail.com, rocketmail.com): everything from a `-` is ignored (Yahoo's
  disposable addresses are `base-keyword@yahoo.com`); `+` and dots count.

Other domains are compared as written (lowercased): their rules are unknown, and merging two
people's addresses would lose a real signature. docs/petitions.md keeps this table.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    dots: bool = False          # dots in the local part are ignored
    suffix: str = ""            # everything from this character on is ignored
    domain: str = ""            # the canonical domain, when several name one service


GMAIL = Rule(dots=True, suffix="+", domain="gmail.com")
PLUS = Rule(suffix="+")
DASH = Rule(suffix="-")

PROVIDERS: dict[str, Rule] = {
    "gmail.com": GMAIL,
    "googlemail.com": GMAIL,
    **{domain: PLUS for domain in (
        "outlook.com", "outlook.fr", "outlook.es", "outlook.it", "outlook.de",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.es", "hotmail.it",
        "hotmail.de", "live.com", "live.co.uk", "live.fr", "live.it", "msn.com",
        "fastmail.com", "fastmail.fm",
        "protonmail.com", "protonmail.ch", "proton.me", "pm.me",
        "icloud.com", "me.com", "mac.com")},
    **{domain: DASH for domain in (
        "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.es", "yahoo.it", "yahoo.de",
        "ymail.com", "rocketmail.com")},
}


def normalise_email(address: str) -> str:
    """The mailbox an address reaches, as a comparable string; ValueError if it has no @."""
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValueError("not an email address")
    rule = PROVIDERS.get(domain)
    if rule is None:
        return f"{local}@{domain}"
    if rule.suffix and rule.suffix in local[1:]:
        # A leading suffix character is the name itself, not a tag (e.g. "+x@…" stays).
        local = local[0] + local[1:].split(rule.suffix, 1)[0]
    if rule.dots:
        local = local.replace(".", "") or local
    return f"{local}@{rule.domain or domain}"

"""Why a signature looks suspicious, if it does: the reasons it is quarantined (no Django).

Nothing here refuses a signature: a suspicious one is kept aside, silently, for organisers
to approve or reject (the signer sees the same success as everyone), so a false alarm costs
a click, not a lost signature.
"""

import re
import unicodedata

from confusable_homoglyphs import confusables

# Throwaway-mailbox services; an address there is unlikely to be a person who will stay.
DISPOSABLE_DOMAINS = frozenset({
    "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com",
    "10minutemail.com", "10minutemail.net", "yopmail.com", "yopmail.fr", "trashmail.com",
    "trashmail.de", "tempmail.com", "temp-mail.org", "dispostable.com", "maildrop.cc",
    "getnada.com", "throwawaymail.com", "fakeinbox.com", "mailnesia.com", "mintemail.com",
    "spamgourmet.com", "mohmal.com", "emailondeck.com", "tempail.com", "discard.email",
})
# Six or more digits in a row in the local part (a generated address: jane83920417@…).
_GENERATED = re.compile(r"\d{6,}")
# A link in a name: an advertisement, not a person.
_URL = re.compile(r"(https?://|www\.|\.[a-z]{2,6}/)", re.IGNORECASE)

NAME_CONFUSABLE = "name_confusable"
NAME_MIXED_SCRIPT = "name_mixed_script"
NAME_LINK = "name_link"
NAME_INVISIBLE = "name_invisible"
EMAIL_DISPOSABLE = "email_disposable"
EMAIL_GENERATED = "email_generated"
IP_BURST = "ip_burst"


def name_reasons(name: str) -> list[str]:
    """What is odd about a signer's name: look-alike letters from several scripts (a name
    written to pass filters, like 'Ρaypal' with a Greek Rho), links, invisible characters."""
    reasons = []
    if any(unicodedata.category(ch) in ("Cf", "Co", "Cn") for ch in name):
        reasons.append(NAME_INVISIBLE)
    for word in re.findall(r"[^\W\d_]+", name):
        # Several scripts inside one word: 'Jаne' with a Cyrillic 'а' (a look-alike, so
        # "confusable"), or letters of scripts no name mixes. Words in different scripts
        # ('Nikos Παπαδόπουλος') are a person's name.
        if confusables.is_mixed_script(word):
            reason = NAME_CONFUSABLE if confusables.is_dangerous(word) else NAME_MIXED_SCRIPT
            if reason not in reasons:
                reasons.append(reason)
    if _URL.search(name):
        reasons.append(NAME_LINK)
    return reasons


def email_reasons(address: str) -> list[str]:
    local, _at, domain = address.lower().rpartition("@")
    reasons = []
    if domain in DISPOSABLE_DOMAINS:
        reasons.append(EMAIL_DISPOSABLE)
    if _GENERATED.search(local):
        reasons.append(EMAIL_GENERATED)
    return reasons


def screen(*, name: str, email: str, burst: bool = False) -> list[str]:
    """Every reason to quarantine a signature; empty when it looks like a person's."""
    reasons = name_reasons(name) + email_reasons(email)
    if burst:
        reasons.append(IP_BURST)
    return reasons

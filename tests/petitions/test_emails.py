"""Email normalisation: one mailbox, one signature (a pure module, property-tested)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suma.tactics.petitions.emails import PROVIDERS, normalise_email

local_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1,
                     max_size=20).filter(lambda s: s.strip("._"))
tag = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=0, max_size=10)
other_domain = st.sampled_from(["example.org", "uni.example", "mail.co.ke", "posteo.de"])


@given(local_part, st.sampled_from(sorted(PROVIDERS) + ["example.org"]))
def test_normalising_twice_changes_nothing(local, domain):
    once = normalise_email(f"{local}@{domain}")
    assert normalise_email(once) == once


@given(local_part, st.sampled_from(sorted(PROVIDERS) + ["example.org"]))
def test_case_and_surrounding_spaces_never_matter(local, domain):
    assert normalise_email(f"  {local.upper()}@{domain.upper()} ") == \
        normalise_email(f"{local}@{domain}")


@given(local_part, tag, st.sampled_from(["gmail.com", "googlemail.com"]))
def test_gmail_ignores_dots_and_plus_tags_and_googlemail_is_gmail(local, suffix, domain):
    base = local.replace(".", "")
    if not base or base[0] == "+":
        return
    dotted = ".".join(base)
    assert normalise_email(f"{dotted}+{suffix}@{domain}") == normalise_email(f"{base}@gmail.com")


@given(local_part, tag, st.sampled_from(["outlook.com", "hotmail.com", "live.com",
                                         "fastmail.com", "protonmail.com", "icloud.com"]))
def test_plus_tags_are_ignored_where_the_provider_ignores_them_but_dots_count(local, suffix,
                                                                              domain):
    assert normalise_email(f"{local}+{suffix}@{domain}") == normalise_email(f"{local}@{domain}")
    if "." not in local and len(local) > 1:
        assert normalise_email(f"{local[0]}.{local[1:]}@{domain}") != \
            normalise_email(f"{local}@{domain}")


@given(local_part, tag, st.sampled_from(["yahoo.com", "ymail.com"]))
def test_yahoo_ignores_dash_keywords(local, suffix, domain):
    assert normalise_email(f"{local}-{suffix}@{domain}") == normalise_email(f"{local}@{domain}")


@given(local_part, tag, other_domain)
def test_other_providers_keep_dots_and_tags_as_written(local, suffix, domain):
    address = f"{local}+{suffix}@{domain}"
    assert normalise_email(address) == address.lower()


@pytest.mark.parametrize("bad", ["", "no-at-sign", "@example.org", "name@"])
def test_something_that_is_not_an_address_is_refused(bad):
    with pytest.raises(ValueError):
        normalise_email(bad)


def test_examples_from_the_docs():
    assert normalise_email("Jane.Doe+petitions@GoogleMail.com") == "janedoe@gmail.com"
    assert normalise_email("jane.doe+x@outlook.com") == "jane.doe@outlook.com"
    assert normalise_email("jane-news@yahoo.com") == "jane@yahoo.com"
    assert normalise_email("jane.doe+x@example.org") == "jane.doe+x@example.org"

"""The petitions rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py (see tests/governance/matrix_*.py);
values(world) returns the ids their {placeholders} name, built with the real services: a
campaign of the Nairobi chapter (its organiser and the steward organise its petitions), an
open petition with a signature held for review and a visitor's unconfirmed signature, a
draft, a closed petition, and one the member signed.
"""

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


def everyone(expected) -> dict:
    return row(*[expected] * len(ROLES))


P = "/u/users/petitions"
OPEN = f"{P}/{{petitions_open}}"
ORGANISERS = row(LOGIN, 403, 403, 403, 403, 200, 200)
ORGANISERS_DO = row(LOGIN, 403, 403, 403, 403, DONE, DONE)
VISITOR = {"name": "Jane Roe", "email": "jane.roe@example.org", "country": "IE",
           "postcode": "D02 X285"}
PETITION = {"campaign": "{petitions_campaign}", "slug": "matrix-new", "title": "A new petition",
            "target": "Requesters Inc.", "text": "Pay us.", "milestones": "10: a reply",
            "anonymise_after_days": "90"}
EDIT = {"title": "Pay click workers fairly", "target": "Requesters Inc.",
        "text": "We ask for **fair pay** per task.", "milestones": "3: a reply\n50: delivery",
        "anonymise_after_days": "60"}

PAGES: dict = {
    "petition_list": ("GET", f"{P}/", None, everyone(200)),
    # The matrix world also holds a union-wide campaign (the pledges rows'): any organiser
    # may start a petition there, but not in the Nairobi chapter's campaign posted here.
    "petition_create": ("GET", f"{P}/new/", None, row(LOGIN, 403, 403, 403, 200, 200, 200)),
    "petition_create-save": ("POST", f"{P}/new/", PETITION,
                             row(LOGIN, 403, 403, 403, 400, DONE, DONE)),
    "petition_detail": ("GET", f"{OPEN}/", None, everyone(200)),
    "petition_detail-draft": ("GET", f"{P}/{{petitions_draft}}/", None,
                              row(404, 404, 404, 404, 404, 200, 200)),
    "petition_detail-unknown": ("GET", f"{P}/nowhere/", None, everyone(404)),
    # Visitors fill the form; signed-in people sign as themselves with one click.
    "petition_sign": ("POST", f"{OPEN}/sign/", {**VISITOR, "country": "KE"}, everyone(DONE)),
    "petition_sign-closed": ("POST", f"{P}/{{petitions_closed}}/sign/", VISITOR,
                             everyone(REFUSED)),
    "petition_sign-draft": ("POST", f"{P}/{{petitions_draft}}/sign/", VISITOR,
                            row(404, 404, 404, 404, 404, REFUSED, REFUSED)),
    "petition_sign-twice": ("POST", f"{P}/{{petitions_signed}}/sign/", VISITOR,
                            row(DONE, DONE, DONE, REFUSED, DONE, DONE, DONE)),
    # The emailed link is the credential: whoever holds it may confirm (by POST only).
    "signature_confirm": ("GET", f"{OPEN}/confirm/{{petitions_token}}/", None, everyone(200)),
    "signature_confirm-post": ("POST", f"{OPEN}/confirm/{{petitions_token}}/", {},
                               everyone(DONE)),
    "signature_confirm-forged": ("POST", f"{OPEN}/confirm/999999999.forged/", {},
                                 everyone(404)),
    "signature_withdraw": ("POST", f"{P}/{{petitions_signed}}/withdraw/", {},
                           row(LOGIN, REFUSED, REFUSED, DONE, REFUSED, REFUSED, REFUSED)),
    "signature_withdraw_link": ("GET", f"{OPEN}/withdraw/{{petitions_withdraw}}/", None,
                                everyone(200)),
    "signature_withdraw_link-post": ("POST", f"{OPEN}/withdraw/{{petitions_withdraw}}/", {},
                                     everyone(DONE)),
    "signature_withdraw_link-forged": ("GET", f"{OPEN}/withdraw/forged/", None, everyone(404)),
    "petition_edit": ("GET", f"{OPEN}/edit/", None, ORGANISERS),
    "petition_edit-save": ("POST", f"{OPEN}/edit/", EDIT, ORGANISERS_DO),
    "petition_edit-draft": ("GET", f"{P}/{{petitions_draft}}/edit/", None,
                            row(LOGIN, 404, 404, 404, 404, 200, 200)),
    "petition_status-close": ("POST", f"{OPEN}/status/", {"action": "close"}, ORGANISERS_DO),
    "petition_status-open": ("POST", f"{P}/{{petitions_draft}}/status/", {"action": "open"},
                             row(LOGIN, 404, 404, 404, 404, DONE, DONE)),
    "petition_status-reopen": ("POST", f"{P}/{{petitions_closed}}/status/", {"action": "open"},
                               row(LOGIN, 403, 403, 403, 403, REFUSED, REFUSED)),
    "signature_review": ("GET", f"{OPEN}/review/", None, ORGANISERS),
    "signature_review-approve": ("POST", f"{OPEN}/review/",
                                 {"signature": "{petitions_held}", "decision": "approve"},
                                 ORGANISERS_DO),
    "petition_delivery": ("GET", f"{OPEN}/delivery/", None, ORGANISERS),
    "petition_delivery-deliver": ("POST", f"{OPEN}/delivery/", {}, ORGANISERS_DO),
    "petition_letter": ("GET", f"{OPEN}/letter.pdf", None, ORGANISERS),
    "petition_signatures_csv": ("GET", f"{OPEN}/signatures.csv", None, ORGANISERS),
}

A = "/unions/{union_slug}/petitions"
PT = f"{A}/{{petition_slug}}"
CALLED = "/unions/users/petitions/{petitions_open}"
API_ORGANISERS = row(401, 403, 403, 403, 403, 200, 200)

API: dict = {
    f"GET {A}": (None, everyone(200)),
    f"GET {PT}": (None, everyone(200), CALLED),
    f"GET {PT}/countries": (None, everyone(200), f"{CALLED}/countries"),
    f"POST {PT}/signatures": ({"country": "KE"}, row(401, 201, 201, 201, 201, 201, 201),
                             f"{CALLED}/signatures"),
    f"DELETE {PT}/signatures/mine": (None, row(401, 404, 404, 204, 404, 404, 404),
                                     "/unions/users/petitions/{petitions_signed}"
                                     "/signatures/mine"),
    f"POST {PT}/visitor-signatures": (VISITOR, everyone(202), f"{CALLED}/visitor-signatures"),
    # Tokens come from emails: a forged one is refused whoever sends it.
    f"POST {PT}/confirmations": ({"token": "999999999.forged"}, everyone(404),
                                 f"{CALLED}/confirmations"),
    f"POST {PT}/withdrawals": ({"token": "forged"}, everyone(404), f"{CALLED}/withdrawals"),
    f"GET {PT}/review-queue": (None, API_ORGANISERS, f"{CALLED}/review-queue"),
    f"POST {PT}/review-queue/{{signature_id}}": ({"decision": "approve"}, API_ORGANISERS,
                                                f"{CALLED}/review-queue/{{petitions_held}}"),
    f"POST {PT}/delivery": (None, API_ORGANISERS, f"{CALLED}/delivery"),
    f"GET {PT}/letter.pdf": (None, API_ORGANISERS, f"{CALLED}/letter.pdf"),
    f"GET {PT}/signatures.csv": (None, API_ORGANISERS, f"{CALLED}/signatures.csv"),
}


def values(world) -> dict:
    from suma.tactics.petitions import services
    from tests.petitions.world import campaign_for, make_petition, visitor_confirmed

    campaign = campaign_for(world, slug="petitions-matrix")
    opened = make_petition(world, slug="matrix-open", campaign=campaign)
    held = visitor_confirmed(opened, name="Jаne Doe", email="held@example.org")  # noqa: RUF001
    confirmed = visitor_confirmed(opened, name="John Roe", email="john@example.org")
    pending = services.petition_sign_visitor(petition=opened, name="Pat Roe", country="KE",
                                             email="pat@example.org", send_email=False)
    token = services.signature_token_issue(signature=pending)
    draft = make_petition(world, slug="matrix-draft", campaign=campaign, open_it=False)
    closed = make_petition(world, slug="matrix-closed", campaign=campaign)
    services.petition_close(petition=closed, by=world.organiser)
    signed = make_petition(world, slug="matrix-signed", campaign=campaign)
    services.petition_sign(petition=signed, user=world.member, country="KE")
    return {"petitions_campaign": campaign.pk, "petitions_open": opened.slug,
            "petitions_draft": draft.slug, "petitions_closed": closed.slug,
            "petitions_signed": signed.slug, "petitions_token": token,
            "petitions_withdraw": services.withdraw_token(confirmed),
            "petitions_held": held.pk}

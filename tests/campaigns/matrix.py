"""The campaigns rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py (see tests/governance/matrix_*.py);
values(world) returns the ids their {placeholders} name, built with the real services: a
target in the directory, the example representatives, an active campaign and a draft, both
owned by the organiser's chapter (nairobi), with a section A and its demand A1, and a member's
unsubscribe link.
"""

from suma.campaigns import services
from suma.campaigns.directory import REPRESENTATIVES_EXAMPLE, representatives_import
from suma.campaigns.notifications import campaign_unsubscribe_token

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


def everyone(expected) -> dict:
    return row(*[expected] * len(ROLES))


P = "/u/users/campaigns"
A = f"{P}/matrix-active"
D = f"{P}/matrix-draft"
ORGANISERS = row(LOGIN, 403, 403, 403, 200, 200, 200)     # of any chapter, and stewards
ORGANISERS_DO = row(LOGIN, 403, 403, 403, DONE, DONE, DONE)
RUNS = row(LOGIN, 403, 403, 403, 403, 200, 200)           # the owner chapter's organiser
RUNS_DO = row(LOGIN, 403, 403, 403, 403, DONE, DONE)
ORGANISATION = {"name": "Matrix Regulator", "kind": "regulator", "country": "FR",
                "website": "", "email": "", "postal_address": "", "contacts": ""}

PAGES: dict = {
    "campaign_list": ("GET", f"{P}/", None, everyone(200)),
    "campaign_list-unknown_union": ("GET", "/u/nowhere/campaigns/", None, everyone(404)),
    "campaign_create": ("GET", f"{P}/new/", None, ORGANISERS),
    "campaign_create-save": ("POST", f"{P}/new/", {"title": "Matrix new campaign"},
                             ORGANISERS_DO),
    "union_repertoire": ("GET", f"{P}/repertoire/", None, everyone(200)),
    "organisation_list": ("GET", f"{P}/targets/", None, everyone(200)),
    "organisation_list-search": ("GET", f"{P}/targets/?q=matrix&kind=platform&country=ie",
                                 None, everyone(200)),
    "organisation_list-filters": ("GET", f"{P}/targets/?kind=authority&category=social+media"
                                         "&controller=on&page=2", None, everyone(200)),
    "representative_list": ("GET", f"{P}/targets/representatives/", None, everyone(200)),
    "representative_list-search": ("GET", f"{P}/targets/representatives/?country=de&region="
                                          "baden-wurttemberg&body=Deutscher+Bundestag&q=x",
                                   None, everyone(200)),
    "organisation_create": ("GET", f"{P}/targets/new/", None, ORGANISERS),
    "organisation_create-save": ("POST", f"{P}/targets/new/", ORGANISATION, ORGANISERS_DO),
    "organisation_detail": ("GET", f"{P}/targets/{{campaigns_org}}/", None, everyone(200)),
    "organisation_detail-unknown": ("GET", f"{P}/targets/999999/", None, everyone(404)),
    "organisation_edit": ("GET", f"{P}/targets/{{campaigns_org}}/edit/", None, ORGANISERS),
    "organisation_edit-save": ("POST", f"{P}/targets/{{campaigns_org}}/edit/",
                               ORGANISATION | {"name": "Matrix Platform", "kind": "platform",
                                               "country": "IE"}, ORGANISERS_DO),
    "campaign_detail": ("GET", f"{A}/", None, everyone(200)),
    "campaign_detail-draft": ("GET", f"{D}/", None, RUNS),
    "campaign_detail-unknown": ("GET", f"{P}/nowhere/", None, everyone(404)),
    "campaign_edit": ("GET", f"{A}/edit/", None, RUNS),
    "campaign_edit-save": ("POST", f"{A}/edit/", {"title": "Matrix active, renamed",
                                                  "targets": "{campaigns_org}"}, RUNS_DO),
    "campaign_status-launch": ("POST", f"{D}/status/", {"status": "active"}, RUNS_DO),
    "campaign_status-not_allowed": ("POST", f"{A}/status/", {"status": "draft"},
                                    row(LOGIN, 403, 403, 403, 403, REFUSED, REFUSED)),
    "campaign_event_add": ("GET", f"{A}/timeline/new/", None, RUNS),
    "campaign_event_add-save": ("POST", f"{A}/timeline/new/",
                                {"kind": "press", "title": "In the news", "on": "2020-01-05"},
                                RUNS_DO),
    "section_add": ("GET", f"{A}/sections/new/", None, RUNS),
    "section_add-save": ("POST", f"{A}/sections/new/", {"code": "Z", "title": "More"}, RUNS_DO),
    "section_edit": ("GET", f"{A}/sections/{{campaigns_section}}/edit/", None, RUNS),
    "section_edit-save": ("POST", f"{A}/sections/{{campaigns_section}}/edit/",
                          {"title": "Renamed"}, RUNS_DO),
    "demand_add": ("GET", f"{A}/sections/{{campaigns_section}}/demands/new/", None, RUNS),
    "demand_add-save": ("POST", f"{A}/sections/{{campaigns_section}}/demands/new/",
                        {"text": "A new demand"}, RUNS_DO),
    "demand_edit": ("GET", f"{A}/demands/{{campaigns_demand}}/edit/", None, RUNS),
    "demand_edit-save": ("POST", f"{A}/demands/{{campaigns_demand}}/edit/",
                         {"text": "Reworded"}, RUNS_DO),
    "demand_status": ("GET", f"{A}/demands/{{campaigns_demand}}/status/", None, RUNS),
    "demand_status-save": ("POST", f"{A}/demands/{{campaigns_demand}}/status/",
                           {"status": "met", "on": "2020-01-05"}, RUNS_DO),
    "campaign_repertoire": ("GET", f"{A}/repertoire/", None, everyone(200)),
    "campaign_repertoire-draft": ("GET", f"{D}/repertoire/", None, RUNS),
    "campaign_follow-off": ("POST", f"{A}/follow/", {"follow": "off"},
                            row(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE)),
    "campaign_follow-draft": ("POST", f"{D}/follow/", {"follow": "off"},
                              row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    # The signed link is the credential: whoever holds it may use it.
    "campaign_unsubscribe": ("GET", f"{A}/unsubscribe/{{campaigns_unsubscribe}}/", None,
                             everyone(200)),
    "campaign_unsubscribe-confirm": ("POST", f"{A}/unsubscribe/{{campaigns_unsubscribe}}/",
                                     {}, everyone(200)),
    "campaign_unsubscribe-forged": ("GET", f"{A}/unsubscribe/forged/", None, everyone(400)),
}

V = "/unions/{union_slug}/campaigns/{campaign_slug}"
AA = "/unions/users/campaigns/matrix-active"
DD = "/unions/users/campaigns/matrix-draft"
API_ORGANISERS = row(401, 403, 403, 403, 201, 201, 201)
API_RUNS = row(401, 403, 403, 403, 403, 200, 200)
API_RUNS_NEW = row(401, 403, 403, 403, 403, 201, 201)
MEMBERS = row(401, 200, 200, 200, 200, 200, 200)  # anyone with an account

API: dict = {
    "GET /organisations": (None, everyone(200)),
    "POST /organisations": ({"name": "API Regulator", "kind": "regulator", "country": "FR"},
                            API_ORGANISERS),
    "GET /organisations/{organisation_id}": (None, everyone(200),
                                             "/organisations/{campaigns_org}"),
    "PATCH /organisations/{organisation_id}": ({"contacts": "Press office"},
                                               row(401, 403, 403, 403, 200, 200, 200),
                                               "/organisations/{campaigns_org}"),
    "GET /representatives": (None, everyone(200), "/representatives?country=DE&region=berlin"),
    "GET /unions/{union_slug}/campaigns": (None, everyone(200)),
    "POST /unions/{union_slug}/campaigns": ({"title": "API campaign"}, API_ORGANISERS),
    f"GET {V}": (None, everyone(200), AA),
    f"PATCH {V}": ({"summary": "Changed"}, API_RUNS, AA),
    # A draft is unknown (404) to those who may not see it.
    f"POST {V}/status": ({"status": "active"}, row(401, 404, 404, 404, 404, 200, 200),
                         f"{DD}/status"),
    f"GET {V}/sections": (None, everyone(200), f"{AA}/sections"),
    f"POST {V}/sections": ({"code": "Z", "title": "More"}, API_RUNS_NEW, f"{AA}/sections"),
    f"POST {V}/sections/{{section_id}}/demands": (
        {"text": "A new demand"}, API_RUNS_NEW, f"{AA}/sections/{{campaigns_section}}/demands"),
    f"GET {V}/demands/{{demand_id}}": (None, everyone(200),
                                       f"{AA}/demands/{{campaigns_demand}}"),
    f"POST {V}/demands/{{demand_id}}/status": (
        {"status": "acknowledged"}, API_RUNS, f"{AA}/demands/{{campaigns_demand}}/status"),
    f"GET {V}/timeline": (None, everyone(200), f"{AA}/timeline"),
    f"POST {V}/timeline": ({"kind": "press", "title": "In the news"}, API_RUNS_NEW,
                           f"{AA}/timeline"),
    f"GET {V}/repertoire": (None, everyone(200), f"{AA}/repertoire"),
    "GET /unions/{union_slug}/repertoire": (None, everyone(200)),
    f"PUT {V}/mute": (None, MEMBERS, f"{AA}/mute"),
    f"DELETE {V}/mute": (None, MEMBERS, f"{AA}/mute"),
}


def values(world) -> dict:
    w = world
    representatives_import(path=REPRESENTATIVES_EXAMPLE)
    org = services.organisation_create(by=w.steward, name="Matrix Platform", kind="platform",
                                       country="IE")
    active = services.campaign_create(union=w.union, by=w.organiser, title="Matrix active",
                                      slug="matrix-active", targets=[org],
                                      chapters=[w.chapter])
    section = services.section_create(campaign=active, code="A", title="Transparency")
    demand = services.demand_create(section=section, text="Show us our data.", by=w.organiser)
    services.campaign_status_set(campaign=active, by=w.organiser, status="active")
    services.campaign_create(union=w.union, by=w.organiser, title="Matrix draft",
                             slug="matrix-draft", targets=[org], chapters=[w.chapter])
    return {"campaigns_org": org.pk, "campaigns_section": section.pk,
            "campaigns_demand": demand.pk,
            "campaigns_unsubscribe": campaign_unsubscribe_token(user_id=w.member.pk,
                                                                campaign_id=active.pk)}

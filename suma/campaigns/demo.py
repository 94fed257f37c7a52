"""The demo union's campaigns: the seed's "Transparency and privacy for Facebook users" with
its grievance lists A, B and C, and the won campaign of 2007 that ended Facebook Beacon; and
the directory of real targets they address (with datenanfragen's controllers and authorities,
and the fictional example representatives)."""

from datetime import UTC, date, datetime

from suma.campaigns import services
from suma.campaigns.directory import (
    REPRESENTATIVES_EXAMPLE,
    directory_refresh,
    representatives_import,
)
from suma.campaigns.models import (
    Campaign,
    CampaignStatus,
    DemandStatus,
    EventKind,
    Organisation,
    OrganisationKind,
    OrganisationSource,
    Representative,
)
from suma.members.models import Membership, Union

TARGETS = [
    {"slug": "facebook", "name": "Meta Platforms Ireland Limited",
     "kind": OrganisationKind.PLATFORM,
     "country": "IE", "website": "https://www.facebook.com/help/contact/540977946302970",
     "postal_address": "Merrion Road\nDublin 4, D04 X2K5\nIreland",
     "contacts": "Data Protection Officer: via the contact form on the website"},
    {"name": "Meta Platforms, Inc.", "kind": OrganisationKind.PLATFORM, "country": "US",
     "website": "https://about.meta.com",
     "postal_address": "1 Meta Way\nMenlo Park, CA 94025\nUnited States"},
    {"slug": "iedpc", "name": "Data Protection Commission", "kind": OrganisationKind.REGULATOR,
     "country": "IE",
     "website": "https://www.dataprotection.ie", "email": "info@dataprotection.ie",
     "postal_address": "21 Fitzwilliam Square South\nDublin 2, D02 RD28\nIreland"},
    {"name": "Federal Trade Commission", "kind": OrganisationKind.REGULATOR, "country": "US",
     "website": "https://www.ftc.gov",
     "postal_address": "600 Pennsylvania Avenue NW\nWashington, DC 20580\nUnited States"},
    {"name": "European Parliament", "kind": OrganisationKind.LEGISLATURE, "country": "",
     "website": "https://www.europarl.europa.eu",
     "postal_address": "Rue Wiertz 60\n1047 Brussels\nBelgium",
     "contacts": "Committee on Civil Liberties, Justice and Home Affairs (LIBE)"},
    {"slug": "uber", "name": "Uber B.V.", "kind": OrganisationKind.PLATFORM, "country": "NL",
     "website": "https://www.uber.com/legal/privacy",
     "postal_address": "Burgerweeshuispad 301\n1076 HR Amsterdam\nNetherlands"},
    {"name": "Telecom Regulatory Authority of India", "kind": OrganisationKind.REGULATOR,
     "country": "IN", "website": "https://www.trai.gov.in",
     "postal_address": "Mahanagar Doorsanchar Bhawan\nJawahar Lal Nehru Marg\nNew Delhi 110002"},
    {"slug": "frcnil", "name": "Commission nationale de l'informatique et des libertés",
     "kind": OrganisationKind.REGULATOR, "country": "FR", "website": "https://www.cnil.fr",
     "postal_address": "3 place de Fontenoy\nTSA 80715\n75334 Paris Cedex 07\nFrance"},
]

SECTIONS = [
    ("A", "Full Transparency for American and British Voters", [
        "Facebook shares the exact date it discovered Russian operatives had purchased ads.",
        "Facebook shares the exact dollar amount Russian operatives spent on political ads.",
        "Facebook shares the 3,000+ ads that Russian operatives ran during 2016.",
        "Facebook reveals how many users saw the fake news stories highlighted by BuzzFeed.",
        "Facebook lets an independent organization audit all political ads run during 2016.",
        "Facebook gives investigators all “Custom Lists” used for targeting 2016 political "
        "ads.",
        "Facebook stops running paid political ads until January 1st, 2019.",
        "Mark Zuckerberg (CEO) and Sheryl Sandberg (COO) testify before Congress in an "
        "open-door (televised) session.",
        "Mark Zuckerberg and Sheryl Sandberg testify before the UK parliament.",
    ]),
    ("B", "Full Transparency and Increased Privacy for Facebook Users", [
        "Facebook explains to users exactly what personal data is being used for advertising.",
        "Facebook asks users for itemized consent to use photos, messages, etc. for "
        "advertising.",
        "Facebook gives users the ability to see a “history” of all the ads they have viewed.",
        "Facebook lets an independent organization investigate all data breaches since 2007.",
        "Facebook agrees to be audited monthly to make sure it is complying with local laws.",
        "Facebook allows users to easily delete their “history” on the platform.",
    ]),
    ("C", "Better Safety for Children on Facebook", [
        "Facebook increases the minimum age for Facebook users from 13 to 16.",
        "Facebook shuts down the Messenger Kids product.",
    ]),
]

DESCRIPTION = """\
In 2018, calls for "Facebook users' strikes" popped up every few days. One of them came with
three sets of grievances. The strikes failed: launched by single people, with no community
behind them and the strike as their only tool.

We take the grievances up again, **together**: as a union rooted in the communities that
already fought Facebook (the users' groups that lobbied the FTC in 2010, the complaints to the
Irish Data Protection Commissioner in 2011), with the tools that worked: petitions, lobbying,
complaints to regulators, and a strike only when enough of us have pledged.
"""


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def organisations_demo_load() -> dict[str, Organisation]:
    """The directory: datenanfragen's controllers and authorities and the example
    representatives (each loaded when there are none yet), and the campaigns' real targets,
    keyed by the names above. A target the directory holds (its `slug`) is that entry; the
    others are added once by hand (kept as they are when run again)."""
    if not Organisation.objects.filter(source=OrganisationSource.DATENANFRAGEN).exists():
        directory_refresh()
    if not Representative.objects.exists():
        representatives_import(path=REPRESENTATIVES_EXAMPLE)
    found = {}
    for spec in TARGETS:
        spec = dict(spec)
        slug = spec.pop("slug", "")
        organisation = Organisation.objects.filter(slug=slug).first() if slug else None
        if organisation is None:
            organisation = Organisation.objects.filter(name=spec["name"],
                                                       country=spec["country"]).first()
        if organisation is None:
            organisation = services.organisation_create(by=None, **spec)
        found[spec["name"]] = organisation
    return found


def campaigns_demo_load(*, union: Union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
    targets = organisations_demo_load()
    chapters = {c.slug: c for c in union.chapters.all()}
    steward = Membership.objects.filter(union=union, role="steward").select_related(
        "user").first()
    by = steward.user if steward else None
    europe = [chapters[slug] for slug in ("facebook-europe",) if slug in chapters]
    if not Campaign.objects.filter(union=union, slug="facebook-transparency").exists():
        _facebook(union, by, targets, europe)
    if not Campaign.objects.filter(union=union, slug="end-beacon").exists():
        _beacon(union, by, targets, europe)


def _facebook(union, by, targets, chapters) -> None:
    campaign = services.campaign_create(
        union=union, by=by, slug="facebook-transparency",
        title="Transparency and privacy for Facebook users",
        summary="The 2018 strikers' three lists of grievances, pressed by an organised union.",
        description=DESCRIPTION,
        targets=[targets["Meta Platforms Ireland Limited"],
                 targets["Data Protection Commission"]],
        chapters=chapters)
    proposed_on = date(2018, 5, 1)
    demands = {}
    for position, (code, title, texts) in enumerate(SECTIONS, start=1):
        section = services.section_create(campaign=campaign, code=code, title=title,
                                          position=position)
        for text in texts:
            demand = services.demand_create(section=section, text=text, by=by, on=proposed_on)
            demands[demand.code] = demand
    services.campaign_status_set(campaign=campaign, by=by, status=CampaignStatus.ACTIVE,
                                 now=_at(2025, 9, 1))
    for code in ("B1", "B2", "B3", "B4", "B5", "B6"):
        services.demand_status_set(demand=demands[code], by=by, status=DemandStatus.ADOPTED,
                                   on=date(2025, 8, 28),
                                   note="Adopted by the members of Facebook users in Europe.")
    services.demand_status_set(
        demand=demands["A8"], by=by, status=DemandStatus.MET, on=date(2018, 9, 5),
        note="Mark Zuckerberg testified in open, televised sessions of the US Congress on 10 "
             "and 11 April 2018; Sheryl Sandberg before the Senate Intelligence Committee on "
             "5 September 2018.",
        evidence_url="https://en.wikipedia.org/wiki/Facebook%E2%80%93Cambridge_Analytica_"
                     "data_scandal")
    services.demand_status_set(
        demand=demands["A9"], by=by, status=DemandStatus.REFUSED, on=date(2018, 5, 1),
        note="Facebook declined the UK parliament's repeated invitations to Mark Zuckerberg.")
    services.demand_status_set(
        demand=demands["B1"], by=by, status=DemandStatus.ACKNOWLEDGED, on=date(2025, 10, 20),
        note="Meta answered our letter and pointed to its “Why am I seeing this ad?” tool.")
    services.timeline_event_add(
        campaign=campaign, kind=EventKind.PRESS, by=by, happened_at=_at(2018, 5, 1),
        title="The 2018 “Facebook users' strikes” fail: one-person calls, no community",
        body="Calls for strikes popped up every few days after the Cambridge Analytica "
             "scandal (21 March, 11 April, 1 May 2018). Launched by individuals, with the "
             "strike as their only tactic, none of them moved Facebook.")
    services.timeline_event_add(
        campaign=campaign, kind=EventKind.RESPONSE, by=by, happened_at=_at(2025, 10, 20),
        title="Meta Platforms Ireland answers our letter on demand B1",
        body="A two-page reply pointing to the ad preferences page. It does not say which "
             "personal data is used for advertising: we keep pressing.")


def _beacon(union, by, targets, chapters) -> None:
    campaign = services.campaign_create(
        union=union, by=by, slug="end-beacon", title="End Beacon",
        summary="2007: a 50,000-strong petition ended Facebook Beacon.",
        description="Beacon told your friends what you bought on other websites, without "
                    "asking. Users organised a petition; 50,000 signed, and Facebook turned "
                    "Beacon into an opt-in, then shut it down.",
        targets=[targets["Meta Platforms, Inc."]], chapters=chapters)
    section = services.section_create(campaign=campaign, code="A", title="Stop Beacon")
    opt_in = services.demand_create(
        section=section, by=by, on=date(2007, 11, 20),
        text="Facebook stops sharing our purchases on other websites without our explicit "
             "consent.")
    shut = services.demand_create(section=section, by=by, on=date(2007, 11, 20),
                                  text="Facebook shuts Beacon down.")
    services.campaign_status_set(campaign=campaign, by=by, status=CampaignStatus.ACTIVE,
                                 now=_at(2007, 11, 20))
    for demand in (opt_in, shut):
        services.demand_status_set(demand=demand, by=by, status=DemandStatus.ADOPTED,
                                   on=date(2007, 11, 21))
    services.timeline_event_add(
        campaign=campaign, kind=EventKind.MILESTONE, happened_at=_at(2007, 11, 29),
        title="50,000 signatures on the petition")
    services.demand_status_set(
        demand=opt_in, by=by, status=DemandStatus.MET, on=date(2007, 12, 5),
        note="Mark Zuckerberg apologised; Beacon became opt-in.",
        evidence_url="https://en.wikipedia.org/wiki/Facebook_Beacon")
    services.demand_status_set(
        demand=shut, by=by, status=DemandStatus.MET, on=date(2009, 9, 21),
        note="Facebook announced it would shut Beacon down, settling the class action.",
        evidence_url="https://en.wikipedia.org/wiki/Facebook_Beacon")
    services.timeline_event_add(
        campaign=campaign, kind=EventKind.OUTCOME, by=by, happened_at=_at(2009, 9, 21),
        title="Facebook shuts Beacon down")
    services.campaign_status_set(campaign=campaign, by=by, status=CampaignStatus.WON,
                                 now=_at(2009, 9, 21))

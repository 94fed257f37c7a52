"""The demo union, built from the seed text: a platform users' union with four chapters."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from suma.core.notifications import notifications_muted
from suma.members import services
from suma.members.models import JoinRule, Union, User

DEMO_PASSWORD = "suma-demo-2026"
UNION_SLUG = "platform-users"

UNION_DESCRIPTION = """\
We are the people whose clicks, posts, rides and micro-tasks feed the platforms: an unpaid
workforce of users and the paid but invisible click workers beside them.

The 2018 "Facebook users' strikes" failed: called by one person, with no community behind
them and the strike as their only tool. What did win was organised and collective: a
50,000-strong petition ended Facebook Beacon in 2007, users' groups lobbied senators and the
FTC in 2010, Europe-v-Facebook filed complaints with the Irish Data Protection Commissioner in
2011, and a mass mobilisation got Free Basics banned in India in 2016.

So we build on the three pillars of collective action: **community**, **organisation**, and
**the selection of effective tools**. We pool the data platforms hold on us, decide together
who may use it, and press our demands with petitions, letters, data-rights requests,
complaints, and strikes that start only when enough of us have pledged.
"""

CHAPTERS = [
    {
        "slug": "facebook-europe", "name": "Facebook users in Europe",
        "community": "Users' groups that filed complaints with the Irish Data Protection "
                     "Commissioner",
        "place": "Europe", "language": "en", "join_rule": JoinRule.OPEN,
        "description": "Transparency and privacy for Facebook users: what data is used for "
                       "advertising, itemised consent, and independent audits.",
        "organisers": [("Maximilian Berger", "maximilian.berger"), ("Aoife Byrne", "aoife.byrne")],
        "members": ["Giulia Rossi", "Lukas Novak", "Marta Kowalska", "Sven Lindqvist",
                    "Inès Moreau", "Pieter de Vries", "Eleni Papadopoulou", "Tomás Ferreira",
                    "Katarzyna Wójcik", "Jonas Schmidt", "Siobhan Kelly", "Matteo Bianchi",
                    "Anna Horváth", "Niels Jensen"],
        "pseudonyms": {"Lukas Novak": "Vltava"},
        "pending": ["Clara Dubois"],
    },
    {
        "slug": "nairobi-click-workers", "name": "Click workers of Nairobi",
        "community": "Micro-task workers who meet at the Kibera and Ngong Road hubs",
        "place": "Nairobi, Kenya", "language": "en", "join_rule": JoinRule.APPROVAL,
        "description": "Fair pay per task, transparent rejections, and an hourly wage that "
                       "counts the time spent searching for work.",
        "organisers": [("Wanjiru Kamau", "wanjiru.kamau"), ("Otieno Odhiambo", "otieno.odhiambo")],
        "members": ["Achieng Atieno", "Kiprop Kiptoo", "Njeri Mwangi", "Mutua Musyoka",
                    "Akinyi Owino", "Kamau Njoroge", "Chebet Rono", "Wafula Barasa",
                    "Nyambura Wambui", "Omondi Ouma", "Jepkosgei Kosgei", "Mwende Kioko",
                    "Baraka Mutiso"],
        "pseudonyms": {"Njeri Mwangi": "TaskHawk", "Omondi Ouma": "Nairobi Night Shift"},
        "pending": ["Halima Abdi", "Juma Hassan"],
    },
    {
        "slug": "paris-drivers", "name": "Ride-hail drivers of Paris",
        "community": "Drivers who gather at the Roissy and Orly waiting areas",
        "place": "Paris, France", "language": "fr", "join_rule": JoinRule.INVITATION,
        "description": "Our trip data, our ratings and the logic that deactivates us: we ask "
                       "for them together. Joined by invitation from a fellow driver.",
        "organisers": [("Karim Benali", "karim.benali"), ("Sophie Martin", "sophie.martin")],
        "members": ["Mamadou Diallo", "Youssef El Amrani", "Nicolas Lefebvre", "Fatou Sow",
                    "Julien Girard", "Samir Haddad", "Aminata Traoré", "Thomas Roux",
                    "Moussa Koné", "Léa Fontaine", "Rachid Bouzid", "Camille Petit"],
        "pseudonyms": {"Samir Haddad": "Périph", "Fatou Sow": "Roissy 2"},
        "pending": [],
    },
    {
        "slug": "la-paz", "name": "Trabajadores digitales de La Paz",
        "community": "Estudiantes, repartidores y microtrabajadores de El Alto y La Paz",
        "place": "La Paz, Bolivia", "language": "es", "join_rule": JoinRule.APPROVAL,
        "description": "Suma irnakaña: saber trabajar. Propiedad colectiva de los datos y "
                       "trabajo digital digno.",
        "organisers": [("Khantuta Mamani", "khantuta.mamani"), ("Wilma Quispe", "wilma.quispe")],
        "members": ["Rodrigo Condori", "Ximena Choque", "Marcelo Apaza", "Ana Limachi",
                    "Jhonny Ticona", "Roxana Huanca", "Fernando Callisaya", "Daniela Flores",
                    "Edwin Yujra", "Paola Gutiérrez", "Iván Laura"],
        "pseudonyms": {"Roxana Huanca": "Illimani"},
        "pending": ["Gabriela Copa"],
    },
]

STEWARD = ("Amara Okafor", "steward")


def _email(local: str) -> str:
    return f"{local}@demo.suma.example"


def _local(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().replace("'", "").split())


def demo_exists() -> bool:
    return Union.objects.filter(slug=UNION_SLUG).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(who, email, password) for the accounts a visitor may try."""
    rows = [("steward (union)", _email(STEWARD[1]), DEMO_PASSWORD)]
    for chapter in CHAPTERS:
        rows.append((f"organiser ({chapter['name']})", _email(chapter["organisers"][0][1]),
                     DEMO_PASSWORD))
    rows.append(("member (Click workers of Nairobi)", _email(_local(CHAPTERS[1]["members"][0])),
                 DEMO_PASSWORD))
    return rows


def _user(name: str, local: str, password_hash: str, language: str) -> User:
    user = User.objects.create(email=_email(local), name=name, password=password_hash,
                               language=language)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def demo_load() -> Union:
    """Create the demo union once; running it again keeps what is there."""
    # The demo's people did not really apply: no notifications, no emails in the outbox.
    with notifications_muted(), transaction.atomic():
        return _demo_load()


def _demo_load() -> Union:
    existing = Union.objects.filter(slug=UNION_SLUG).first()
    if existing is not None:
        _capabilities_demo_load(existing)  # a demo loaded before some capabilities existed
        return existing
    password_hash = make_password(DEMO_PASSWORD)  # one hash: the same password for everyone
    union = services.union_create(
        slug=UNION_SLUG, name="Platform Users' Union",
        tagline="Community, organisation, and the selection of effective tools.",
        description=UNION_DESCRIPTION)
    steward = _user(STEWARD[0], STEWARD[1], password_hash, "en")
    membership = services.membership_get_or_create(user=steward, union=union)
    services.steward_appoint(membership=membership, by=None)
    for spec in CHAPTERS:
        chapter = services.chapter_create(
            union=union, slug=spec["slug"], name=spec["name"], join_rule=spec["join_rule"],
            community=spec["community"], description=spec["description"], place=spec["place"],
            language=spec["language"])
        people = [(name, local, True) for name, local in spec["organisers"]]
        people += [(name, _local(name), False) for name in spec["members"]]
        for name, local, organiser in people:
            user = _user(name, local, password_hash, spec["language"])
            token = None
            if spec["join_rule"] == JoinRule.INVITATION:
                _invitation, token = services.invitation_create(chapter=chapter, by=steward)
            place = services.chapter_apply(chapter=chapter, user=user, invitation_token=token)
            if place.status != "active":
                place = services.application_approve(application=place, by=steward)
            if organiser:
                services.organiser_appoint(place=place, by=steward)
            if name in spec["pseudonyms"]:
                services.membership_set_pseudonym(membership=place.membership,
                                                  pseudonym=spec["pseudonyms"][name])
        for name in spec["pending"]:
            user = _user(name, _local(name), password_hash, spec["language"])
            services.chapter_apply(chapter=chapter, user=user,
                                   message="I work on these platforms every day and want in.")
    _capabilities_demo_load(union)
    return union


def _capabilities_demo_load(union: Union) -> None:
    """Each capability's part of the demo, in order (campaigns before their tactics)."""
    from suma.campaigns.demo import campaigns_demo_load
    from suma.governance.demo import decisions_demo_load
    from suma.rights.demo import rights_demo_load
    from suma.tactics.letters.demo import letters_demo_load
    from suma.tactics.petitions.demo import petitions_demo_load
    from suma.tactics.pledges.demo import pledges_demo_load

    decisions_demo_load(union=union)
    campaigns_demo_load(union=union)
    petitions_demo_load(union=union)
    pledges_demo_load(union=union)
    rights_demo_load(union=union)
    letters_demo_load(union=union)



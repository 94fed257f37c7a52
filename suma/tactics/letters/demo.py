"""The demo union's letter campaign: on the Facebook campaign, to the example representatives
the directory ships (suma/campaigns/data/representatives-example.csv). Four members of
Facebook users in Europe have said where they live and sent letters in their own words, one
reply is recorded, and one member answered "did they reply?" with no."""

from datetime import timedelta

from django.utils import timezone

from suma.campaigns.models import Campaign, Representative
from suma.members.models import Membership, UnionRole
from suma.tactics.letters import services
from suma.tactics.letters.models import LetterCampaign, ReplyAnswer, SendMethod

CAMPAIGN_SLUG = "facebook-transparency"
SUBJECT = "Make Meta answer its users' access requests"
TEMPLATE = """\
Dear {representative_name},

I am writing to you as one of your constituents ({member_postcode}) and a member of
{union_name}.

Meta holds a great deal of personal data about each of us: what we read, whom we know, where
we go. The law gives every one of us the right to see that data and to know how it is used to
target us with advertising. In practice Meta answers our requests late, partly, or not at all.

I ask you to:

- press the data-protection authority to enforce the right of access against Meta;
- support an independent audit of how Meta uses our data for advertising;
- ask Meta in public why it does not answer its users' requests within the legal deadline.

Yours sincerely,
{member_name}
{member_postcode}
"""
TALKING_POINTS = [
    "Say what happened when you asked Meta for your data, if you did.",
    "Say why it matters to you: work, family, politics, your health.",
    "Name one of the campaign's demands (B1 to B6) you care about most.",
    "Keep it short: one page reads better than three.",
]
# name: (country, region, postcode, address, representative's name, method, letter)
WRITERS = {
    "Jonas Schmidt": ("DE", "Berlin-Mitte", "10117", "Invalidenstraße 12\n10117 Berlin",
                      "Erika Example", SendMethod.EMAIL, """\
Dear Ms Example,

I live in Mitte and I teach at a vocational school. Last spring I asked Meta, as the law allows,
for a copy of everything it holds on me. After five weeks I received a zip file of my own posts
and nothing about the advertisers who uploaded my phone number.

My students ask me how Instagram decides what to show them. I cannot answer, and neither can
Meta's download tool. Please ask the Bundestag's digital committee to press the data-protection
authorities to make Meta answer requests like mine in full and on time.

With kind regards,
Jonas Schmidt"""),
    "Inès Moreau": ("FR", "Paris (1re circonscription)", "75007",
                    "14 rue de Grenelle\n75007 Paris", "Marie Exemple", SendMethod.POST, """\
Madame la Députée,

Je suis infirmière de nuit et j'utilise Facebook pour garder le contact avec ma famille à
Lyon. En janvier, j'ai demandé à Meta quelles données elle détient sur moi : après deux relances,
je n'ai reçu qu'une partie de mon historique, sans un mot sur la publicité ciblée.

Je vous demande d'interroger le gouvernement sur les moyens de la CNIL et de soutenir un audit
indépendant de l'usage que Meta fait de nos données à des fins publicitaires.

Veuillez agréer, Madame la Députée, mes salutations respectueuses.
Inès Moreau"""),
    "Tomás Ferreira": ("ES", "Málaga", "29001", "Calle Larios 5\n29001 Málaga",
                       "Lucía Ejemplo", SendMethod.EMAIL, """\
Estimada señora Ejemplo:

Soy repartidor en Málaga y uso WhatsApp e Instagram para trabajar. Pedí a Meta una copia de mis
datos y saber qué anunciantes tienen mi número: me respondieron con un enlace genérico de ayuda.

Le pido que pregunte en el Congreso qué hace la Agencia Española de Protección de Datos ante
estas respuestas incompletas, y que apoye una auditoría independiente de la publicidad de Meta.

Atentamente,
Tomás Ferreira"""),
    "Siobhan Kelly": ("IE", "", "D04", "Merrion Road 7\nDublin 4", "Example Representative",
                      SendMethod.EMAIL, """\
Dear Complaints Unit,

Meta Platforms Ireland is a few streets from my home, and your office is its lead authority
for the whole of Europe. I sent an access request to Meta in March; the month passed, then the
extension, and I still have no list of the advertisers who targeted me.

Hundreds of members of our union are in the same position. Please tell us what your office
does when Meta misses the deadline, and whether you will open an inquiry.

Yours faithfully,
Siobhan Kelly"""),
}


def letters_demo_load(*, union) -> None:
    """Add the demo's letter campaign once, when the campaigns demo made its campaign and
    loaded the example representatives."""
    campaign = Campaign.objects.filter(union=union, slug=CAMPAIGN_SLUG).first()
    if campaign is None or LetterCampaign.objects.filter(union=union).exists():
        return
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD).select_related(
        "user").first()
    if steward is None:
        return
    now = timezone.now()
    letter_campaign = services.letter_campaign_create(
        campaign=campaign, by=steward.user, title="Ask your representatives to make Meta answer",
        subject=SUBJECT, template=TEMPLATE, talking_points=TALKING_POINTS)
    letter_campaign = services.letter_campaign_open(letter_campaign=letter_campaign,
                                                    by=steward.user, now=now - timedelta(days=24))
    members = {m.user.name: m.user for m in Membership.objects.filter(
        union=union, user__name__in=list(WRITERS)).select_related("user")}
    sent = []
    for day, (name, spec) in enumerate(WRITERS.items()):
        user = members.get(name)
        country, region, postcode, address, to, method, text = spec
        representative = Representative.objects.filter(name=to, country=country).first()
        if user is None or representative is None:
            continue
        services.constituent_set(user=user, country=country, region=region, postcode=postcode,
                                 address=address)
        subject, _template = services.letter_prefill(
            letter_campaign=letter_campaign, representative=representative, user=user,
            constituent=user.constituent)
        sent.append(services.letter_send(
            letter_campaign=letter_campaign, user=user, representative=representative,
            method=method, subject=subject, body=text, now=now - timedelta(days=20 - day),
            deliver=False))
    if sent:
        first = sent[0]
        services.reply_record(
            letter=first, by=first.user, today=timezone.localdate(now),
            received_on=timezone.localdate(first.sent_at) + timedelta(days=6),
            summary="Her office thanked us and said she will raise access requests in the "
                    "committee on digital affairs, and asked for our figures on late answers.")
    if len(sent) > 1:
        services.questionnaire_answer(letter=sent[1], user=sent[1].user, answer=ReplyAnswer.NO)

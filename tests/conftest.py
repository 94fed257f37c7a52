"""One fixture world for every test: a union with a chapter per join rule and a person per role.

Built with the real services (not factories), as a user would build it.
"""

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from suma.members import services
from suma.members.models import Chapter, JoinRule, Union, User

PASSWORD = "correct horse battery staple"
_HASH: list[str] = []


def make_user(email: str, name: str = "", *, verified: bool = True,
              language: str = "en") -> User:
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    user = User.objects.create(email=email, name=name, password=_HASH[0], language=language)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def enable_totp(user: User) -> str:
    """Give a user TOTP two-factor; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@dataclass
class World:
    union: Union
    open_chapter: Chapter       # join rule: open
    chapter: Chapter            # join rule: approval (the one the roles below refer to)
    other_chapter: Chapter      # approval, with its own organiser
    invite_chapter: Chapter     # invitation link
    domain_chapter: Chapter     # verified email domain
    outsider: User              # an account, in no chapter
    applicant: User             # pending application to `chapter`
    member: User                # active member of `chapter`
    other_organiser: User       # organiser of `other_chapter` only
    organiser: User             # organiser of `chapter`
    steward: User               # steward of the union, with TOTP

    def roles(self) -> dict[str, User | None]:
        return {"anonymous": None, "outsider": self.outsider, "applicant": self.applicant,
                "member": self.member, "other_organiser": self.other_organiser,
                "organiser": self.organiser, "steward": self.steward}


def build_world() -> World:
    steward = make_user("steward@example.org", "Amara Okafor")
    union = services.union_create(slug="users", name="Platform Users' Union",
                                  tagline="Community, organisation, tools.")
    services.steward_appoint(
        membership=services.membership_get_or_create(user=steward, union=union), by=None)
    enable_totp(steward)
    open_chapter = services.chapter_create(union=union, slug="europe", name="Facebook users",
                                           join_rule=JoinRule.OPEN)
    chapter = services.chapter_create(union=union, slug="nairobi", name="Click workers",
                                      join_rule=JoinRule.APPROVAL)
    other = services.chapter_create(union=union, slug="la-paz", name="La Paz",
                                    join_rule=JoinRule.APPROVAL, language="es")
    invite = services.chapter_create(union=union, slug="paris", name="Paris drivers",
                                     join_rule=JoinRule.INVITATION)
    domain = services.chapter_create(union=union, slug="researchers", name="Researchers",
                                     join_rule=JoinRule.EMAIL_DOMAIN,
                                     email_domain="uni.example")

    def join(user: User, where: Chapter, organiser: bool = False) -> None:
        place = services.chapter_apply(chapter=where, user=user)
        place = services.application_approve(application=place, by=steward)
        if organiser:
            services.organiser_appoint(place=place, by=steward)

    organiser = make_user("wanjiru@example.org", "Wanjiru Kamau")
    join(organiser, chapter, organiser=True)
    other_organiser = make_user("khantuta@example.org", "Khantuta Mamani", language="es")
    join(other_organiser, other, organiser=True)
    member = make_user("achieng@example.org", "Achieng Atieno")
    join(member, chapter)
    applicant = make_user("juma@example.org", "Juma Hassan")
    services.chapter_apply(chapter=chapter, user=applicant, message="Let me in")
    outsider = make_user("outsider@example.org", "Olu Outsider")
    return World(union=union, open_chapter=open_chapter, chapter=chapter, other_chapter=other,
                 invite_chapter=invite, domain_chapter=domain, outsider=outsider,
                 applicant=applicant, member=member, other_organiser=other_organiser,
                 organiser=organiser, steward=steward)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for a whole test module, built once: for large tables of cases.

    It lives in a transaction rolled back after the module; each test (with `db`) still runs
    in its own savepoint, so what one test writes is gone before the next.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        world = build_world()
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def run_jobs(db):
    """Run every ready background job in-process, as `suma worker --batch` would."""
    from suma.core.worker import run_worker

    def run() -> int:
        return run_worker(batch=True, interval=0)

    return run


@pytest.fixture(autouse=True)
def _outbox_and_cache(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads and generated PDFs
    settings.EMAIL_BACKEND = "suma.core.mail.OutboxBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A visitor's confirmation email is queued at once (tests/petitions tests the batching).
    settings.SUMA_PETITION_CONFIRM_BATCH_SECONDS = 0
    # Each test's petitions are new: none of another test's is remembered.
    settings.SUMA_PETITION_READ_SECONDS = 0
    # LocMem storage lives for the whole process: start each test with empty rate-limit counters.
    from django.core.cache import cache

    cache.clear()


def outbox_messages(settings) -> list:
    """The emails in the outbox folder, oldest first, as email.message objects."""
    import email
    from email import policy

    folder = settings.OUTBOX_DIR
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.glob("*.eml"))]

"""Translations: the catalogues are complete, and each person reads Suma in their language.

The catalogue tests extract every marked string from the code with Django's makemessages
(GNU gettext's xgettext), into a copy of the tree, and hold the committed catalogues to it.
When one fails: run `make messages`, translate the empty or fuzzy entries it names in
suma/locale/<language>/LC_MESSAGES/django.po, run `make messages` again, commit .po and .mo.
"""

import re
import shutil
from contextlib import chdir
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

import suma
from suma.core.models import Notification
from suma.members import services
from suma.members.models import User
from tests.conftest import PASSWORD

PACKAGE = Path(suma.__file__).resolve().parent
LANGUAGES = ["es", "fr", "it"]
# Python-format placeholders: %(name)s (blocktranslate writes {{ name }} so) and %s; not %%.
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|%[a-z]")

catalogue = pytest.mark.xdist_group("translations")  # one makemessages run, on one worker


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return entry.msgctxt or None, entry.msgid


def _nplurals(po: polib.POFile) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else 2


def _gaps(extracted: polib.POFile, po: polib.POFile) -> list[str]:
    """The marked strings a catalogue lacks, leaves untranslated or keeps fuzzy."""
    entries = {_key(e): e for e in po if not e.obsolete}
    nplurals = _nplurals(po)
    gaps = []
    for source in extracted:
        if not source.msgid:
            continue
        entry = entries.get(_key(source))
        if entry is None:
            gaps.append(f"missing: {source.msgid!r}")
        elif "fuzzy" in entry.flags:
            gaps.append(f"fuzzy: {source.msgid!r}")
        elif source.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if entry.msgid_plural != source.msgid_plural or not all(forms):
                gaps.append(f"plural forms untranslated: {source.msgid!r}")
        elif not entry.msgstr:
            gaps.append(f"untranslated: {source.msgid!r}")
    return gaps


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """Every string the code marks for translation, as `make messages` extracts it."""
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    root = tmp_path_factory.mktemp("i18n") / "suma"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    locale = root / "locale"
    with override_settings(LOCALE_PATHS=[str(locale)]), chdir(root):
        call_command("makemessages", all=True, keep_pot=True, no_location=True, verbosity=0)
    return polib.pofile(str(locale / "django.pot"))


@catalogue
def test_the_code_marks_strings_for_translation(extracted):
    msgids = {e.msgid for e in extracted}
    # One from a template, one from Python code, one plural.
    assert {"Skip to content", "Welcome to %(chapter)s", "%(counter)s member"} <= msgids


@catalogue
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated_in_each_catalogue(extracted, language):
    gaps = _gaps(extracted, _po(language))
    assert not gaps, f"{language}: {len(gaps)} strings to translate (see this module's doc):\n" \
        + "\n".join(gaps)


@catalogue
def test_the_check_names_a_string_a_catalogue_lacks(extracted):
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for source in extracted:
        po.append(polib.POEntry(msgid=source.msgid, msgid_plural=source.msgid_plural,
                                msgctxt=source.msgctxt, msgstr="x",
                                msgstr_plural={0: "x", 1: "x"} if source.msgid_plural else {}))
    assert _gaps(extracted, po) == []
    dropped = next(e for e in po if e.msgid == "Skip to content")
    po.remove(dropped)
    fuzzy = next(e for e in po if e.msgid == "Welcome to %(chapter)s")
    fuzzy.flags.append("fuzzy")
    assert sorted(_gaps(extracted, po)) == ["fuzzy: 'Welcome to %(chapter)s'",
                                            "missing: 'Skip to content'"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language):
    wrong = []
    for entry in _po(language).translated_entries():
        source = set(PLACEHOLDER.findall(entry.msgid.replace("%%", "")))
        if entry.msgid_plural:
            source |= set(PLACEHOLDER.findall(entry.msgid_plural.replace("%%", "")))
            # A plural form may leave the number out ("un membre"), never add an unknown one.
            if any(set(PLACEHOLDER.findall(form.replace("%%", ""))) - source
                   for form in entry.msgstr_plural.values()):
                wrong.append(entry.msgid)
        elif set(PLACEHOLDER.findall(entry.msgstr.replace("%%", ""))) != source:
            wrong.append(entry.msgid)
    assert not wrong, f"{language}: placeholders differ from the source in {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_declares_its_language_charset_and_plural_forms(language):
    po = _po(language)
    assert not po.metadata_is_fuzzy  # msgfmt would drop a fuzzy header, and with it the charset
    assert po.metadata["Language"] == language
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert "nplurals=" in po.metadata["Plural-Forms"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_compiled_catalogue_matches_its_source(language):
    po = _po(language)
    mo = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))

    def messages(entries):
        return {_key(e): ({int(k): v for k, v in e.msgstr_plural.items()} if e.msgid_plural
                          else e.msgstr) for e in entries if e.msgid}

    assert messages(mo) == messages(po.translated_entries()), \
        f"suma/locale/{language}/LC_MESSAGES/django.mo is stale: run `make messages`"
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


# What a person sees.

HOW_TO_JOIN = {"en": "How to join", "es": "Cómo unirse", "fr": "Comment adhérer",
               "it": "Come unirsi"}
MY_UNIONS = {"en": "My unions and chapters", "es": "Mis sindicatos y secciones",
             "fr": "Mes syndicats et sections", "it": "I miei sindacati e sezioni"}


def _union_page(client: Client, **headers) -> str:
    response = client.get("/", **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_browsers_language_gives_a_page_in_that_language(client, world, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert HOW_TO_JOIN[language] in page
    assert HOW_TO_JOIN["en"] not in page
    assert response["Content-Language"] == language


def test_a_browser_asking_for_a_language_suma_lacks_gets_english(client, world):
    page = _union_page(client, HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="en">' in page and HOW_TO_JOIN["en"] in page


def test_the_switcher_sets_a_visitors_language(client, world):
    response = client.post(reverse("language_set"), {"language": "fr", "next": "/"},
                           HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302 and response["Location"] == "/"
    assert HOW_TO_JOIN["fr"] in _union_page(client, HTTP_ACCEPT_LANGUAGE="es")


def test_the_switcher_ignores_a_language_suma_lacks(client, world):
    client.post(reverse("language_set"), {"language": "xx", "next": "/"})
    assert HOW_TO_JOIN["en"] in _union_page(client)


def test_the_switcher_saves_the_language_on_a_signed_in_member(client, world):
    client.force_login(world.member)
    client.post(reverse("language_set"), {"language": "it", "next": "/dashboard/"})
    world.member.refresh_from_db()
    assert world.member.language == "it"
    assert MY_UNIONS["it"] in client.get(reverse("dashboard")).content.decode()


def _log_in(client: Client, user: User, **headers) -> None:
    response = client.post(reverse("account_login"),
                           {"login": user.email, "password": PASSWORD}, **headers)
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_members_saved_language_wins_over_the_browsers_after_login(world):
    browser = Client(HTTP_ACCEPT_LANGUAGE="fr")  # a French browser, someone else's switcher
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    _log_in(browser, world.other_organiser)  # saved language: es
    response = browser.get(reverse("dashboard"))
    assert MY_UNIONS["es"] in response.content.decode()
    assert response["Content-Language"] == "es"


def test_a_language_chosen_on_one_device_follows_the_member_to_another(world):
    phone, laptop = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    _log_in(phone, world.member)
    phone.post(reverse("language_set"), {"language": "fr", "next": "/"})
    _log_in(laptop, world.member)
    assert MY_UNIONS["fr"] in laptop.get(reverse("dashboard")).content.decode()


def test_a_new_account_keeps_the_language_it_signed_up_in(client, db):
    response = client.post(reverse("account_signup"),
                           {"email": "ana@example.org", "password1": PASSWORD,
                            "password2": PASSWORD}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert User.objects.get(email="ana@example.org").language == "es"


def test_a_notification_is_written_in_its_recipients_language(world):
    # An English-speaking applicant applies; the chapter's organiser reads Spanish.
    with translation.override("en"):
        services.chapter_apply(chapter=world.other_chapter, user=world.outsider)
    note = Notification.objects.get(user=world.other_organiser, category="applications")
    assert note.title == "Nueva solicitud a La Paz"


def test_an_api_error_is_in_the_language_the_client_asks_for(client, world):
    response = client.get("/api/v1/unions/nowhere", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json()["detail"] == "Ce syndicat n'existe pas."


def test_an_error_page_is_in_the_visitors_language(client, world):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 404
    assert "Questa pagina non esiste" in response.content.decode()

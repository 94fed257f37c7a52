"""Screening: which signatures are held for review (a pure module)."""

from suma.tactics.petitions import screening


def test_a_name_mixing_look_alike_letters_of_two_scripts_is_suspicious():
    assert screening.NAME_CONFUSABLE in screening.screen(name="Jаne Doe", email="j@x.org")  # noqa: RUF001


def test_names_in_one_script_each_word_pass_whatever_the_script():
    for name in ("Jane Doe", "Nikos Παπαδόπουλος", "李小龍", "José Müller-Łukasz", "Achieng'"):
        assert screening.screen(name=name, email="person@example.org") == []


def test_disposable_and_generated_addresses_and_links_and_bursts_are_suspicious():
    assert screening.screen(name="A", email="a@mailinator.com") == [screening.EMAIL_DISPOSABLE]
    assert screening.screen(name="A", email="jane83920417@x.org") == [screening.EMAIL_GENERATED]
    assert screening.screen(name="Buy at www.spam.example/x", email="a@b.org") == \
        [screening.NAME_LINK]
    assert screening.screen(name="A", email="a@b.org", burst=True) == [screening.IP_BURST]
    assert screening.NAME_INVISIBLE in screening.screen(name="Ja\u200bne", email="a@b.org")

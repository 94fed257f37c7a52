"""Notifications: in-app and by email (through a job), per-category choices, unsubscribe."""

import re

import pytest
from django.db import transaction
from django.test import Client

from suma.core.models import Notification
from suma.core.notifications import notify, preference_set, preferences_for
from tests.conftest import outbox_messages

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notification_shows_on_the_site_and_arrives_by_email(world, run_jobs, settings):
    with transaction.atomic():
        notify(user=world.member, category="union", title="General meeting on Friday",
               body="Bring your questions.", url="/u/users/")
    client = Client()
    client.force_login(world.member)
    assert "General meeting on Friday" in client.get("/notifications/").content.decode()
    run_jobs()
    mails = [m for m in outbox_messages(settings) if "General meeting" in m["Subject"]]
    assert len(mails) == 1
    assert mails[0]["To"] == world.member.email
    assert "Bring your questions." in mails[0].get_content()
    assert mails[0]["List-Unsubscribe"].strip().startswith("<http")


def test_a_member_who_turned_email_off_gets_no_email_but_sees_it_on_the_site(world, run_jobs,
                                                                             settings):
    preference_set(user=world.member, category="union", in_app=True, email=False)
    with transaction.atomic():
        notify(user=world.member, category="union", title="Quiet news")
    run_jobs()
    assert not [m for m in outbox_messages(settings) if "Quiet news" in m["Subject"]]
    assert Notification.objects.filter(user=world.member, title="Quiet news",
                                       read_at__isnull=True).exists()


def test_a_category_turned_off_everywhere_is_not_stored(world):
    preference_set(user=world.member, category="union", in_app=False, email=False)
    assert notify(user=world.member, category="union", title="Nothing") is None


def test_the_unsubscribe_link_opens_a_page_and_only_its_button_unsubscribes(world, run_jobs,
                                                                            settings):
    with transaction.atomic():
        notify(user=world.member, category="union", title="Strike vote")
    run_jobs()
    mail = [m for m in outbox_messages(settings) if "Strike vote" in m["Subject"]][0]
    url = re.search(r"<(http[^>]+)>", mail["List-Unsubscribe"]).group(1)
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)  # a mail scanner's pre-click changes nothing
    assert page.status_code == 200
    assert preferences_for(world.member)["union"] == (True, True)
    client.post("/" + path)
    assert preferences_for(world.member)["union"] == (True, False)


def test_a_forged_unsubscribe_link_is_refused(world):
    response = Client().post("/notifications/unsubscribe/not-a-token/")
    assert response.status_code == 400


def test_the_settings_page_saves_choices_per_category(world):
    client = Client()
    client.force_login(world.member)
    client.post("/notifications/settings/", {"union-in_app": "on", "membership-email": "on"})
    prefs = preferences_for(world.member)
    assert prefs["union"] == (True, False)
    assert prefs["membership"] == (False, True)
    assert prefs["applications"] == (False, False)


def test_marking_read_clears_the_unread_badge(world):
    notify(user=world.member, category="union", title="One")
    client = Client()
    client.force_login(world.member)
    assert 'class="badge"' in client.get("/dashboard/").content.decode()
    client.post("/notifications/read/")
    assert 'class="badge"' not in client.get("/dashboard/").content.decode()

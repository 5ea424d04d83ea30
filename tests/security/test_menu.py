"""The main menu (core.menu): each entry's rule is a function of its app's permissions module, and every
demo account gets the menu its work needs (the walikota's and HR's must fit at 1366 px: tests/e2e)."""

from __future__ import annotations

import pytest
from django.test import Client

from core import menu
from core.models import User

pytestmark = pytest.mark.django_db

EVERYONE = ["Profil saya", "Talenta", "Perangkat daerah"]
EXPECTED = {
    "pegawai": ["Profil saya", "Kinerja (SKP)", "Usulan mutasi", "Talenta", "Perangkat daerah"],
    "atasan": ["Profil saya", "Kinerja (SKP)", "Usulan mutasi", "Kotak masuk", "Talenta", "Perangkat daerah"],
    "kadinkes": [
        "Profil saya",
        "Kinerja (SKP)",
        "Usulan mutasi",
        "Kotak masuk",
        "Dasbor beban kerja",
        "Talenta",
        "Perangkat daerah",
    ],
    "walikota": [
        "Profil saya",
        "Kinerja (SKP)",
        "Usulan mutasi",
        "Kotak masuk",
        "Ikhtisar daerah",
        "Rencana mutasi",
        "Talenta",
        "Perangkat daerah",
        "Jejak audit",
        "Tanda tangan SK",
    ],
    "auditor": [
        "Profil saya",
        "Kinerja (SKP)",
        "Usulan mutasi",
        "Ikhtisar daerah",
        "Rencana mutasi",
        "Talenta",
        "Perangkat daerah",
        "Jejak audit",
        "Register SK",
    ],
}


def test_every_entry_is_decided_by_its_apps_permissions_module():
    for entry in menu.entries():
        if entry.shown_to is None:
            assert str(entry.label) in EVERYONE
            continue
        assert entry.shown_to.__module__.endswith(".permissions"), (entry.url, entry.shown_to.__module__)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_demo_account_gets_the_menu_of_its_work(demo, username):
    user = User.objects.get(username=username)
    labels = [str(item["label"]) for item in menu.menu_for(user, "/")]
    assert [label for label in labels if label != "Admin"] == EXPECTED[username]


def test_the_rendered_menu_is_the_one_core_menu_builds(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    page = client.get("/profil/").content.decode()
    for label in EXPECTED["auditor"]:
        assert f">{label}<" in page
    assert ">Kotak masuk<" not in page and ">Tanda tangan SK<" not in page


def test_the_admin_link_is_last_and_only_for_staff(demo):
    """Decided by core.permissions.may_open_admin like every other entry, not by the menu itself."""
    staff = User.objects.filter(is_staff=True, is_active=True).first()
    assert staff is not None
    labels = [str(item["label"]) for item in menu.menu_for(staff, "/")]
    assert labels[-1] == "Admin" and labels.count("Admin") == 1
    for username in EXPECTED:
        user = User.objects.get(username=username)
        labels = [str(item["label"]) for item in menu.menu_for(user, "/")]
        assert ("Admin" in labels) == user.is_staff, username

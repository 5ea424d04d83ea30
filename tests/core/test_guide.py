"""Panduan (issue 18 point 8): every role's steps on one page, the viewer's own first and open, linked
from the menu bar of every page."""

import re

import pytest

from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db


def first_section(html: str) -> tuple[str, bool]:
    match = re.search(r'<details class="card guide"( open)?>\s*<summary><h2>([^<]+)', html)
    return match.group(2).strip(), bool(match.group(1))


def test_each_role_finds_its_own_steps_first(client):
    world = build_world()
    for user, title in (
        (world.pegawai, "Pegawai"),
        (world.bkpsdm, "BKPSDM"),
        (world.auditor, "Inspektorat"),
        (world.walikota, "Kepala daerah"),
    ):
        client.force_login(user)
        html = client.get("/panduan/").content.decode()
        assert first_section(html) == (title, True), user.username
        assert html.count('<details class="card guide"') == 8
    assert 'href="/panduan/"' in client.get("/profil/").content.decode()


def test_the_guide_is_readable_before_signing_in(client):
    html = client.get("/panduan/").content.decode()
    assert "Panduan Simutasi" in html and " open>" not in html

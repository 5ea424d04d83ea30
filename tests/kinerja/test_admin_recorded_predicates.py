"""SIASN's recorded SKP predicates in the admin (issue 16): HR sees which years came from SIASN; nobody
types or changes one there (only the siasn import writes them)."""

from __future__ import annotations

import pytest

from core.models import User
from kinerja.models import RecordedPredicate

pytestmark = pytest.mark.django_db

URL = "/admin/kinerja/recordedpredicate/"


def test_the_admin_lists_recorded_predicates_read_only(client, org):
    RecordedPredicate.objects.create(employee=org.pegawai, year=2024, predicate="baik", source_id="rw-1")
    client.force_login(User.objects.create_superuser("akar", password="x-Rahasia-123"))

    page = client.get(URL).content.decode()
    assert org.pegawai.name in page and "2024" in page and "Baik" in page
    assert client.get(URL + "add/").status_code == 403
    row = RecordedPredicate.objects.get()
    assert client.post(f"{URL}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RecordedPredicate.objects.filter(pk=row.pk, predicate="baik").exists()


def test_an_employee_does_not_reach_it(client, org):
    client.force_login(org.pegawai.user)
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

"""Query counts of the decree pages added by issue 17, pinned: the signer's queue and the register do
not grow with the number of decrees; the verification page and the petikan download are fixed."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mutasi import services
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.decree_helpers import issue
from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200, url
    if answer.streaming:
        b"".join(answer.streaming_content)
    return len(queries)


@pytest.fixture
def world(db):
    return build_world(need=10)  # room in the destination for every mover


@pytest.fixture
def decrees(world, submitted):
    made = [issue(world, [approve_all(world, submitted)])]
    for i in range(3):
        made.append(issue(world, [approve_all(world, submit_mover(world, f"m{i}"))]))
    return made


def test_the_queue_and_the_register_do_not_grow_with_the_decrees(world, decrees, client):
    from mutasi.models import Decree

    client.force_login(world.walikota)
    four = _count(client, "/mutasi/sk/tanda-tangan/")
    client.force_login(world.bkpsdm)
    register_four = _count(client, "/mutasi/sk/register/")
    for i in range(2):  # two drafts (konsep) listed above the numbers: still the same count
        services.decree_draft_create(
            actor=world.bkpsdm,
            request_ids=[approve_all(world, submit_mover(world, f"d{i}")).pk],
            date=decrees[0].date,
            tmt=decrees[0].tmt,
            signer=world.walikota.employee,
        )
    register_drafts = _count(client, "/mutasi/sk/register/")
    Decree.objects.filter(pk__in=[d.pk for d in decrees[1:]]).update(signer=world.sekda.employee)
    client.force_login(world.walikota)
    one = _count(client, "/mutasi/sk/tanda-tangan/")
    assert four == one == QUEUE_QUERIES
    assert register_four == register_drafts == REGISTER_QUERIES


def test_the_verification_page_and_the_petikan_download(world, decrees, client):
    cache.clear()
    assert _count(client, f"/verifikasi/{decrees[0].verify_token}/") == VERIFY_QUERIES
    client.force_login(world.pegawai)
    assert (
        _count(client, f"/mutasi/sk/{decrees[0].pk}/petikan/{decrees[0].requests.get().pk}/")
        == PETIKAN_QUERIES
    )


# Signed-in pages read their session from the cache (cached_db): no session query.
QUEUE_QUERIES = 3
REGISTER_QUERIES = 5  # the drafts (konsep) are one more query, whatever their number
VERIFY_QUERIES = 1
PETIKAN_QUERIES = 2

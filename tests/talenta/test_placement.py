"""The talent section of a transfer request's page for a move into a managerial key post (issue 20
point 6, the performance-team stage): the candidate's box, their rank in the key post's succession plan,
the main candidate and the gap; shown to succession readers only."""

from __future__ import annotations

import pytest

from mutasi import services as mutasi_services
from talenta.models import KeyPost
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import succession_plan_compute
from tests.factories import PositionFactory, UserFactory
from tests.talenta.conftest import AS_OF, request_into

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def move(world):
    """A rotation inside Dinas Kesehatan into its secretary post (a key post), at the performance team."""
    head = world.person(
        "sangat_baik", "baik", (90, 85, 88), golongan="IV/b", user=UserFactory(username="kadinkes"),
        position=world.key_position.superior,
    )  # fmt: skip
    world.agency.head_position = world.key_position.superior
    world.agency.save()
    PositionFactory(agency=world.agency, special_role="regional_head", kind="jpt_utama", title="Walikota")
    world.person(golongan="IV/a", position=world.key_position)  # the holder
    best = world.person("sangat_baik", "sangat_baik", (92, 88, 90), golongan="III/d")
    mover = world.person("sangat_baik", "baik", (85, 80, 84), golongan="III/d")
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    plan = succession_plan_compute(
        actor=world.hr, key_post=KeyPost.objects.create(position=world.key_position), grid=grid
    )
    request = request_into(actor=world.hr, employee=mover, position=world.key_position, reason="Suksesi.")
    mutasi_services.transfer_submit(request_id=request.pk, actor=world.hr, override_reason="Rencana suksesi.")
    mutasi_services.transfer_approve(request_id=request.pk, actor=head.user)  # origin head
    mutasi_services.transfer_approve(
        request_id=request.pk, actor=world.hr, override_reason="Rencana suksesi."
    )
    request.refresh_from_db()
    assert request.current_stage == "performance_team"
    return {"request": request, "plan": plan, "best": best, "mover": mover, "head": head}


def test_the_performance_team_sees_the_box_rank_main_candidate_and_gap_on_the_request(client, world, move):
    request = move["request"]
    client.force_login(world.tpk)
    page = client.get(f"/mutasi/{request.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Talenta untuk jabatan tujuan" in text
    mover = move["plan"].candidates.get(employee=move["mover"])
    main = move["plan"].candidates.get(role="main")
    assert main.employee == move["best"]
    assert f"Kotak {mover.box}" in text
    assert f"Peringkat {mover.rank} dalam rencana suksesi" in text
    assert f"Kandidat utama: {move['best'].full_name}" in text
    assert f"selisih {str(mover.gap).replace('.', ',')}" in text


def test_the_talent_section_is_not_shown_to_the_employee_or_the_agency_head(client, world, move):
    move["mover"].user = UserFactory(username="pindah")
    move["mover"].save()
    for user in (move["mover"].user, move["head"].user):
        client.force_login(user)
        page = client.get(f"/mutasi/{move['request'].pk}/")
        assert page.status_code == 200
        assert "Talenta untuk jabatan tujuan" not in page.content.decode()

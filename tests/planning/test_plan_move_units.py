"""Issue 18 point 5: a request made from a plan item names both ends of the move, post, unit and agency,
on the approver's inbox card and on the request page (a plan often moves people between posts of one
title in different units, which the title and the agency alone do not tell apart)."""

import re

import pytest
from django.test import Client

from planning import services as planning_services
from planning.choices import ItemState
from planning.models import PlanItem
from tests.factories import UnitFactory
from tests.planning.conftest import build_now

pytestmark = pytest.mark.django_db


def _card(page: str, number: str) -> str:
    """The inbox card of one request."""
    cards = re.findall(r'<article class="card inbox-item">.*?</article>', page, re.S)
    found = [c for c in cards if f">{number}</a>" in c]
    assert len(found) == 1, number
    return found[0]


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_a_plan_move_shows_both_posts_with_their_unit_and_agency(plan_world):
    w = plan_world
    angkutan = UnitFactory(agency=w.dishub, code="DISHUB-ANG", name="Seksi Angkutan Darat")
    umum = UnitFactory(agency=w.dinkes, code="DINKES-UM", name="Subbagian Umum dan Kepegawaian")
    data = UnitFactory(agency=w.dinkes, code="DINKES-DATA", name="Seksi Data dan Informasi")
    for post, unit in ((w.pegawai_post, angkutan), (w.destination, umum), (w.health_post, data)):
        post.unit = unit
        post.save(update_fields=["unit"])
    plan = build_now(actor=w.bkpsdm, region=w.region)
    planning_services.plan_apply(actor=w.bkpsdm, plan_id=plan.pk)
    items = list(
        PlanItem.objects.filter(plan=plan, state=ItemState.APPLIED)
        .select_related("transfer_request", "origin_position__unit", "destination_position__unit")
        .order_by("pk")
    )
    assert len(items) >= 2 and {i.destination_position_id for i in items} == {
        w.destination.pk,
        w.health_post.pk,
    }

    head = Client()
    head.force_login(w.kadishub)  # the movers have no account: the requests wait at the origin's head
    inbox = head.get("/mutasi/kotak-masuk/").content.decode()
    for item in items:
        origin, destination = item.origin_position, item.destination_position
        card = _text(_card(inbox, item.transfer_request.number))
        assert f"Dari {origin.title} · {origin.unit.name} · Dinas Perhubungan" in card, card
        assert f"Ke {destination.title} · {destination.unit.name} · Dinas Kesehatan" in card, card

        page = _text(head.get(f"/mutasi/{item.transfer_request_id}/").content.decode())
        assert f"Asal {origin.title} {origin.unit.name} · Dinas Perhubungan" in page
        assert f"Tujuan {destination.title} {destination.unit.name} · Dinas Kesehatan" in page

"""`{% agency_transfers agency %}`: an agency's open transfers in and out with their current stage and
days waited (DESIGN.md 5), as the viewer may see them, in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Q
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mutasi import selectors, services
from tests.conftest import requires_postgres
from tests.mutasi.conftest import submit_mover

pytestmark = pytest.mark.django_db
JAKARTA = dt.timezone(dt.timedelta(hours=7))
TAG = Template("{% load mutasi_dashboard %}{% agency_transfers agency %}")


def _render(user, agency) -> str:
    request = RequestFactory().get("/dasbor/")
    request.user = user
    return TAG.render(Context({"request": request, "agency": agency}))


def test_the_destination_head_sees_incoming_and_the_origin_head_outgoing_with_days_waited(world, submitted):
    later = timezone.localdate() + dt.timedelta(days=3)
    with time_machine.travel(dt.datetime.combine(later, dt.time(9), tzinfo=JAKARTA), tick=False):
        board = selectors.agency_transfer_board(viewer=world.kadinkes, agency_id=world.dinkes.pk)
        html = _render(world.kadinkes, world.dinkes)
        out = selectors.agency_transfer_board(viewer=world.kadishub, agency_id=world.dishub.pk)
    assert [r.request.pk for r in board["incoming"]] == [submitted.pk] and board["outgoing"] == []
    row = board["incoming"][0]
    assert (row.stage, row.days) == ("Atasan langsung", 3)
    assert submitted.number in html and "Mutasi masuk dan keluar" in html and ">3</span>" in html
    assert f'<a href="{reverse("mutasi:detail", args=[submitted.pk])}">{submitted.number}</a>' in html
    assert [r.request.pk for r in out["outgoing"]] == [submitted.pk] and out["incoming"] == []


def test_the_stage_age_restarts_at_each_stage_and_approved_requests_wait_for_the_decree(world, submitted):
    start = timezone.localdate()
    with time_machine.travel(dt.datetime.combine(start + dt.timedelta(days=2), dt.time(9), tzinfo=JAKARTA)):
        services.transfer_approve(request_id=submitted.pk, actor=world.atasan)
    with time_machine.travel(dt.datetime.combine(start + dt.timedelta(days=3), dt.time(9), tzinfo=JAKARTA)):
        row = selectors.agency_transfer_board(viewer=world.bkpsdm, agency_id=world.dinkes.pk)["incoming"][0]
    assert (row.stage, row.days) == ("Kepala perangkat daerah asal", 1)
    for user in (world.kadishub, world.kadinkes, world.bkpsdm, world.sekda, world.walikota):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    row = selectors.agency_transfer_board(viewer=world.bkpsdm, agency_id=world.dinkes.pk)["incoming"][0]
    assert (row.stage, row.days) == ("Menunggu SK", 0)


def test_someone_outside_both_agencies_sees_nothing_on_the_board(world, submitted):
    board = selectors.agency_transfer_board(viewer=world.other, agency_id=world.dinkes.pk)
    assert board == {
        "incoming": [],
        "outgoing": [],
        "rotation": [],
        "totals": {"incoming": 0, "outgoing": 0, "rotation": 0},
    }


def test_the_board_runs_the_same_number_of_queries_for_few_and_many_requests(
    world, submitted, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    viewer = world.kadinkes
    _render(viewer, world.dinkes)  # roles and employee cached on the user
    with CaptureQueriesContext(connection) as small:
        _render(viewer, world.dinkes)
    for i in range(5):
        draft = submit_mover(world, f"b{i}", reason="x")
        services.transfer_approve(request_id=draft.pk, actor=world.atasan)
    with django_assert_num_queries(len(small)):
        html = _render(viewer, world.dinkes)
    assert html.count('<td class="lead">') == 6


def test_each_group_shows_the_longest_waiting_requests_and_counts_them_all(world, submitted, monkeypatch):
    from mutasi.selectors import board as transfer_board

    start = timezone.localdate()
    made = [submitted]
    for i in range(2):  # submitted on later days: they have waited less
        day = start + dt.timedelta(days=i + 1)
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=JAKARTA)):
            made.append(submit_mover(world, f"w{i}", reason="x"))
    monkeypatch.setattr(transfer_board, "BOARD_ROWS", 2)
    later = start + dt.timedelta(days=5)
    with time_machine.travel(dt.datetime.combine(later, dt.time(9), tzinfo=JAKARTA), tick=False):
        board = selectors.agency_transfer_board(viewer=world.kadinkes, agency_id=world.dinkes.pk)
        html = _render(world.kadinkes, world.dinkes)
    assert [(r.request.pk, r.days) for r in board["incoming"]] == [(made[0].pk, 5), (made[1].pk, 4)]
    assert board["totals"] == {"incoming": 3, "outgoing": 0, "rotation": 0}
    assert '<span class="badge">3</span>' in html and made[2].number not in html


def _board_ids(viewer, agency) -> set[int]:
    board = selectors.agency_transfer_board(viewer=viewer, agency_id=agency.pk)
    return {r.request.pk for group in ("incoming", "outgoing", "rotation") for r in board[group]}


def test_every_viewer_sees_on_the_board_exactly_the_requests_visible_transfers_allows(world, submitted):
    from mutasi.models import TransferRequest
    from mutasi.selectors.board import BOARD_STATUSES

    for i in range(2):
        submit_mover(world, f"v{i}", reason="x")
    services.transfer_approve(request_id=submitted.pk, actor=world.atasan)  # a step of another post
    names = ("pegawai", "atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota", "auditor", "other")
    for viewer in (getattr(world, n) for n in names if hasattr(world, n)):
        for agency in (world.dinkes, world.dishub):
            expected = set(
                selectors.visible_transfers(viewer, TransferRequest.objects.filter(status__in=BOARD_STATUSES))
                .filter(Q(origin_agency=agency) | Q(destination_agency=agency))
                .values_list("pk", flat=True)
            )
            assert _board_ids(viewer, agency) == expected, (viewer.username, agency.code)


def test_an_access_rule_joining_other_tables_still_limits_the_board(world, submitted, monkeypatch):
    """The board applies mutasi.permissions.visible_transfers whatever its shape: a rule that needs a
    join is applied as a subquery of the visible ids."""
    from mutasi.selectors import board as transfer_board

    other = submit_mover(world, "j0", reason="x")
    monkeypatch.setattr(
        transfer_board,
        "visible_transfers",
        lambda viewer, qs: qs.filter(employee__name=other.employee.name),
    )
    assert _board_ids(world.kadinkes, world.dinkes) == {other.pk}


@requires_postgres()
def test_the_postgresql_statement_gives_what_the_orm_query_gives_for_every_viewer(world, submitted):
    """mutasi.selectors.board_sql (the fast path on PostgreSQL) against the ORM query (the plain path):
    the same requests, groups, totals and stage starts, with a request at every board status."""
    from mutasi.models import TransferRequest
    from mutasi.selectors import board as transfer_board
    from mutasi.selectors import board_sql
    from tests.mutasi.conftest import approve_all

    returned, approved, decreed = (submit_mover(world, f"s{i}", reason="x") for i in range(3))
    services.transfer_return(request_id=returned.pk, actor=world.atasan, note="Lengkapi.")
    approve_all(world, approved)
    approve_all(world, decreed)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[decreed.pk],
        date=tomorrow,
        tmt=tomorrow,
        signer=world.walikota.employee,
    )
    names = ("pegawai", "atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota", "auditor", "other")
    seen = set()
    for viewer in (getattr(world, n) for n in names):
        for agency in (world.dinkes, world.dishub):
            visible = selectors.visible_transfers(
                viewer,
                TransferRequest.objects.filter(
                    Q(origin_agency=agency) | Q(destination_agency=agency),
                    status__in=transfer_board.BOARD_STATUSES,
                ),
            )
            fast = board_sql.board_requests(visible, agency_id=agency.pk, limit=transfer_board.BOARD_ROWS)
            plain = transfer_board._board_queryset(visible, agency.pk)
            answer = sorted((r.pk, r.status, group, total, r.waiting_since) for r, group, total in fast)
            assert answer == sorted(
                (r.pk, r.status, r.board_group, r.board_total, r.waiting_since) for r in plain
            ), (viewer.username, agency.code)
            seen |= {status for _pk, status, *_rest in answer}
    assert seen == set(transfer_board.BOARD_STATUSES)

"""Who may do what in mutasi, as one table: for every action and every demo role, the API (allowed, or
403/404/409), the page button and the rule of mutasi.permissions (the django-fsm-2 transition
permission where the action is a transition) give the same answer, and that answer is the table's.

Each action is tried on an object in the state that allows it; each role's attempt runs in a
savepoint that is rolled back, so every role meets the same object. Changing a rule in
mutasi.permissions changes a column of the table below and fails this test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_fsm import has_transition_perm
from rest_framework.test import APIClient

from core.viewer import load_viewer, viewer_flag
from kinerja.demo import DEMO_USERNAMES
from mutasi import permissions, services
from mutasi.models import Delegation, PostTransferEvaluation, TransferRequest
from tests.factories import UserFactory
from tests.mutasi.conftest import approve_all, make_draft, make_outgoing

pytestmark = pytest.mark.django_db

ROLES = (*DEMO_USERNAMES, "admin")  # the demo accounts (README)
HR = {"bkpsdm", "admin"}  # the admin account is a superuser: HR's rights (core.access.roles_of)


@dataclass
class Action:
    """`setup(world)` makes the object in the state that allows the action; `api(client, obj)` tries
    it; `button(client, obj)` reads the page (None when no page offers the action: the decree is
    issued in the admin); `rule(user, obj)` asks mutasi.permissions."""

    allowed: set[str]
    setup: Callable
    api: Callable
    rule: Callable
    button: Callable | None


def _fresh(user):
    """The account as a new request would load it (no roles or flags kept from an earlier call)."""
    return get_user_model().objects.get(pk=user.pk)


def _transfer(pk: int) -> TransferRequest:
    return TransferRequest.objects.get(pk=pk)


def _page_flag(flag: str):
    def read(client: Client, request: TransferRequest) -> bool:
        response = client.get(f"/mutasi/{request.pk}/")
        return response.status_code == 200 and bool(response.context[flag])

    return read


def _transition(name: str):
    def rule(user, request: TransferRequest) -> bool:
        return has_transition_perm(getattr(_transfer(request.pk), name), user)

    return rule


def _post(path: str, body: dict | None = None):
    def call(client: APIClient, obj):
        return client.post(path.format(pk=obj.pk), body or {}, format="json")

    return call


# --- the objects -----------------------------------------------------------------------------------


_draft = make_draft


def _at_stage(index: int):
    """A request in review at the index-th stage of supervisor, origin_head, destination_head,
    hr_verification, secretary, regional_head."""

    def setup(world) -> TransferRequest:
        request = services.transfer_submit(request_id=_draft(world).pk, actor=world.pegawai)
        for name in ("atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota")[:index]:
            services.transfer_approve(request_id=request.pk, actor=getattr(world, name))
        return _transfer(request.pk)

    return setup


def _returned(world) -> TransferRequest:
    request = _at_stage(1)(world)
    return services.transfer_return(request_id=request.pk, actor=world.kadishub, note="Lengkapi.")


def _approved(world) -> TransferRequest:
    return approve_all(world, _at_stage(0)(world))


_outgoing_in_review = make_outgoing


def _delegation(world) -> Delegation:
    today = timezone.localdate()
    return services.delegation_create(
        actor=world.bkpsdm,
        position=world.kadishub_post,
        delegate=world.other,
        start=today,
        end=today + dt.timedelta(days=10),
    )


def _due_evaluation(world) -> PostTransferEvaluation:
    today = timezone.localdate()
    request = _approved(world)
    services.decree_issue(
        actor=world.bkpsdm, request_ids=[request.pk], date=today, tmt=today, signer=world.walikota.employee
    )
    services.execute_due_transfers(today=today)
    evaluation = PostTransferEvaluation.objects.get(request=request, months_after=3)
    PostTransferEvaluation.objects.filter(pk=evaluation.pk).update(due_date=today)
    return PostTransferEvaluation.objects.get(pk=evaluation.pk)


# --- page buttons that are not on the detail page ------------------------------------------------


def _may_name_delegate_for_atasan_post(client: Client, world_post_id: int) -> bool:
    response = client.get("/mutasi/delegasi/")
    return response.status_code == 200 and any(p.pk == world_post_id for p in response.context["positions"])


def _delegation_end_button(client: Client, delegation: Delegation) -> bool:
    response = client.get("/mutasi/delegasi/")
    rows = response.context["rows"] if response.status_code == 200 else []
    return any(row["d"].pk == delegation.pk and row["can_end"] for row in rows)


def _evaluation_button(flag: str):
    def read(client: Client, evaluation: PostTransferEvaluation) -> bool:
        response = client.get("/mutasi/evaluasi/")
        rows = response.context["rows"] if response.status_code == 200 else []
        return any(getattr(row, flag) for row in rows if row.evaluation.pk == evaluation.pk)

    return read


def _evaluation(pk: int) -> PostTransferEvaluation:
    return PostTransferEvaluation.objects.select_related(
        "employee", "request__destination_position__agency"
    ).get(pk=pk)


# --- the table ---------------------------------------------------------------------------------------

TODAY = timezone.localdate


def _decide(action: str, body: dict | None = None):
    return _post(f"/api/v1/transfers/{{pk}}/{action}/", body)


ACTIONS: dict[str, Action] = {
    "submit": Action(
        HR | {"pegawai"}, _draft, _decide("submit"), _transition("submit"), _page_flag("editable")
    ),
    "resubmit": Action(
        HR | {"pegawai"}, _returned, _decide("submit"), _transition("submit"), _page_flag("editable")
    ),
    "approve (supervisor)": Action(
        {"atasan"}, _at_stage(0), _decide("approve"), _transition("approve"), _page_flag("can_decide")
    ),
    "reject (origin head)": Action(
        {"kadishub"},
        _at_stage(1),
        _decide("reject", {"note": "Tidak sesuai."}),
        _transition("reject"),
        _page_flag("can_decide"),
    ),
    "return (destination head)": Action(
        {"kadinkes"},
        _at_stage(2),
        _decide("return", {"note": "Lengkapi."}),
        _transition("return_to_applicant"),
        _page_flag("can_decide"),
    ),
    "approve (HR verification)": Action(
        HR, _at_stage(3), _decide("approve"), _transition("approve"), _page_flag("can_decide")
    ),
    "approve (Sekda)": Action(
        {"sekda"}, _at_stage(4), _decide("approve"), _transition("approve"), _page_flag("can_decide")
    ),
    "approve (regional head)": Action(
        {"walikota"}, _at_stage(5), _decide("approve"), _transition("approve"), _page_flag("can_decide")
    ),
    "withdraw": Action(
        HR | {"pegawai"},
        _at_stage(1),
        _decide("withdraw"),
        _transition("withdraw"),
        _page_flag("can_withdraw"),
    ),
    "cancel": Action(
        HR,
        _approved,
        _decide("cancel", {"note": "Jabatan dihapus."}),
        _transition("cancel"),
        _page_flag("can_cancel"),
    ),
    "record milestone": Action(
        HR,
        _outgoing_in_review,
        _decide("milestones", {"code": "bkn_review", "number": "X/1", "date": "2026-01-05"}),
        lambda user, request: permissions.can_record_milestone(_transfer(request.pk), user),
        _page_flag("can_record_milestone"),
    ),
    "issue decree": Action(
        HR,
        _approved,
        lambda client, request: client.post(
            "/api/v1/decrees/",
            {
                "requests": [request.pk],
                "date": TODAY().isoformat(),
                "tmt": (TODAY() + dt.timedelta(days=30)).isoformat(),
                "signer": request.walikota_employee_id,
            },
            format="json",
        ),
        _transition("mark_decreed"),
        None,
    ),
    "end delegation": Action(
        HR | {"kadishub"},
        _delegation,
        _post("/api/v1/delegations/{pk}/end/"),
        lambda user, d: permissions.may_end_delegation(
            user, Delegation.objects.select_related("position").get(pk=d.pk), TODAY()
        ),
        _delegation_end_button,
    ),
    "rate evaluation": Action(
        {"kadinkes"},
        _due_evaluation,
        _post("/api/v1/evaluations/{pk}/head/", {"adaptation": "good"}),
        lambda user, ev: permissions.can_rate(
            _evaluation(ev.pk), acting_posts=permissions.acting_post_ids(user), today=TODAY()
        ),
        _evaluation_button("can_rate"),
    ),
    "answer evaluation": Action(
        {"pegawai"},
        _due_evaluation,
        _post("/api/v1/evaluations/{pk}/employee/", {"view": "Saya sudah menyesuaikan diri."}),
        lambda user, ev: permissions.can_answer(_evaluation(ev.pk), user, today=TODAY()),
        _evaluation_button("can_answer"),
    ),
}


def _accounts(world) -> dict:
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return {name: admin if name == "admin" else getattr(world, name) for name in ROLES}


def _answers(action: Action, user, obj) -> tuple[bool, bool | None, bool]:
    """(API allowed, page button, rule) for one role, with every change rolled back."""
    with transaction.atomic():
        rule = action.rule(_fresh(user), obj)
        button = None
        if action.button is not None:
            page = Client()
            page.force_login(_fresh(user))
            button = action.button(page, obj)
        api = APIClient()
        api.force_authenticate(_fresh(user))
        response = action.api(api, obj)
        assert response.status_code in (200, 201, 403, 404, 409), (user.username, response.status_code)
        transaction.set_rollback(True)
    return response.status_code in (200, 201), button, rule


@pytest.mark.parametrize("name", list(ACTIONS))
def test_the_api_the_page_button_and_the_permission_agree_with_the_table_for_every_role(world, name):
    action = ACTIONS[name]
    obj = action.setup(world)
    obj.walikota_employee_id = world.walikota.employee.pk  # the decree's signer
    observed, expected = {}, {}
    for role, user in _accounts(world).items():
        api, button, rule = _answers(action, user, obj)
        observed[role] = (api, api if button is None else button, rule)
        allowed = role in action.allowed
        expected[role] = (allowed, allowed, allowed)
    assert observed == expected


@pytest.mark.parametrize("name", ["delegation create"])
def test_naming_an_acting_official_agrees_with_the_table_for_every_role(world, name):
    """Who may name a Plt/Plh for the supervisor's post: HR and the holder (a post that decides a
    stage); the page offers the post in its form exactly to them."""
    today = timezone.localdate()
    observed = {}
    for role, user in _accounts(world).items():
        with transaction.atomic():
            rule = permissions.may_delegate(_fresh(user), world.atasan_post)
            page = Client()
            page.force_login(_fresh(user))
            button = _may_name_delegate_for_atasan_post(page, world.atasan_post.pk)
            api = APIClient()
            api.force_authenticate(_fresh(user))
            response = api.post(
                "/api/v1/delegations/",
                {
                    "position": world.atasan_post.pk,
                    "delegate": world.other.pk,
                    "start": today.isoformat(),
                    "end": (today + dt.timedelta(days=5)).isoformat(),
                },
                format="json",
            )
            assert response.status_code in (201, 403), (role, response.status_code)
            transaction.set_rollback(True)
        observed[role] = (response.status_code == 201, button, rule)
    allowed = HR | {"atasan"}
    assert observed == {role: (role in allowed,) * 3 for role in ROLES}


def test_the_sql_viewer_flag_and_the_queryset_agree_on_who_acts_for_a_post_today(world):
    """`acts_for_today` (SQL, loaded with the viewer) states the condition of
    Delegation.objects.active_on: started, not ended (both inclusive), not revoked."""
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    periods = {
        "starts_today": (today, today + 3 * day, False),
        "ends_today": (today - 3 * day, today, False),
        "one_day": (today, today, False),
        "ended_yesterday": (today - 3 * day, today - day, False),
        "starts_tomorrow": (today + day, today + 3 * day, False),
        "revoked": (today - day, today + day, True),
    }
    users = {}
    for name, (start, end, revoked) in periods.items():
        users[name] = UserFactory(username=name)
        Delegation.objects.create(
            position=world.kadishub_post,
            delegate=users[name],
            start=start,
            end=end,
            revoked_at=timezone.now() if revoked else None,
            created_by=world.bkpsdm,
        )
    users["none"] = UserFactory(username="none")
    flags = {
        name: viewer_flag(load_viewer("pk", u.pk), permissions.ACTS_FOR_TODAY) for name, u in users.items()
    }
    queryset = {
        name: Delegation.objects.active_on(today).filter(delegate=u).exists() for name, u in users.items()
    }
    assert flags == queryset
    assert {name for name, acts in queryset.items() if acts} == {"starts_today", "ends_today", "one_day"}

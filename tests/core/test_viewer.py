"""The viewer statement (core.viewer) answers exactly what the plain ORM path answers: the user, the
employee record, its post, the role groups, whether the post has subordinates and every registered
flag, for every demo role, by token and by id, prepared (PostgreSQL) or sent whole."""

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core import viewer
from core.models import User
from instansi.models import Employee, Position
from mutasi.models import Delegation
from mutasi.permissions import ACTS_FOR_TODAY
from tests.factories import UserFactory
from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db

NAMES = (
    "walikota",
    "sekda",
    "kadishub",
    "atasan",
    "kadinkes",
    "bkpsdm",
    "tpk",
    "auditor",
    "pegawai",
    "other",
)


@pytest.fixture
def users():
    world = build_world()
    today = timezone.localdate()
    # A Plt of today (the flag is true for `other`) and a revoked one (false for `pegawai`).
    Delegation.objects.create(
        position=world.atasan_post, delegate=world.other, start=today, end=today, created_by=world.bkpsdm
    )
    Delegation.objects.create(
        position=world.kadishub_post,
        delegate=world.pegawai,
        start=today,
        end=today,
        revoked_at=timezone.now(),
        created_by=world.bkpsdm,
    )
    admin = UserFactory(username="admin", is_superuser=True)
    return [getattr(world, name) for name in NAMES] + [admin]


def _fields(obj) -> dict | None:
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def plain_answer(user_id: int) -> dict:
    """The same facts read one by one with the ORM (the four queries the statement replaces)."""
    user = User.objects.get(pk=user_id)
    employee = Employee.objects.select_related("position").filter(user=user).first()
    post = None if employee is None else employee.position
    return {
        "user": _fields(user),
        "employee": _fields(employee),
        "post": _fields(post),
        "groups": set(user.groups.filter(name__in=viewer.ROLE_GROUPS).values_list("name", flat=True)),
        "post_has_subordinates": post is not None and Position.objects.filter(superior=post).exists(),
        "flags": {ACTS_FOR_TODAY: Delegation.objects.active_on().filter(delegate=user).exists()},
    }


def statement_answer(user) -> dict:
    loaded = user._simutasi_viewer
    employee = loaded.employee
    return {
        "user": _fields(user),
        "employee": _fields(employee),
        "post": None if employee is None else _fields(employee.position),
        "groups": set(loaded.groups),
        "post_has_subordinates": loaded.post_has_subordinates,
        "flags": loaded.flags,
    }


@pytest.mark.parametrize("pooling", [False, True], ids=["prepared", "sent-whole"])
def test_the_viewer_statement_answers_what_the_plain_orm_path_answers_for_every_demo_role(
    users, settings, pooling
):
    settings.DATABASE_TRANSACTION_POOLING = pooling
    answers = []
    for user in users:
        expected = plain_answer(user.pk)
        by_id = viewer.load_viewer("pk", user.pk)
        by_token = viewer.load_viewer("token", Token.objects.get_or_create(user=user)[0].key)
        assert statement_answer(by_id) == expected, user.username
        assert statement_answer(by_token) == expected, user.username
        answers.append(expected)
    # The demo roles cover every fact both ways, so the comparison above means something.
    assert {a["employee"] is None for a in answers} == {True, False}
    assert {a["post_has_subordinates"] for a in answers} == {True, False}
    assert {a["flags"][ACTS_FOR_TODAY] for a in answers} == {True, False}
    assert set().union(*(a["groups"] for a in answers)) == set(viewer.ROLE_GROUPS)

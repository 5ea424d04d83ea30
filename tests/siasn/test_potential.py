"""SIASN's potential history (rw-potensi) as an assessment source (issue 20 point 2), read from the fake
SIASN on a loopback port: results become talenta assessments with source SIASN, matched by date; a
refused row is reported with its reasons; an assessment entered here for the same date is kept; the next
grid uses what SIASN gave."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from instansi.models import Employee
from siasn.services.potential import potential_import
from talenta.choices import AssessmentSource, PotentialState
from talenta.models import Assessment
from talenta.services.grid import talent_grid_compute, talent_grid_start
from tests.talenta.conftest import AS_OF, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """The talent world (tests/talenta), not the mutasi one this folder's conftest gives."""
    return build_world()


ROW = {
    "tanggalPenilaian": "10-01-2025",
    "nilaiManajerial": "82,5",
    "nilaiSosialKultural": 80,
    "nilaiTeknis": "84",
    "lembagaPenilai": "Pusat Penilaian Kompetensi BKN",
}


@pytest.fixture
def known(world, siasn_fake):
    """Two employees of the talent world as SIASN knows them, one with a potential history."""
    first = world.person(scores=None)
    second = world.person(scores=None)
    for employee in (first, second):
        siasn_fake.employees[employee.nip] = {"nipBaru": employee.nip}
    siasn_fake.histories[first.nip]["rw-potensi"] = [dict(ROW)]
    return {"fake": siasn_fake, "first": first, "second": second}


def _run(world, people):
    return potential_import(actor=world.hr, employees=Employee.objects.filter(pk__in=[p.pk for p in people]))


def test_potential_history_becomes_an_assessment_the_next_grid_uses(world, known):
    result = _run(world, [known["first"], known["second"]])
    assert (result.employees, result.created, result.updated, result.refused) == (2, 1, 0, [])
    assessment = Assessment.objects.get(employee=known["first"])
    assert assessment.source == AssessmentSource.SIASN
    assert assessment.assessed_on == dt.date(2025, 1, 10)
    assert (assessment.managerial_score, assessment.sociocultural_score, assessment.technical_score) == (
        Decimal("82.50"),
        Decimal("80.00"),
        Decimal("84.00"),
    )
    assert assessment.assessor == "Pusat Penilaian Kompetensi BKN"
    assert assessment.valid_until == dt.date(2028, 1, 10)  # the rubric's 3 years when SIASN names none
    assert not Assessment.objects.filter(employee=known["second"]).exists()
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    entry = grid.entries.get(employee=known["first"])
    assert entry.potential_state == PotentialState.VALID and entry.assessment_id == assessment.pk
    assert grid.entries.get(employee=known["second"]).box is None  # nothing from SIASN: a manual check


def test_a_second_read_updates_changed_scores_and_keeps_what_hr_entered_for_the_same_date(world, known):
    _run(world, [known["first"]])
    known["fake"].histories[known["first"].nip]["rw-potensi"] = [{**ROW, "nilaiTeknis": 90}]
    again = _run(world, [known["first"]])
    assert (again.created, again.updated) == (0, 1)
    assert Assessment.objects.get(employee=known["first"]).technical_score == Decimal("90.00")
    unchanged = _run(world, [known["first"]])
    assert (unchanged.created, unchanged.updated, unchanged.kept) == (0, 0, 0)
    Assessment.objects.create(
        employee=known["second"],
        assessed_on=dt.date(2025, 1, 10),
        managerial_score=70,
        sociocultural_score=70,
        technical_score=70,
        assessor="Isian BKPSDM",
        valid_until=dt.date(2028, 1, 10),
        source=AssessmentSource.ADMIN,
    )
    known["fake"].histories[known["second"].nip]["rw-potensi"] = [dict(ROW)]
    kept = _run(world, [known["second"]])
    assert kept.kept == 1
    assert Assessment.objects.get(employee=known["second"]).assessor == "Isian BKPSDM"


def test_a_refused_row_is_reported_with_its_reasons_and_the_others_still_count(world, known):
    known["fake"].histories[known["first"].nip]["rw-potensi"] = [
        {**ROW, "nilaiManajerial": 120},
        {**ROW, "tanggalPenilaian": ""},
        {**ROW, "tanggalPenilaian": "01-06-2023", "berlakuSampai": "01-01-2023"},
        {**ROW, "tanggalPenilaian": "01-06-2024", "berlakuSampai": "01-06-2026"},
    ]
    result = _run(world, [known["first"]])
    assert result.created == 1 and len(result.refused) == 3
    reasons = [r for _nip, rs in result.refused for r in rs]
    assert any("nilaiManajerial harus angka 0-100" in r for r in reasons)
    assert any("tanggalPenilaian" in r for r in reasons)
    assert any("berlaku sebelum tanggal penilaian" in r for r in reasons)
    assert Assessment.objects.get(employee=known["first"]).valid_until == dt.date(2026, 6, 1)


def test_only_hr_reads_the_potential_history(world, known):
    with pytest.raises(PermissionDenied):
        potential_import(actor=world.tpk, employees=Employee.objects.filter(pk=known["first"].pk))
    assert not Assessment.objects.filter(employee=known["first"]).exists()


def test_the_command_runs_the_import_as_the_named_hr_user(world, known):
    out = io.StringIO()
    call_command("siasn_potensi", user=world.hr.username, nip=[known["first"].nip], stdout=out)
    assert "penilaian baru: 1" in out.getvalue()
    assert Assessment.objects.filter(employee=known["first"], source=AssessmentSource.SIASN).count() == 1
    with pytest.raises(CommandError):
        call_command("siasn_potensi", user=world.tpk.username, stdout=io.StringIO())

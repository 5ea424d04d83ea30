"""HR edits the region's policy as labelled, grouped fields, not raw JSON (issue 18 point 3)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict

from instansi.models import Policy
from mutasi.choices import DocumentKind, Stage, TransferKind
from mutasi.policy_form import MODEL_FIELDS, documents_field, text_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(world):
    return Policy.objects.get_or_create(region=world.dishub.region)[0]


@pytest.fixture
def hr_admin(world, client):
    world.bkpsdm.is_staff = True
    world.bkpsdm.save()
    world.bkpsdm.user_permissions.add(*Permission.objects.filter(content_type__app_label="instansi"))
    client.force_login(world.bkpsdm)
    return client


def url(policy: Policy) -> str:
    return f"/admin/instansi/policy/{policy.pk}/change/"


def visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def posted(policy: Policy, page, **changes) -> dict:
    """The form as the page rendered it (every initial value), with some values changed."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return data


def test_the_policy_page_groups_labelled_fields_with_their_effect_and_no_json_or_code(policy, hr_admin):
    page = hr_admin.get(url(policy))
    assert page.status_code == 200
    text = visible(page.content.decode())
    for heading in (
        "Analisis beban kerja (ABK)",
        "Prestasi kerja jabatan (PJ) dari efektivitas jabatan (EJ)",
        "Syarat mutasi",
        "Tenggat tahap persetujuan (hari kerja)",
        "Dokumen wajib per jenis mutasi",
        "Batas unggahan dan isian",
        "Rencana mutasi: bobot skor kecocokan",
    ):
        assert heading in text
    assert "PermenPANRB 1/2020" in text and "PP 11/2017 Pasal 190 ayat 3" in text
    assert "makin sedikit pegawai yang dibutuhkan" in text  # the effect of the effective hours
    for label in (*Stage.labels, *TransferKind.labels, DocumentKind.RELEASE_CONSENT.label):
        assert str(label) in text
    # No JSON column, no stage/document code and no field name reaches the page.
    for raw in ("stage_deadlines", "required_documents", "text_limits", "hr_verification", "request_letter"):
        assert raw not in text
    for name in MODEL_FIELDS:
        assert not re.search(rf"(?<![\w{{]){re.escape(name)}(?![\w}}])", text), name


def test_saving_the_form_writes_the_deadline_documents_and_limits_into_the_stored_json(policy, hr_admin):
    page = hr_admin.get(url(policy))
    data = posted(
        policy,
        page,
        tenggat_performance_team="7",
        **{
            documents_field("rotation"): ["request_letter", "last_decree"],
            text_field("reason"): "1500",
        },
    )
    response = hr_admin.post(url(policy), data)
    assert response.status_code == 302, visible(response.content.decode())[:2000]
    policy.refresh_from_db()
    assert policy.stage_deadlines["performance_team"] == 7
    assert policy.stage_deadlines["supervisor"] == 3  # the others kept
    assert policy.required_documents["rotation"] == ["request_letter", "last_decree"]
    assert "anjab_abk" in policy.required_documents["outgoing"]
    assert policy.text_limits["reason"] == 1500
    assert policy.text_limits["note"] == 2000


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"pj_b_from": "0.40"}, "Batas PJ harus menurun"),
        ({"tenggat_supervisor": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1"),
        ({"decree_number_pattern": "800/BKPSDM/{year}"}, "Pola nomor SK harus memuat {seq}"),
        (
            {"pilkada_start": "2027-03-01", "pilkada_end": "2027-01-01"},
            "Akhir masa Pilkada tidak boleh sebelum",
        ),
        ({"achievement_below": "120"}, "harus lebih besar dari batas"),
        ({text_field("note"): "50"}, "Pastikan nilai ini lebih besar dari atau sama dengan 200"),
    ],
)
def test_a_wrong_value_is_refused_with_an_indonesian_message_and_nothing_is_saved(
    policy, hr_admin, changes, message
):
    before = model_to_dict(policy)
    page = hr_admin.get(url(policy))
    response = hr_admin.post(url(policy), posted(policy, page, **changes))
    assert response.status_code == 200
    assert message in visible(response.content.decode())
    policy.refresh_from_db()
    assert model_to_dict(policy) == before

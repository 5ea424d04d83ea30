"""Issue 21 point 5: after the move, the evaluation asks the employee whether their objection or wish
was heard, and the region sees the answers counted (does consultation work?)."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from core.exceptions import DomainError
from mutasi import selectors, services
from mutasi.models import PostTransferEvaluation

pytestmark = pytest.mark.django_db
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def _on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0), tzinfo=JAKARTA), tick=False)


def test_the_employee_says_whether_they_were_heard_and_the_region_sees_the_counts(world, moved, client):
    three, six = PostTransferEvaluation.objects.filter(request=moved).order_by("months_after")
    with _on(three.due_date):
        client.force_login(world.pegawai)
        page = client.get("/mutasi/evaluasi/").content.decode()
        assert 'name="voice_heard"' in page and "didengar" in page
        client.post(f"/mutasi/evaluasi/{three.pk}/pegawai/", {"view": "Baik.", "voice_heard": "partly"})
    three.refresh_from_db()
    assert three.voice_heard == "partly"
    with _on(six.due_date):
        api = APIClient()
        api.force_authenticate(world.pegawai)
        bad = api.post(f"/api/v1/evaluations/{six.pk}/employee/", {"view": "Baik.", "voice_heard": "loud"})
        assert bad.status_code == 400 and "voice_heard" in bad.json()
        response = api.post(
            f"/api/v1/evaluations/{six.pk}/employee/", {"view": "Baik.", "voice_heard": "yes"}
        )
        assert response.status_code == 200
        assert response.json()["voice_heard"] == "yes"
        assert response.json()["voice_heard_label"] == "Ya, didengar"
    counts = {
        v["code"]: v["count"]
        for v in selectors.voice_heard_summary(selectors.evaluation_list(viewer=world.bkpsdm))
    }
    assert counts == {"yes": 1, "partly": 1, "no": 0, "na": 0}
    client.force_login(world.bkpsdm)
    page = client.get("/mutasi/evaluasi/").content.decode()
    assert "Apakah suara pegawai didengar?" in page and "Sebagian" in page
    # An agency head rates evaluations but the region's figure is for region readers.
    client.force_login(world.kadinkes)
    assert "Apakah suara pegawai didengar?" not in client.get("/mutasi/evaluasi/").content.decode()


def test_an_unknown_answer_is_refused_by_the_service(world, moved):
    three = PostTransferEvaluation.objects.get(request=moved, months_after=3)
    with _on(three.due_date), pytest.raises(DomainError):
        services.evaluation_answer(evaluation_id=three.pk, actor=world.pegawai, view="Baik.", voice_heard="x")

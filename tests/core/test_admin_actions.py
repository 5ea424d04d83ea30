"""Review fix (issue 8): the auditor opens every admin changelist to read, and is offered no action that
changes data; HR (BKPSDM) keeps its actions. The auditor also reads transfer plans."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from instansi import demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# changelist -> actions that change data (each also refused by its service for a non-HR user)
MUTATING_ACTIONS = {
    "mutasi_transferrequest": {"verify_selected", "issue_decree"},
    "kinerja_appraisal": {"finalise"},
    "planning_transferplan": {"resolve_plans", "apply_plans"},
    "workload_workloadrun": {"start_again"},
}


def _staff(username, group):
    demo.ensure_groups()
    user = UserFactory(username=username, groups=[group])
    user.is_staff = True
    user.save()
    return user


def _offered_actions(client, changelist) -> set[str]:
    response = client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200, changelist
    form = response.context["action_form"]  # None when no action at all is offered
    return {name for name, _label in form.fields["action"].choices if name} if form is not None else set()


def test_the_auditor_reads_every_changelist_with_mutating_actions_and_is_offered_none_of_them(client):
    client.force_login(_staff("auditor", "auditor"))
    for changelist, actions in MUTATING_ACTIONS.items():
        assert not (_offered_actions(client, changelist) & actions), changelist


def test_hr_is_still_offered_its_actions(client):
    client.force_login(_staff("bkpsdm", "hr"))
    for changelist, actions in MUTATING_ACTIONS.items():
        assert actions <= _offered_actions(client, changelist), changelist


def test_an_auditor_posting_an_action_by_hand_runs_nothing(client):
    from mutasi.models import TransferRequest

    client.force_login(_staff("auditor", "auditor"))
    response = client.post(
        reverse("admin:mutasi_transferrequest_changelist"),
        {"action": "issue_decree", "_selected_action": ["1"]},
    )
    # Django answers an action that is not offered with the changelist and "no action selected".
    assert response.status_code in (200, 302)
    assert not TransferRequest.objects.filter(status="decreed").exists()


def test_the_auditor_group_holds_only_view_permissions_including_transfer_plans():
    groups = demo.ensure_groups()
    codenames = set(groups["auditor"].permissions.values_list("codename", flat=True))
    assert codenames and all(c.startswith("view_") for c in codenames)
    assert {"view_transferplan", "view_planitem"} <= codenames
    assert Permission.objects.filter(group__name="hr", codename="view_transferplan").exists()

"""Demo talent data for `seed_demo` (issue 20 "Must show"), called by the seed command after kinerja's
demo (it needs two closed years of final SKP).

Idempotent: group permissions are added, assessments are written only for employees without one, key
posts are marked once, and a grid and succession plans are computed only when the region has none.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

# The talenta admin for each group (instansi's demo grants the other apps): HR enters assessments and
# edits the rubric and key posts; the performance team and the auditor read.
GROUP_PERMISSIONS = {"hr": r"^(add|change|view)_", "performance_team": r"^view_", "auditor": r"^view_"}


def ensure_group_permissions() -> None:
    for name, pattern in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="talenta", codename__regex=pattern)
        )

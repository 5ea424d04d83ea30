"""The one way to write an audit row. Services call `record` inside their transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditEvent
from core.types import Actor


def record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    on_behalf_of: Actor | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    flagged: bool = False,
    data: dict | None = None,
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    behalf = on_behalf_of if on_behalf_of is not None and on_behalf_of != actor_obj else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        on_behalf_of=behalf,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
        flagged=flagged,
        data=data or {},
    )

"""The destination-side rule of REGULATION.md 1.2 (a need in the destination post, or a swap) and the
counts of holders and incoming moves per post that it, the pages and the plan optimiser read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from instansi.models import Employee, Policy, Position
from mutasi.choices import OPEN_STATUSES, Status
from mutasi.eligibility.checklist import Check, disabled


def destination_load(position: Position, *, exclude_request_id: int | None = None) -> tuple[int, int]:
    """(current holders, approved or decreed incoming requests not yet executed) of a post."""
    from mutasi.models import TransferRequest

    holders = Employee.objects.filter(position=position, is_active=True).count()
    incoming = (
        TransferRequest.objects.filter(
            destination_position=position, status__in=(Status.APPROVED, Status.DECREED)
        )
        .exclude(pk=exclude_request_id)
        .count()
    )
    return holders, incoming


# A swap partner counts while it is open; at the final approval it must have been submitted, so a
# draft that may never be sent cannot carry someone into a full post (REGULATION.md 1.2 "or a swap").
SWAP_PARTNER_STATUSES = OPEN_STATUSES
SWAP_PARTNER_STATUSES_FINAL = (Status.IN_REVIEW, Status.APPROVED, Status.DECREED)


def swap_partner(
    *,
    employee_id: int | None,
    origin_position_id: int | None,
    destination_id: int | None,
    request_id: int | None = None,
    statuses=SWAP_PARTNER_STATUSES,
):
    """The open request in the opposite direction that makes a move into a full post a swap: a holder
    of the destination post asks for the applicant's origin post. A request already linked to another
    swap is not offered twice (REGULATION.md 1.2, "required staff > current holders, or a swap")."""
    from mutasi.models import TransferRequest

    if not (employee_id and origin_position_id and destination_id):
        return None
    qs = (
        TransferRequest.objects.filter(
            status__in=statuses,
            destination_position_id=origin_position_id,
            employee__position_id=destination_id,
            employee__is_active=True,
        )
        .exclude(employee_id=employee_id)
        .exclude(pk=request_id)
    )
    linked_free = Q(swap_with__isnull=True)
    if request_id:
        linked_free |= Q(swap_with_id=request_id)
    # The partner this request is already linked to comes first; then the oldest submission.
    partners = list(qs.filter(linked_free).order_by("submitted_at", "pk")[:20])
    if request_id:
        partners.sort(key=lambda r: r.swap_with_id != request_id)
    return partners[0] if partners else None


def destination_need(
    position: Position | None,
    policy: Policy,
    *,
    exclude_request_id: int | None = None,
    employee_id: int | None = None,
    origin_position_id: int | None = None,
    swap_statuses=SWAP_PARTNER_STATUSES,
) -> Check:
    """Perban BKN 5/2019 (Anjab/ABK): the destination's required staff exceeds its holders plus the
    moves already approved into it, or the move is a swap with a holder of the destination who asks
    for the applicant's post (given `employee_id` and `origin_position_id`). `required_staff` None
    means the post was never analysed."""
    code = "destination_need"
    if position is None:
        return Check(code, True, _("Tidak berlaku: tujuan di instansi lain."))
    if not policy.rule_destination_need:
        return disabled(code)
    if position.required_staff is None:
        return Check(code, False, _("Jabatan tujuan belum dianalisis beban kerjanya (ABK)."), None)
    holders, incoming = destination_load(position, exclude_request_id=exclude_request_id)
    free = position.required_staff - holders - incoming
    figures = {"req": position.required_staff, "cur": holders, "inc": incoming}
    if free > 0:
        return Check(
            code,
            True,
            _("Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: masih ada formasi.") % figures,
            free,
        )
    partner = swap_partner(
        employee_id=employee_id,
        origin_position_id=origin_position_id,
        destination_id=position.pk,
        request_id=exclude_request_id,
        statuses=swap_statuses,
    )
    if partner is not None:
        return Check(
            code,
            True,
            _(
                "Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: formasi penuh, tetapi "
                "pemegang jabatan tujuan mengusulkan pindah ke jabatan Anda (%(n)s): dihitung sebagai "
                "pertukaran."
            )
            % {**figures, "n": partner.number or f"#{partner.pk}"},
            free,
        )
    return Check(
        code,
        False,
        _("Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: tidak ada formasi kosong.")
        % figures,
        free,
    )


def need_counts(position_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(holders, approved incoming) for many posts in two queries (pages and the optimiser)."""
    from mutasi.models import TransferRequest

    ids = list(position_ids)
    holders = dict(
        Employee.objects.filter(position_id__in=ids, is_active=True)
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    )
    incoming = dict(
        TransferRequest.objects.filter(
            Q(destination_position_id__in=ids), status__in=(Status.APPROVED, Status.DECREED)
        )
        .values("destination_position_id")
        .annotate(n=Count("pk"))
        .values_list("destination_position_id", "n")
    )
    return {i: (holders.get(i, 0), incoming.get(i, 0)) for i in ids}

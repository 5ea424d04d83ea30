"""What one user may store, from the region's Policy (issue 19, finding 3): validators used by pages and
the API alike, each refusing with an Indonesian message (400 with field messages).

- Text length per field (`Policy.text_limits`, else `Policy.text_max_chars`): checked by
  `TextLengthMiddleware` on every text a write carries (form fields, JSON strings: the same texts
  `core.input_guard` reads; a GET stores nothing), before the view runs, so every form and API field is
  covered, today's and tomorrow's, without a check in each service.
- Files per document kind, files per transfer request, and the total size of a request's files
  (`check_attachment_room`), and open drafts per employee (`check_open_drafts`): called by the mutasi
  services that store them, which every page and API view goes through.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import access
from core.exceptions import DomainError
from core.input_guard import request_texts
from core.types import Actor
from instansi.models import MIN_TEXT_LIMIT, Policy


def thousands(n: int) -> str:
    """1234567 -> "1.234.567" (Indonesian digit grouping)."""
    return f"{n:,}".replace(",", ".")


def text_limit(policy: Policy, field: str) -> int:
    """The limit of a field: its own in `text_limits` (by the last part of a nested name such as
    `indicators[0].description`), else `text_max_chars`."""
    name = field.rsplit(".", 1)[-1].split("[", 1)[0]
    limits = policy.text_limits if isinstance(policy.text_limits, dict) else {}
    own = limits.get(name)
    if isinstance(own, int) and own >= MIN_TEXT_LIMIT:
        return own
    return policy.text_max_chars


def text_too_long_message(length: int, limit: int) -> str:
    return _("Teks terlalu panjang: %(length)s karakter, paling banyak %(limit)s.") % {
        "length": thousands(length),
        "limit": thousands(limit),
    }


def text_errors(policy: Policy, texts) -> dict[str, list[str]]:
    """Field messages for every (field, text) longer than its limit."""
    errors: dict[str, list[str]] = {}
    for field, text in texts:
        limit = text_limit(policy, field)
        if len(text) > limit and field not in errors:
            errors[field] = [text_too_long_message(len(text), limit)]
    return errors


def policy_of_viewer(user: Actor) -> Policy:
    """The Policy of the viewer's region; a caller without an employee record (an operator, a token
    not resolved yet by DRF) reads the first region's (the installation's own)."""
    employee = access.employee_of(user) if getattr(user, "is_authenticated", False) else None
    policies = Policy.objects.order_by("pk")
    if employee is not None and employee.position_id:
        own = policies.filter(region__agency__positions=employee.position_id).first()
        if own is not None:
            return own
    return policies.first() or Policy()


class TextLengthMiddleware:
    """Refuses a request carrying a text longer than the Policy allows for its field (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None  # a search is not stored; a long one is the filters' business
        long_texts = [(f, t) for f, t in request_texts(request) if len(t) > MIN_TEXT_LIMIT]
        if not long_texts:
            return None  # the common case: no Policy query
        errors = text_errors(policy_of_viewer(request.user), long_texts)
        if not errors:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(errors, status=400)
        message = " ".join(f"{field}: {messages[0]}" for field, messages in errors.items())
        return render(request, "400.html", {"message": message}, status=400)


def check_attachment_room(
    policy: Policy,
    *,
    kind_label: str,
    same_kind: int,
    files: int,
    stored_bytes: int,
    new_bytes: int,
    field: str,
) -> None:
    """A transfer request holding `files` files (`same_kind` of this kind, `stored_bytes` in all) may
    take one more of `new_bytes`."""
    if same_kind >= policy.max_files_per_kind:
        raise DomainError(
            _("Dokumen %(kind)s sudah %(n)s berkas, paling banyak %(max)s per jenis.")
            % {"kind": kind_label, "n": same_kind, "max": policy.max_files_per_kind},
            field=field,
        )
    if files >= policy.max_files_per_request:
        raise DomainError(
            _("Usulan ini sudah memiliki %(n)s berkas, paling banyak %(max)s.")
            % {"n": files, "max": policy.max_files_per_request},
            field=field,
        )
    if stored_bytes + new_bytes > policy.max_request_upload_mb * 1024 * 1024:
        raise DomainError(
            _("Ukuran seluruh berkas usulan ini akan melebihi %(max)s MB.")
            % {"max": policy.max_request_upload_mb},
            field=field,
        )


def check_open_drafts(policy: Policy, *, open_drafts: int) -> None:
    if open_drafts >= policy.max_open_drafts:
        raise DomainError(
            _(
                "Pegawai ini sudah memiliki %(n)s draf usulan yang belum diajukan (paling banyak %(max)s). "
                "Ajukan atau batalkan draf yang ada terlebih dahulu."
            )
            % {"n": open_drafts, "max": policy.max_open_drafts}
        )

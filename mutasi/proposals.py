"""Why a move was proposed, as later apps tell it (issue 21: the employee reads why before answering).

mutasi may not import planning (the layers of docs/ARCHITECTURE.md), yet a request created from a
transfer plan should show the plan item's fit breakdown. planning registers a provider here in its
AppConfig.ready(); mutasi only calls the providers with request ids and shows what they answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class FitExplanation:
    """A proposal's fit for one request: where it came from, the total and its parts, in words."""

    source: str  # e.g. "Rencana mutasi #12"
    total: object  # Decimal
    parts: list[tuple[str, object]] = field(default_factory=list)  # (label, points)
    notes: list[str] = field(default_factory=list)  # e.g. training needs named by the plan


FitProvider = Callable[[list[int]], dict[int, FitExplanation]]
_providers: list[FitProvider] = []


def register_fit_provider(provider: FitProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def fit_for(request_ids: Iterable[int]) -> dict[int, FitExplanation]:
    """The fit explanation of each request that has one (one query per provider, none without ids)."""
    ids = sorted(set(request_ids))
    found: dict[int, FitExplanation] = {}
    if not ids:
        return found
    for provider in _providers:
        for request_id, explanation in provider(ids).items():
            found.setdefault(request_id, explanation)
    return found

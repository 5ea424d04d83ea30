"""The main menu of the base layout. Each app registers its own pages (from its AppConfig.ready) with
the rule of its permissions module that decides who sees the entry; core only orders the entries,
keeps those the user may open and marks the current one. So "who sees Register SK in the menu" is
answered where "who may read the register" is: `mutasi.permissions.may_read_register`.

Plain paths, not {% url %}: a missing route must never break the layout of every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.types import Actor


@dataclass(frozen=True)
class MenuEntry:
    order: int  # position in the menu, left to right
    label: str
    url: str
    shown_to: Callable[[Actor], bool] | None  # None: every signed-in user


_ENTRIES: dict[str, MenuEntry] = {}


def register(*, order: int, label: str, url: str, shown_to: Callable[[Actor], bool] | None = None) -> None:
    """Add a page to the menu (idempotent by url)."""
    _ENTRIES[url] = MenuEntry(order, label, url, shown_to)


def entries() -> list[MenuEntry]:
    return sorted(_ENTRIES.values(), key=lambda e: e.order)


def menu_for(user: Actor, path: str = "") -> list[dict]:
    """The entries the user may open, the current section (the longest matching prefix, so
    /mutasi/kotak-masuk/ wins over /mutasi/) marked active."""
    items = [{"label": e.label, "url": e.url} for e in entries() if e.shown_to is None or e.shown_to(user)]
    current = max((i["url"] for i in items if path.startswith(i["url"])), key=len, default=None)
    for item in items:
        item["active"] = item["url"] == current
    return items

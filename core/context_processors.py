"""Navigation for the base layout: the signed-in user's roles and the menu they get."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core import access, selectors

# (label, plain path, roles that see it; None = every signed-in user). Plain paths, not {% url %}:
# other apps own these pages and a missing route must never break the layout of every page.
MENU = (
    (_("Profil saya"), "/profil/", None),
    (_("Kinerja (SKP)"), "/kinerja/", {access.EMPLOYEE, access.HR, access.AUDITOR}),
    (_("Usulan mutasi"), "/mutasi/", {access.EMPLOYEE, access.HR, access.AUDITOR}),
    (
        _("Kotak masuk"),  # short: the menu of HR and the regional head must fit at 1366 px
        "/mutasi/kotak-masuk/",
        {
            access.SUPERVISOR,
            access.AGENCY_HEAD,
            access.HR,
            access.PERFORMANCE_TEAM,
            access.SECRETARY,
            access.REGIONAL_HEAD,
        },
    ),
    (_("Dasbor beban kerja"), "/dasbor/", {access.AGENCY_HEAD}),
    (_("Ikhtisar daerah"), "/ikhtisar/", set(access.REGION_READERS)),
    (_("Rencana mutasi"), "/rencana/", set(access.REGION_READERS)),
    # Everyone has a talent card; readers of the grid land on the grid (talenta.permissions).
    (_("Talenta"), "/talenta/", None),
    (_("Perangkat daerah"), "/opd/", None),
    (_("Jejak audit"), "/jejak-audit/", {access.HR, access.AUDITOR, access.REGIONAL_HEAD}),
    # Decrees (issue 17): the signer's queue (a Plt/Plh signer reaches it from the notification) and
    # the register of numbers.
    (_("Tanda tangan SK"), "/mutasi/sk/tanda-tangan/", {access.REGIONAL_HEAD, access.SECRETARY}),
    (_("Register SK"), "/mutasi/sk/register/", {access.HR, access.AUDITOR}),
)


def menu_for(user, path: str = "") -> list[dict]:
    roles = access.roles_of(user)
    items = [
        {"label": label, "url": url} for label, url, allowed in MENU if allowed is None or roles & allowed
    ]
    if user.is_staff:
        items.append({"label": _("Admin"), "url": "/admin/"})
    # The longest matching prefix is the current section (/mutasi/kotak-masuk/ over /mutasi/).
    current = max((i["url"] for i in items if path.startswith(i["url"])), key=len, default=None)
    for item in items:
        item["active"] = item["url"] == current
    return items


def navigation(request) -> dict:
    """Roles of the signed-in user, so the base layout shows the menu each role needs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "nav_items": [], "unread_notifications": 0}
    return {
        "roles": access.roles_of(user),
        "nav_items": SimpleLazyObject(lambda: menu_for(user, request.path)),
        # Lazy: only pages showing the menu pay the one COUNT query.
        "unread_notifications": SimpleLazyObject(lambda: selectors.notification_unread_count(user=user)),
    }

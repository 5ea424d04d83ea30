"""Navigation for the base layout: the signed-in user's roles and the menu they get."""

from django.utils.functional import SimpleLazyObject

from core import access, menu, selectors


def navigation(request) -> dict:
    """Roles of the signed-in user, so the base layout shows the menu each role needs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "nav_items": [], "unread_notifications": 0}
    return {
        "roles": access.roles_of(user),
        "nav_items": SimpleLazyObject(lambda: menu.menu_for(user, request.path)),
        # Lazy: only pages showing the menu pay the one COUNT query.
        "unread_notifications": SimpleLazyObject(lambda: selectors.notification_unread_count(user=user)),
    }

from core import access


def navigation(request) -> dict:
    """Roles of the signed-in user, so the base layout shows the menu each role needs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset()}
    return {"roles": access.roles_of(user)}

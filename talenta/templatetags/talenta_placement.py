"""`{% load talenta_placement %}{% talent_for_move employee destination %}`: the talent section of a
transfer request's page (box, succession rank, main candidate and gap) for moves into managerial posts,
shown to the performance team and the other succession readers (issue 20 point 6). mutasi's template
loads it; talenta imports nothing of mutasi."""

from django import template

from talenta.selectors.placement import placement_talent

register = template.Library()


@register.inclusion_tag("talenta/_placement.html", takes_context=True)
def talent_for_move(context, employee, destination):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return {"talent": placement_talent(viewer=viewer, employee=employee, destination=destination)}

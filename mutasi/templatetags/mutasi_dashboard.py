"""`{% load mutasi_dashboard %}{% agency_transfers agency %}`: the "transfers in and out with stage
ages" block of the agency dashboard (DESIGN.md 5). instansi may not import mutasi (DESIGN.md 2), so
mutasi provides the block and the dashboard template only loads it."""

from django import template

from mutasi.selectors import board as transfer_board

register = template.Library()


@register.inclusion_tag("mutasi/_agency_transfers.html", takes_context=True)
def agency_transfers(context, agency):
    """Open requests into, out of and inside `agency` (an Agency or its id) with their current stage
    and days waited, as the signed-in viewer may see them; a fixed number of queries."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    agency_id = getattr(agency, "pk", agency)
    board = transfer_board.agency_transfer_board(viewer=viewer, agency_id=int(agency_id)) if agency_id else {}
    return {"board": board, "agency": agency, "board_rows": transfer_board.BOARD_ROWS}

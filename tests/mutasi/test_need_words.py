"""The approver's view explains the move (issue 18 point 5): both posts' need before and after in
words, with their agency, and the same arithmetic in the inbox and on the request page."""

import re

import pytest

from mutasi.selectors.transfers import gap_after_move
from tests.mutasi.conftest import submit_mover

pytestmark = pytest.mark.django_db


def test_gap_after_a_move_counts_the_mover_once():
    assert gap_after_move(0, leaving=True) == -1
    assert gap_after_move(-1, incoming=1) == 1  # one approved already, and this mover
    assert gap_after_move(-1, incoming=1, counted=True) == 0  # this mover is one of the approved
    assert gap_after_move(None) is None


def test_the_inbox_and_the_request_page_say_the_same_in_words(world, client):
    request = submit_mover(world)
    client.force_login(world.atasan)
    inbox = client.get("/mutasi/kotak-masuk/").content.decode()
    page = client.get(f"/mutasi/{request.pk}/").content.decode()

    destination = f"{world.destination.agency.name} · {world.destination.title}"
    assert destination in inbox
    line = re.search(re.escape(destination) + r"</strong>: ([^<]*)", inbox).group(1)
    assert re.fullmatch(r"(kurang \d+|lebih \d+|pas) → (kurang \d+|lebih \d+|pas)", line.strip()), line
    assert "?" not in line and "⇒" not in inbox
    assert line in page

"""Values as DRF's fields render them, for output rows written by hand (the hot API outputs:
instansi.api employee rows, mutasi.api_outputs transfer rows). Tests compare those rows with the
serializers' own output."""

from __future__ import annotations

from rest_framework import serializers

_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def text(value) -> str | None:
    return None if value is None else str(value)


def date(value) -> str | None:
    return None if value is None else _DATE.to_representation(value)


def datetime(value) -> str | None:
    """ISO 8601 in the current time zone, as DRF's DateTimeField."""
    return None if value is None else _DATETIME.to_representation(value)

"""Template filters of the formatting layer (core.formatting): `{% load format_id %}` then
`{{ x|angka }}`, `{{ x|angka:2 }}`, `{{ gap|selisih }}`, `{{ day|tanggal }}`, `{{ moment|waktu }}`,
`{{ gap|kebutuhan }}` ("kurang 2", "lebih 1", "pas"), `{{ timedelta|lama }}` ("2 hari 3 jam")."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def angka(value, decimals=0):
    return formatting.number(value, int(decimals))


@register.filter
def selisih(value, decimals=0):
    return formatting.signed(value, int(decimals))


@register.filter
def tanggal(value):
    return formatting.date_long(value)


@register.filter
def waktu(value):
    return formatting.datetime_local(value)


@register.filter
def kebutuhan(value):
    return formatting.need_words(value)


@register.filter
def lama(value):
    return formatting.duration_words(value)

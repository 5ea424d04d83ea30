"""`{% load row_urls %}{% row_url 'mutasi:detail' t.pk %}`: the link to one row of a list, what
`{% url 'mutasi:detail' t.pk %}` writes, without reversing the route for every row (core.row_urls)."""

from django import template

from core import row_urls

register = template.Library()


@register.simple_tag
def row_url(name, pk):
    return row_urls.row_url(name, pk)

"""Audit codes in words for templates (core.audit_labels): `{% load audit_words %}` then
`{{ event.action|action_label }}` and `{{ event.from_state|state_label }}`."""

from django import template

from core import audit_labels

register = template.Library()


@register.filter
def action_label(code):
    return audit_labels.action_label(code or "")


@register.filter
def state_label(code):
    return audit_labels.state_label(code or "")

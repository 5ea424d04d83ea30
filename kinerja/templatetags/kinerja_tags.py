from django import template

register = template.Library()

PREDICATE_CLASS = {
    "sangat_baik": "ok",
    "baik": "ok",
    "butuh_perbaikan": "warn",
    "kurang": "bad",
    "sangat_kurang": "bad",
}
RATING_CLASS = {"di_atas": "ok", "sesuai": "", "di_bawah": "warn"}
STATUS_CLASS = {"final": "ok", "returned": "warn", "objected": "bad", "rated": "warn", "submitted": "warn"}


@register.filter
def predicate_class(code: str) -> str:
    return PREDICATE_CLASS.get(code or "", "")


@register.filter
def rating_class(code: str) -> str:
    return RATING_CLASS.get(code or "", "")


@register.filter
def status_class(code: str) -> str:
    return STATUS_CLASS.get(code or "", "")


@register.filter
def percent(value) -> str:
    """12.5 -> '12,5%' (Indonesian decimal comma); empty stays a dash."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


@register.filter
def rating_label(code: str) -> str:
    from kinerja.choices import Rating

    return Rating(code).label if code in Rating.values else "–"


@register.filter
def slash_break(text) -> str:
    """Let "Kurang/Misconduct" wrap after the slash on a narrow screen."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    return mark_safe(escape(str(text)).replace("/", "/<wbr>"))  # noqa: S308 - escaped above

"""The traffic light as text and a badge (colour is never the only sign: the words are always there)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from jisr.strategy.overview import light_label, origin_label

register = template.Library()
BADGES = {
    "on_track": ("text-bg-success", "●"),
    "at_risk": ("text-bg-warning", "▲"),
    "off_track": ("text-bg-danger", "■"),
}


@register.simple_tag
def light_badge(light: str | None) -> str:
    css, sign = BADGES.get(light or "", ("text-bg-secondary", "○"))
    return format_html('<span class="badge {}"><span aria-hidden="true">{}</span> {}</span>', css, sign,
                       light_label(light))  # fmt: skip


@register.simple_tag
def light_text(light: str | None) -> str:
    return light_label(light) if light else "—"


@register.simple_tag(name="origin_label")
def origin_label_tag(origin: str | None) -> str:
    return origin_label(origin)

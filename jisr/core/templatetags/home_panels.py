"""`{% render_panel panel %}`: a home panel's template, rendered inside the page with the panel's context."""

from __future__ import annotations

from django import template
from django.template import Engine
from django.template.context import Context
from django.utils.safestring import SafeString

from jisr.core.home import ShownPanel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: Context, panel: ShownPanel) -> SafeString:
    # Like {% include %}: the page's context (user, request, context processors) plus the panel's own,
    # without running the context processors again for each panel.
    engine = context.template.engine if context.template is not None else Engine.get_default()
    panel_template = engine.get_template(panel.template)
    with context.push(dict(panel.context)):
        return panel_template.render(context)

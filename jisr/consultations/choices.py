"""The target groups of recommendations and actions (no model: plain choices, shared by forms and models)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("women")
    DISABILITY = "disability", _("persons with disabilities")
    CHILDREN = "children", _("children")
    ELDERLY = "elderly", _("elderly persons")
    FAMILIES = "families", _("families")
    YOUTH = "youth", _("young people")
    ALL = "all", _("everyone")

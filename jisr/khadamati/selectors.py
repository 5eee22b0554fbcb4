"""Every read of Khadamati, already limited to the reader: a citizen reads their own declarations; the office
reads those of its province (`jisr.core.scope`, Representation's anchor); anyone else gets a 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import get_language

from jisr.accounts.selectors import is_citizen_account
from jisr.core import scope
from jisr.khadamati.models import Representation
from jisr.people.models import Person
from jisr.territories.models import Commune, Province

VIEW = "khadamati.view_representation"
VERIFY = "khadamati.verify_representation"
OFFICE_PAGE_SIZE = 50


def representations_of(user: Any) -> QuerySet[Representation]:
    """The citizen's own declarations, newest first (none for an account that is not a citizen's)."""
    if not is_citizen_account(user):
        return Representation.objects.none()
    return Representation.objects.filter(citizen=user).select_related("commune").order_by("-declared_at")


def representation_get_own(user: Any, representation_id: uuid.UUID | str) -> Representation:
    """One of the citizen's own declarations, or 404 (another citizen's, missing, or a malformed id)."""
    return scope.one_or_404(representations_of(user), pk=representation_id)


def acting_for(user: Any) -> QuerySet[Representation]:
    """The declarations the office has verified: the persons this citizen may act for."""
    return representations_of(user).filter(status=Representation.Status.VERIFIED)


def represented_person(user: Any, representation_id: uuid.UUID | str) -> Person | None:
    """What Jisr's records hold about the person a citizen acts for — only once the office has verified the
    link (404 before: a representative sees nothing beyond what they typed). None when no record matched."""
    representation = scope.one_or_404(acting_for(user).select_related("person__commune"), pk=representation_id)
    return representation.person


def office_representations(user: Any, status: str = "") -> QuerySet[Representation]:
    """The declarations of the reader's provinces, oldest pending first; filtered by `status` when given."""
    representations = scope.in_scope(user, VIEW, Representation).select_related("commune", "province", "citizen")
    if status:
        representations = representations.filter(status=status)
    return representations.order_by("declared_at")


def office_representation_get(user: Any, representation_id: uuid.UUID | str) -> Representation:
    """One declaration for the office of its province, or 404."""
    queryset = Representation.objects.select_related("commune", "province", "citizen", "decided_by", "person")
    return scope.get_or_404(user, VIEW, queryset, pk=representation_id)


def may_verify(user: Any, representation: Representation) -> bool:
    return scope.may(user, VERIFY, representation)


def may_use_office(user: Any) -> bool:
    """True for a reader who may open the back office (the declarations of a province, for now)."""
    return scope.user_scope(user).has_permission_somewhere(VIEW)


def require_office(user: Any) -> None:
    if not may_use_office(user):
        raise Http404


def _by_name() -> str:
    return "name_ar" if (get_language() or "ar").startswith("ar") else "name_fr"


def provinces() -> QuerySet[Province]:
    """The provinces and prefectures, by region then name in the page's language (the first step of the place
    of residence)."""
    return Province.objects.select_related("region").order_by("region_id", _by_name())


def province_or_none(code: str) -> Province | None:
    return Province.objects.filter(code=code).first() if code else None


def communes_of(province: Province) -> QuerySet[Commune]:
    """The communes of a province, by name, for the second step."""
    return Commune.objects.filter(province=province).order_by(_by_name())


def commune_or_none(code: str) -> Commune | None:
    return Commune.objects.select_related("province").filter(code=code).first() if code else None

"""The territories of the dashboards (`jisr.core.dashboards`): regions, provinces and prefectures, centers.

The centers app knows both the territories and the centers, so it tells core how each is found, named
in the reader's language, placed (its scope anchor and its parent) and subdivided.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from jisr.centers.models import Center
from jisr.core.dashboards import Territory
from jisr.core.scope import Anchor, Grant
from jisr.territories.models import Province, Region


def _region(region: Region) -> Territory:
    return Territory("region", region.code, region.name, Anchor(region_code=region.code))


def _province(province: Province) -> Territory:
    anchor = Anchor(region_code=province.region_id, province_code=province.code)
    return Territory("province", province.code, province.name, anchor, parent=_region(province.region))


def _center(center: Center) -> Territory:
    anchor = Anchor(region_code=center.region_code, province_code=center.province_id, center_id=center.pk)
    return Territory("center", str(center.pk), center.name, anchor, parent=_province(center.province))


class CenterTerritories:
    """Regions and provinces from the territories, centers from the directory (the active ones are
    listed under their province; any center's dashboard opens by its address, a closed one included)."""

    def territory(self, level: str, code: str) -> Territory | None:
        try:
            if level == "region":
                region = Region.objects.filter(code=code).first()
                return _region(region) if region else None
            if level == "province":
                province = Province.objects.select_related("region").filter(code=code).first()
                return _province(province) if province else None
            if level == "center":
                center = Center.objects.select_related("province__region").filter(pk=code).first()
                return _center(center) if center else None
        except ValidationError:  # a malformed center id
            return None
        return None

    def children(self, territory: Territory) -> list[Territory]:
        if territory.level == "region":
            provinces = Province.objects.filter(region_id=territory.code).select_related("region")
            return sorted((_province(province) for province in provinces), key=lambda t: t.name)
        if territory.level == "province":
            centers = Center.objects.filter(province_id=territory.code, status=Center.Status.ACTIVE)
            province = territory  # the parent of each center, already read
            return sorted(
                (Territory("center", str(c.pk), c.name, Anchor(c.region_code, c.province_id, c.pk), parent=province)
                 for c in centers.only("id", "name_ar", "name_fr", "name_en", "region_code", "province_id")),
                key=lambda t: t.name,
            )  # fmt: skip
        return []

    def opened_by(self, grant: Grant) -> list[Territory]:
        if grant.organization_id is not None:
            return []
        if grant.region_code is not None:
            return [territory for territory in [self.territory("region", grant.region_code)] if territory]
        if grant.province_code is not None:
            return [territory for territory in [self.territory("province", grant.province_code)] if territory]
        if grant.center_id is not None:
            return [territory for territory in [self.territory("center", str(grant.center_id))] if territory]
        if grant.level == "national":
            return sorted((_region(region) for region in Region.objects.all()), key=lambda t: t.code)
        return []

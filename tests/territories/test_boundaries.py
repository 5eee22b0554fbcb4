"""The committed boundaries (tools/make_boundaries.py) join the territory tables one to one and are valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import shape

from jisr.territories.models import Commune, Province, Region

pytestmark = pytest.mark.django_db

DATA_DIR = Path(__file__).resolve().parents[2] / "jisr" / "territories" / "data"


def features(name: str) -> list[dict[str, Any]]:
    collection = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


@pytest.mark.parametrize(
    ("name", "model", "expected"),
    [("regions.geojson", Region, 12), ("provinces.geojson", Province, 75), ("communes.geojson", Commune, 1503)],
)
def test_one_feature_per_territory(
    name: str, model: type[Region] | type[Province] | type[Commune], expected: int
) -> None:
    found = features(name)
    codes = [feature["properties"]["code"] for feature in found]
    assert len(found) == expected
    assert len(set(codes)) == expected
    assert set(codes) == set(model.objects.values_list("code", flat=True))
    names = dict(model.objects.values_list("code", "name_fr"))
    for feature in found:
        assert feature["properties"]["name_fr"] == names[feature["properties"]["code"]]
        assert feature["properties"]["name_ar"]


@pytest.mark.parametrize("name", ["regions.geojson", "provinces.geojson", "communes.geojson"])
def test_every_geometry_is_a_valid_polygon(name: str) -> None:
    for feature in features(name):
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in {"Polygon", "MultiPolygon"}
        assert geometry.is_valid, feature["properties"]["code"]
        assert not geometry.is_empty
        # Inside Morocco's bounding box (longitude, latitude).
        west, south, east, north = geometry.bounds
        assert west >= -17.5 and east <= -0.9 and south >= 20.5 and north <= 36.2


def test_provinces_lie_in_their_region() -> None:
    regions = {f["properties"]["code"]: shape(f["geometry"]) for f in features("regions.geojson")}
    for feature in features("provinces.geojson"):
        province = shape(feature["geometry"])
        region_code = feature["properties"]["code"].split(".")[0]
        overlap = province.intersection(regions[region_code]).area / province.area
        assert overlap > 0.9, feature["properties"]["code"]


def test_provinces_file_is_small_enough_for_slow_links() -> None:
    assert (DATA_DIR / "provinces.geojson").stat().st_size < 300_000


def test_communes_lie_in_their_province() -> None:
    """The 2014 outlines joined to 2024 codes (tools/make_commune_boundaries.py) fall in the right province."""
    provinces = {f["properties"]["code"]: shape(f["geometry"]).buffer(0.02) for f in features("provinces.geojson")}
    parents = dict(Commune.objects.values_list("code", "province_id"))
    misplaced = [
        f["properties"]["code"]
        for f in features("communes.geojson")
        if not provinces[parents[f["properties"]["code"]]].contains(shape(f["geometry"]).representative_point())
    ]
    assert misplaced == []

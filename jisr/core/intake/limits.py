"""The limits a file intake enforces: code defaults, overridden by settings.INTAKE_LIMITS, per intake.

`settings.INTAKE_LIMITS` maps an intake name ("centers", "registry", …) or "default" to a dict of the
fields below; an app passes its own defaults (e.g. the centers import allows 10,000 rows) and the
settings still win, so an operator can tighten or loosen one intake without a code change.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class IntakeLimits:
    """What a file may hold before it is refused as a whole (every limit is checked while streaming)."""

    upload_bytes: int = 20 * MB  # the file as uploaded
    expanded_bytes: int = 200 * MB  # XLSX/ZIP: all members once decompressed
    ratio: int = 100  # XLSX/ZIP: expanded size / compressed size of one member (as Apache POI's default)
    ratio_grace_bytes: int = MB  # a member smaller than this once expanded is never a bomb
    rows: int = 100_000  # data rows (CSV: physical lines after the header, an upper bound)
    columns: int = 100
    cell_chars: int = 32_767  # Excel's own limit for one cell


def limits_for(intake: str, **defaults: Any) -> IntakeLimits:
    """The limits of one intake: the code's defaults, the app's `defaults`, then the settings."""
    configured: dict[str, dict[str, Any]] = getattr(settings, "INTAKE_LIMITS", {})
    values = {**configured.get("default", {}), **defaults, **configured.get(intake, {})}
    known = {item.name for item in dataclasses.fields(IntakeLimits)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"Unknown intake limits for {intake!r}: {', '.join(unknown)}")
    return IntakeLimits(**values)

"""Typed readers for settings that come from the environment (with `*_FILE` secrets)."""

from __future__ import annotations

import os
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or the content of the file named by `NAME_FILE`, or `default`."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    if raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]

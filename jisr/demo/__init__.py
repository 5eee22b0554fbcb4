"""Deterministic, realistic demo data: `jisr demo` (see docs/demo.md)."""

"""Reproducible benchmarks (see docs/performance.md)."""

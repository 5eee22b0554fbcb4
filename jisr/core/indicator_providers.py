"""The computed indicators of the strategy: one provider function per indicator code.

An app registers in its AppConfig.ready() `register_provider(code, fn)` where `fn(year)` returns the
indicator's value for that calendar year per territory, as a mapping `(level, code) -> value` with
`level` in "nation", "region", "province" (the nation's code is "MA"). A provider computes in the
database (set-based), never per person. Whoever stores the values (the strategy app) asks `provider`
for one code and `codes` for the list; core knows nothing of the apps behind them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

Cell = tuple[str, str]
IndicatorProvider = Callable[[int], Mapping[Cell, float]]
_providers: dict[str, IndicatorProvider] = {}


def register_provider(code: str, provider: IndicatorProvider) -> None:
    """Say how the indicator `code` is computed; a second, different provider for one code is an error."""
    known = _providers.get(code)
    if known is not None and known is not provider:
        raise ValueError(f"The indicator {code!r} already has a provider")
    _providers[code] = provider


def provider(code: str) -> IndicatorProvider | None:
    return _providers.get(code)


def codes() -> list[str]:
    return sorted(_providers)

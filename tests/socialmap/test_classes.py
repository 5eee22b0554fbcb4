"""The map's classes (docs/socialmap.md, "Classes"): each scheme's bounds worked out by hand, the counts per class
the legend shows, the no-data class apart, the colour-blind-safe palette, and 3 to 7 classes."""

from __future__ import annotations

import pytest

from jisr.socialmap.classes import NO_DATA, PALETTES, classify

THREE_GROUPS = [1.0, 2.0, 3.0, 50.0, 51.0, 52.0, 100.0, 101.0, 102.0]


def _check_consistent(values: list[float | None], classes) -> None:  # type: ignore[no-untyped-def]
    """Every value lies within its class's bounds, the counts are those of the values, no data is apart."""
    assert sum(b.count for b in classes.bins) == sum(v is not None for v in values)
    assert classes.no_data == sum(v is None for v in values)
    for value, index in zip(values, classes.of_value, strict=True):
        if value is None:
            assert index is None and classes.colour(index) == NO_DATA
        else:
            assert index is not None and classes.bins[index].lower <= value <= classes.bins[index].upper
    assert [b.upper for b in classes.bins] == sorted(b.upper for b in classes.bins)
    assert len({b.colour for b in classes.bins}) == len(classes.bins)


def test_quantiles_put_as_many_territories_in_each_class() -> None:
    values: list[float | None] = [float(v) for v in range(1, 13)] + [None, None]
    classes = classify(values, "quantiles", 4)
    assert [b.upper for b in classes.bins] == [3.75, 6.5, 9.25, 12.0]
    assert [b.count for b in classes.bins] == [3, 3, 3, 3] and classes.no_data == 2
    assert [b.colour for b in classes.bins] == PALETTES[4]
    _check_consistent(values, classes)


def test_equal_intervals_split_the_range_evenly() -> None:
    values: list[float | None] = [0.0, 10.0, 25.0, 45.0, 60.0, 99.0, 100.0]
    classes = classify(values, "equal", 5)
    assert [b.upper for b in classes.bins] == pytest.approx([20.0, 40.0, 60.0, 80.0, 100.0])
    assert [b.count for b in classes.bins] == [2, 1, 2, 0, 2]
    _check_consistent(values, classes)


def test_natural_breaks_find_the_groups() -> None:
    classes = classify(list(THREE_GROUPS), "jenks", 3)
    assert [b.upper for b in classes.bins] == [3.0, 52.0, 102.0]
    assert [b.count for b in classes.bins] == [3, 3, 3]
    _check_consistent(list(THREE_GROUPS), classes)


def test_fixed_thresholds_are_the_readers_and_the_largest_value_closes_the_last_class() -> None:
    values: list[float | None] = [*THREE_GROUPS, None]
    classes = classify(values, "fixed", 5, thresholds=[50.0, 10.0])  # in any order
    assert [b.upper for b in classes.bins] == [10.0, 50.0, 102.0]
    assert [b.count for b in classes.bins] == [3, 1, 5] and classes.no_data == 1
    _check_consistent(values, classes)


def test_thresholds_below_every_value_give_empty_classes_with_bounds_in_order() -> None:
    classes = classify([50.0, 60.0, 70.0], "fixed", 5, thresholds=[5.0, 10.0])
    assert [(b.lower, b.upper, b.count) for b in classes.bins] == [(5.0, 5.0, 0), (5.0, 10.0, 0), (10.0, 70.0, 3)]


def test_three_to_seven_classes_and_no_more_than_distinct_values() -> None:
    values: list[float | None] = [float(v) for v in range(40)]
    assert len(classify(values, "quantiles", 1).bins) == 3
    assert len(classify(values, "quantiles", 12).bins) == 7
    assert [b.colour for b in classify(values, "quantiles", 12).bins] == PALETTES[7]
    assert len(classify([1.0, 2.0, 1.0, 2.0], "quantiles", 5).bins) == 2
    assert len(classify([4.0, 4.0], "equal", 5).bins) == 1


def test_no_value_at_all_is_only_the_no_data_class() -> None:
    classes = classify([None, None, None], "jenks", 5)
    assert classes.bins == [] and classes.no_data == 3 and classes.of_value == [None, None, None]

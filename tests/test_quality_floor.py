"""The quality floor in CI: boilerstrip must stay above the floors pinned in bench/floors.json.

The sample (about 150 seeded pages of the shared sets, both modes) is read once per
session. Without ../shared the data tests skip; the floor bookkeeping is tested anyway.
"""
import pytest

from bench import floors as gate

needs_data = pytest.mark.skipif(not gate.available(), reason=f"shared sets not found in {gate.DATA}")


@pytest.fixture(scope="module")
def sample():
    pages = gate.load_sample()
    return pages, gate.render_sample(pages)


@pytest.mark.slow
@pytest.mark.shared
@needs_data
def test_boilerstrip_stays_above_the_floors(sample):
    pinned = gate.read_floors()["floors"]
    assert pinned, "bench/floors.json pins no floors; set them with: python -m bench.floors --raise"
    measured = gate.measure(gate.boilerstrip_cleaner(), *sample)
    failing = gate.below(measured, pinned)
    assert not failing, "below the quality floor (measured, floor): " + repr(failing)


@pytest.mark.slow
@pytest.mark.shared
@needs_data
def test_the_gate_rejects_keep_everything(sample):
    """The gate can fail: keeping the whole page must fall under the pinned floors."""
    pinned = gate.read_floors()["floors"]
    measured = gate.measure(gate.keep_everything, *sample)
    failing = gate.below(measured, pinned)
    # keep-everything keeps the menus and footers: the must-drop snippets must sink it in both
    # modes; it keeps every reader comment too
    for mode in gate.MODES:
        assert f"wcxb-dev/{mode}/without_dropped" in failing
        assert f"trafilatura-eval/{mode}/without_dropped" in failing
        assert f"dragnet-train/{mode}/comments_kept_out" in failing


def test_every_pinned_floor_is_measured_by_the_gate():
    keys = {f"{name}/{mode}/{metric}" for name, metrics in gate.METRICS.items()
            for mode in gate.MODES for metric in metrics}
    assert set(gate.read_floors()["floors"]) == keys


FLOOR_CASES = [
    # id, floors, measured, expected after --raise (margin 0.02, rounded down to 3 decimals)
    ("first-time", {}, {"a": 0.80}, {"a": 0.78}),
    ("goes-up", {"a": 0.70}, {"a": 0.80}, {"a": 0.78}),
    ("never-down", {"a": 0.79}, {"a": 0.60}, {"a": 0.79}),
    ("within-margin-keeps", {"a": 0.785}, {"a": 0.80}, {"a": 0.785}),
]


@pytest.mark.parametrize("floors,measured,expected", [c[1:] for c in FLOOR_CASES], ids=[c[0] for c in FLOOR_CASES])
def test_raise_only_lifts_floors(floors, measured, expected):
    assert gate.raised(floors, measured) == pytest.approx(expected)


def test_lowering_needs_a_reason():
    with pytest.raises(ValueError, match="--reason"):
        gate.lowered({"a": 0.8}, {"a": 0.5}, reason=" ")
    assert gate.lowered({"a": 0.8}, {"a": 0.5}, reason="new gold for forum pages") == {"a": 0.48}


def test_lowering_one_floor_leaves_the_others_where_they_were_or_higher():
    floors = {"low": 0.8, "kept": 0.9, "risen": 0.5}
    measured = {"low": 0.5, "kept": 0.91, "risen": 0.75}
    assert gate.lowered(floors, measured, reason="a new model") == {"low": 0.48, "kept": 0.9, "risen": 0.73}


def test_below_flags_missing_and_low_metrics():
    assert gate.below({"a": 0.5, "b": 0.9}, {"a": 0.6, "b": 0.9, "c": 0.1}) == {
        "a": (0.5, 0.6), "c": (pytest.approx(float("nan"), nan_ok=True), 0.1)}

from __future__ import annotations

import pytest

from pledgewatch.labels import COMMITMENT_TYPES, kiel_category, plover_event


@pytest.mark.parametrize(
    ("commitment_type", "status", "event"),
    [
        ("troop_deployment", "proposed", "AGREE"),
        ("agreement", "negotiating", "AGREE"),
        ("military_aid", "pledged", "AGREE"),
        ("agreement", "signed", "SUPPORT"),
        ("military_aid", "delivered", "AID"),
        ("diplomatic", "delivered", "COOPERATE"),
        ("sanctions", "delivered", "COOPERATE"),
        ("membership", "declined", "REJECT"),
    ],
)
def test_labels_plover_event(commitment_type: str, status: str, event: str) -> None:
    assert plover_event(commitment_type, status) == event


def test_labels_plover_unknown_status_names_it() -> None:
    with pytest.raises(ValueError, match="unknown commitment status 'maybe'"):
        plover_event("other", "maybe")


def test_labels_kiel_category_covers_aid_types_only() -> None:
    categories = {t: kiel_category(t) for t in COMMITMENT_TYPES}
    assert categories["military_aid"] == "military"
    assert categories["financial_aid"] == "financial"
    assert categories["humanitarian_aid"] == "humanitarian"
    assert categories["sanctions"] is None and categories["diplomatic"] is None

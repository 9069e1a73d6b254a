"""The closed label sets of SPEC and the derived PLOVER / Kiel fields.

Everything that names a label, a quote kind, a commitment type or status lives
here, so the scorer, the gold loader, the schema test and the stages agree.
"""

from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = (
    "LEADER",
    "EXPERT",
    "COALITION",
    "STATE",
    "GUARANTEE",
    "ORGANIZATION",
    "PERSON",
)

# Entity labels that name a person, and those that name a state or body that can act.
PERSON_LABELS: tuple[str, ...] = ("LEADER", "EXPERT", "PERSON")
BODY_LABELS: tuple[str, ...] = ("STATE", "COALITION", "ORGANIZATION")

QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")

COMMITMENT_TYPES: tuple[str, ...] = (
    "security_guarantee",
    "troop_deployment",
    "air_support",
    "military_aid",
    "training",
    "intelligence",
    "defense_industry",
    "financial_aid",
    "humanitarian_aid",
    "sanctions",
    "membership",
    "agreement",
    "diplomatic",
    "other",
)

COMMITMENT_STATUSES: tuple[str, ...] = (
    "proposed",
    "pledged",
    "negotiating",
    "signed",
    "delivered",
    "declined",
)

PLOVER_EVENTS: tuple[str, ...] = ("AGREE", "SUPPORT", "AID", "COOPERATE", "REJECT")
KIEL_CATEGORIES: tuple[str, ...] = ("military", "financial", "humanitarian")

# Delivered material help is PLOVER AID; delivered anything else is COOPERATE.
_AID_TYPES = frozenset(
    {
        "military_aid",
        "financial_aid",
        "humanitarian_aid",
        "training",
        "troop_deployment",
        "air_support",
        "intelligence",
        "defense_industry",
    }
)
_KIEL_BY_TYPE = {
    "military_aid": "military",
    "training": "military",
    "defense_industry": "military",
    "financial_aid": "financial",
    "humanitarian_aid": "humanitarian",
}


def plover_event(commitment_type: str, status: str) -> str:
    """The PLOVER event a commitment of this type and status is coded as.

    >>> plover_event("military_aid", "delivered")
    'AID'
    >>> plover_event("agreement", "signed")
    'SUPPORT'
    """
    if status in ("proposed", "pledged", "negotiating"):
        return "AGREE"
    if status == "signed":
        return "SUPPORT"
    if status == "declined":
        return "REJECT"
    if status == "delivered":
        return "AID" if commitment_type in _AID_TYPES else "COOPERATE"
    raise ValueError(f"unknown commitment status {status!r}; expected one of {COMMITMENT_STATUSES}")


def kiel_category(commitment_type: str) -> str | None:
    """The Kiel Ukraine Support Tracker aid category, or None for non-aid types."""
    return _KIEL_BY_TYPE.get(commitment_type)

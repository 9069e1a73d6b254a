"""Commitment types from the words of a clause: what is given or promised.

A clause that names troops is a troop deployment whatever verb carries it; one
that names sanctions is about sanctions. `keyword_type` returns the type the
clause's words make unambiguous, checked from the most specific group to the
most general, or None to leave the decision to the classifier.
"""

from __future__ import annotations

import re

# Ordered: the first group that matches wins ("signed an agreement to co-produce
# drones" is defence industry, "€2 billion for air defence" is military aid).
TYPE_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "sanctions",
            r"\bsanction|\bprice cap\b|\bembargo|\b(?:assets?|reserves)\b[^.]{0,40}\b(?:frozen|immobili[sz]ed|seized)|\b(?:frozen|immobili[sz]ed) (?:russian )?(?:assets|reserves)|\bshadow fleet|\bimport ban|\bban on (?:imports|russian)",
        ),
        (
            "membership",
            r"\bmembership\b|\baccession\b|\bjoin (?:nato|the eu|the european union|the alliance)\b|\binvitation to join\b|\bnegotiating clusters?\b|\bcandidate status\b",
        ),
        ("training", r"\btrain(?:s|ed|ing)?\b|\binstructors?\b"),
        ("intelligence", r"\bintelligence\b|\bsatellite\b|\bimagery\b|\btargeting data\b|\bcyber"),
        (
            "air_support",
            r"\bair[- ]policing\b|\bair cover\b|\bair support\b|\bair backing\b|\bpatrol|\bairspace\b|\bfrom the air\b|\bno-fly",
        ),
        (
            "troop_deployment",
            r"\btroops?\b|\bsoldiers\b|\bboots on\b|\bpersonnel\b|\bbrigade|\bpeacekeep|\breassurance force\b|\bmultinational force\b|\bmilitary hubs?\b|\bdeploy|\bstabili[sz]ation force\b|\bground forces\b",
        ),
        (
            "security_guarantee",
            r"\bsecurity guarantees?\b|\bguarantee (?:ukraine'?s )?security\b|\barticle (?:5|v|five)\b|\bmutual (?:defen[cs]e|assistance)\b|\barmed attack\b|\bdefend itself\b|\bcome to (?:its|ukraine'?s) (?:aid|defen[cs]e)\b|\bstand by ukraine\b|\bdeter(?:rence)?\b",
        ),
        (
            "defense_industry",
            r"\bjoint venture\b|\bco-?produc|\bjoint production\b|\bdefen[cs]e industr|\bindustrial base\b|\bmanufactur|\bfactor(?:y|ies)\b|\bproduction\b|\bdanish model\b",
        ),
        (
            "humanitarian_aid",
            r"\bhumanitarian\b|\bgenerators?\b|\bfood\b|\bshelters?\b|\bheating\b|\bmedic(?:al|ine|ines)\b|\bhygiene\b|\brefugees?\b|\bdemining\b|\bwinteri[sz]",
        ),
        (
            "military_aid",
            r"\bweapons?\b|\bmissiles?\b|\bair[- ]defen[cs]e\b|\bammunition\b|\bshells\b|\bpatriot\b|\bnasams\b|\biris-t\b|\btanks?\b|\bhowitzers?\b|\bf-16s?\b|\bartillery\b|\blaunchers?\b|\barmou?red vehicles\b|\bmilitary aid\b|\bfire units\b|\bdrones\b",
        ),
        (
            "agreement",
            r"\b(?:sign|signed|signing|signs|conclude|concluded|negotiate|negotiating|negotiated|ratif\w+)\b[^.]{0,60}\b(?:agreements?|treaty|compact|declaration|memorandum|accord|pact)\b",
        ),
        (
            "diplomatic",
            r"\bsummit\b|\bpeace (?:conference|talks|formula|plan|summit)\b|\bhost\b|\bmediat|\bconclusions\b|\btalks\b",
        ),
        (
            "financial_aid",
            r"\bloans?\b|\bbudget support\b|\bgrants?\b|\breconstruction\b|\bfinanc|€|\$|£|\bbillion\b|\bmillion\b|\beuros\b|\bdollars\b|\btranche\b|\bdisburse",
        ),
    )
)


def keyword_type(text: str) -> str | None:
    """The type the clause's words name, most specific first; None when none does.

    >>> keyword_type("Britain will send troops to Ukraine once guns fall silent")
    'troop_deployment'
    >>> keyword_type("The EU adopted its 19th sanctions package")
    'sanctions'
    """
    for name, pattern in TYPE_KEYWORDS:
        if pattern.search(text):
            return name
    return None

"""People: the mentions of one person joined, one label, canonical name and role per
document, and the facts later stages read (`Person`: role, affiliation, body).

- `settle` joins mentions: a surname or transliteration ("Starmer", "Zelenskyy")
  takes the earlier full mention's name; a misspelt known leader ("Emmauel
  Macron", a later "Mertz" for "Merz") links to the knowledge base with lower
  confidence; first names in speeches ("Keir, Mr. Prime Minister!", "Sir Keir")
  resolve when the document or the office beside them makes it certain.
- The label: EXPERT when the words around the person say research (and, for a
  known office-holder, under an analyst's title only); a retired officer is an
  EXPERT when cited for analysis, else a LEADER; LEADER for office-holders;
  else PERSON.
- `people_facts`: each person's `Person` record, with the affiliation (the
  organisation they work or speak for, never a state) and the body an
  office-holder speaks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pledgewatch.kb import KbEntry
from pledgewatch.labels import PERSON_LABELS
from pledgewatch.model import Entity, Person
from pledgewatch.names import edit_distance, fold_name
from pledgewatch.nlp import doc_text, line_bounds
from pledgewatch.stages.entities.candidates import NON_PERSON_TYPES, NUMERIC_TYPES, Candidate
from pledgewatch.stages.entities.lexicon import (
    EntityLexicon,
    Gazetteer,
    one_deletion,
    one_deletion_index,
)
from pledgewatch.stages.entities.titles import context_evidence

_VOCATIVE_TITLE = re.compile(r"^,?\s*(?:Mr\.?|Madam|Mrs\.?|Ms\.?|Dear)\s+((?:[A-Z][\w-]*\s?){1,3})")


@dataclass
class Cluster:
    """The mentions of one person in a document, and what the words around them say."""

    canonical: str
    entry: KbEntry | None
    folded: set[str]  # every folded spelling met, full names and surnames
    surnames: set[str]  # folded surnames and transliterations that may stand alone
    evidence: set[str] = field(default_factory=set)  # LEADER / EXPERT / RETIRED
    role: str | None = None
    members: list[Candidate] = field(default_factory=list)
    typo: bool = False


def _new_cluster(text: str, entry: KbEntry | None) -> Cluster:
    surnames = {
        fold_name(s) for s in ((entry.surname, *entry.surname_variants) if entry else ()) if s
    }
    if entry is None and len(text.split()) > 1:
        surnames.add(fold_name(text.split()[-1]))
    canonical = entry.canonical if entry else text
    return Cluster(canonical, entry, {fold_name(canonical), fold_name(text)}, surnames)


def _cluster_of(folded: str, clusters: list[Cluster]) -> Cluster | None:
    tokens = folded.split()
    for cluster in reversed(clusters):
        if folded in cluster.folded:
            return cluster
        if len(tokens) == 1 and (
            tokens[0] in cluster.surnames
            or any(n.split()[-1] == tokens[0] for n in cluster.folded if len(n.split()) > 1)
        ):
            return cluster
    return None


@lru_cache(maxsize=65_536)
def _folded(name: str) -> str:
    """`fold_name` of a knowledge-base name, folded once per process."""
    return fold_name(name)


def misspelt_leader(text: str, gazetteer: Gazetteer, states: set[str]) -> KbEntry | None:
    """The known leader a misspelt name stands for: a full name of 10 letters or more
    at edit distance 1-2 with the surname exact ("Emmauel Macron"), or a surname at
    distance 1 from the surname of a leader of a state the document names ("Mertz")."""
    folded = fold_name(text)
    tokens = folded.split()
    found: set[KbEntry] = set()
    if len(tokens) > 1 and len(folded) >= 10:
        for entry in gazetteer.surnames.get(text.split()[-1], []):
            names = [_folded(n) for n in entry.names()]
            if any(0 < edit_distance(folded, n) <= 2 for n in names):
                found.add(entry)
    elif len(tokens) == 1 and len(folded) >= 4:
        # Only surnames sharing a one-deletion variant can be one edit away.
        index = gazetteer.surname_variants
        for surname in {s for v in one_deletion(folded) for s in index.get(v, ())}:
            if edit_distance(folded, _folded(surname), 1) == 1:
                found.update(e for e in gazetteer.surnames[surname] if e.state in states)
    return found.pop() if len(found) == 1 else None


def settle(
    sdoc: Any,
    chosen: list[Candidate],
    lexicon: EntityLexicon,
    gazetteer: Gazetteer,
    published: str | None = None,
) -> tuple[list[Candidate], list[Cluster]]:
    """One canonical name, label and role per person; returns the mentions and the people."""
    clusters: list[Cluster] = []
    states = {c.canonical for c in chosen if c.label == "STATE"}
    out: list[Candidate] = []
    for candidate in sorted(chosen, key=lambda c: c.start):
        if candidate.label not in PERSON_LABELS:
            out.append(candidate)
            continue
        text = doc_text(sdoc)[candidate.start : candidate.end]
        folded = fold_name(text)
        cluster = _cluster_of(folded, clusters)
        if (
            cluster is None
            and len(folded.split()) == 1
            and len(folded) >= 4
            and candidate.entry is None
        ):
            near = [
                c for c in clusters if any(edit_distance(folded, s, 1) == 1 for s in c.surnames)
            ]
            cluster = near[-1] if len(near) == 1 else None  # "Mertz" after "Merz"
            if cluster is not None:
                candidate.confidence = min(candidate.confidence, 0.6)
        if cluster is None:
            entry = candidate.entry
            if candidate.source == "surname" and (
                entry is None or not _ner_says_person(sdoc, candidate)
            ):
                continue  # a bare surname with no full mention before it, not clearly a person
            if entry is None and candidate.source in ("title", "ner"):
                known = [e for e in gazetteer.by_fold.get(folded, []) if e.label == "LEADER"]
                if not known and len(text.split()) == 1:
                    known = gazetteer.surnames.get(text, [])
                    known = known if len(known) == 1 else []
                entry = known[0] if known else misspelt_leader(text, gazetteer, states)
                if entry is not None and not known:
                    candidate.confidence = 0.6  # linked through a misspelling
            if (
                entry is None
                and candidate.source == "ner"
                and len(text.split()) == 1
                and not candidate.role
            ):
                continue  # a lone capitalised word spaCy calls a person: too weak alone
            cluster = _new_cluster(text, entry)
            clusters.append(cluster)
        cluster.folded.add(folded)
        evidence, role = context_evidence(sdoc, candidate, lexicon, gazetteer)
        cluster.evidence.update(e for e in (candidate.evidence, evidence) if e)
        cluster.role = cluster.role or candidate.role or role
        cluster.members.append(candidate)
        out.append(candidate)
    out = _surname_mentions(sdoc, out, clusters, gazetteer)
    out = _first_name_mentions(sdoc, out, clusters, lexicon, gazetteer, published)
    for cluster in clusters:
        label = _label(sdoc, cluster, lexicon)
        for member in cluster.members:
            member.label, member.canonical, member.role = label, cluster.canonical, cluster.role
            if cluster.entry is not None:
                member.entry = cluster.entry
                member.confidence = (
                    max(member.confidence, 0.85) if member.confidence > 0.6 else member.confidence
                )
    return sorted(out, key=lambda c: c.start), clusters


def _label(sdoc: Any, cluster: Cluster, lexicon: EntityLexicon) -> str:
    # A known office-holder is an expert here only under an analyst's title
    # ("a senior fellow at …"), not a loose one ("adviser", "expert").
    role_words = (cluster.role or "").lower().split()
    strong = any(lexicon.has("strong_expert", w) for w in role_words)
    if "EXPERT" in cluster.evidence and (
        cluster.entry is None or (strong and "LEADER" not in cluster.evidence)
    ):
        return "EXPERT"
    if "RETIRED" in cluster.evidence and cluster.entry is None and _speaks(sdoc, cluster, lexicon):
        return "EXPERT"  # "retired General X" cited for analysis
    if cluster.entry is not None or cluster.evidence & {"LEADER", "RETIRED"}:
        return "LEADER"
    return "PERSON"


def _speaks(sdoc: Any, cluster: Cluster, lexicon: EntityLexicon) -> bool:
    """Whether a mention of the person stands next to a reporting verb ("says X", "X told")."""
    text = doc_text(sdoc)
    for member in cluster.members:
        before = re.findall(r"[\w’']+", text[max(0, member.start - 20) : member.start])[-1:]
        after = re.findall(r"[\w’']+", text[member.end : member.end + 120].split(".")[0])
        words = before + after[:1] + after[-2:]
        if any(w.lower() in lexicon.reporting for w in words):
            return True
    return False


def _ner_says_person(sdoc: Any, candidate: Candidate) -> bool:
    """A bare known surname names its person unless spaCy or the words say otherwise."""
    span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is not None and len(span) > 1:
        return True  # "von der Leyen": a surname of several words is no place
    if span is None or any(t.ent_type_ in NON_PERSON_TYPES for t in span):
        return False
    if span.start > 0 and sdoc[span.start - 1].lower_ == "the":
        return False  # "The Hague"
    return all(t.ent_type_ == "PERSON" for t in span) or not span[0].is_sent_start


def _covered(chosen: list[Candidate], size: int) -> bytearray:
    taken = bytearray(size)
    for c in chosen:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    return taken


def _surname_mentions(
    sdoc: Any, chosen: list[Candidate], clusters: list[Cluster], gazetteer: Gazetteer
) -> list[Candidate]:
    """Later mentions of a person by surname alone, wherever spaCy missed or mistyped them."""
    first_seen: dict[str, tuple[int, Cluster]] = {}
    for cluster in clusters:
        start = min(m.start for m in cluster.members)
        names = [n for n in cluster.folded if len(n.split()) > 1]
        for surname in {n.split()[-1] for n in names} | cluster.surnames:
            if len(surname) > 2 and (surname not in first_seen or first_seen[surname][0] > start):
                first_seen[surname] = (start, cluster)
    if not first_seen:
        return chosen
    for candidate in chosen:
        text = doc_text(sdoc)[candidate.start : candidate.end]
        hit = first_seen.get(fold_name(text))
        if (
            candidate.source == "ner"
            and candidate.label in ("ORGANIZATION", "COALITION")
            and hit
            and len(text.split()) == 1
        ):
            candidate.label, candidate.source = "PERSON", "surname"
            hit[1].members.append(candidate)
    taken = _covered(chosen, len(doc_text(sdoc)))
    kept = list(chosen)
    by_variant = one_deletion_index(s for s in first_seen if len(s) >= 4)
    for token in sdoc:
        if not token.text[:1].isupper() or token.is_punct:
            continue
        folded = fold_name(token.text)
        hit = first_seen.get(folded)
        confidence = 0.75
        if hit is None and len(folded) >= 4 and token.pos_ in ("PROPN", ""):
            # Only names sharing a one-deletion variant can be one edit away; the
            # order does not matter, as only a single match is used.
            similar = {s for v in one_deletion(folded) for s in by_variant.get(v, ())}
            near = {
                id(first_seen[s][1]): first_seen[s][1]
                for s in similar
                if edit_distance(folded, s, 1) == 1
            }
            if len(near) == 1:  # "Mertz" for the "Merz" named before
                hit, confidence = (0, next(iter(near.values()))), 0.6
        # Someone named in full in this document: trust that over spaCy calling the
        # surname a place or a group (or, for a known spelling, a common noun), but not
        # over a date or a number.
        known = hit is not None and hit[1].entry is not None and token.text in gazetteer.surnames
        if (
            hit is None
            or token.ent_type_ in NUMERIC_TYPES
            or (token.pos_ not in ("PROPN", "") and not known)
            or (token.i > 0 and sdoc[token.i - 1].lower_ == "the")
        ):
            continue
        start, end = token.idx, token.idx + len(token.text)
        if any(taken[start:end]):
            continue
        candidate = Candidate(start, end, "PERSON", token.text, "surname", confidence)
        hit[1].members.append(candidate)
        kept.append(candidate)
        taken[start:end] = b"\x01" * (end - start)
    return kept


def _first_name_mentions(
    sdoc: Any,
    chosen: list[Candidate],
    clusters: list[Cluster],
    lexicon: EntityLexicon,
    gazetteer: Gazetteer,
    published: str | None,
) -> list[Candidate]:
    """A leader named by first name: "Sir Keir", or a vocative ("Keir, Mr. Prime
    Minister!", "Thank you, Emmanuel,"). It names the one person of that first name
    the document names; else the holder, at the article's date, of the office named
    beside it; else, in a line of greetings, the one leader of that first name the
    knowledge base knows."""
    text = doc_text(sdoc)
    taken = _covered(chosen, len(text))
    kept = list(chosen)
    for token in sdoc:
        start, end = token.idx, token.idx + len(token.text)
        if not re.fullmatch(r"[A-Z][a-z]+", token.text) or any(taken[start:end]):
            continue
        before = sdoc[token.i - 1] if token.i else None
        after = text[end : end + 40]
        honorific = before is not None and before.lower_ in ("sir", "dame")
        vocative = re.match(r"\s*[,!]", after) and (
            before is None
            or before.text in (",", "!", "\n")
            or before.is_space
            or token.is_sent_start
        )
        if not (honorific or vocative):
            continue
        first = token.lower_
        in_doc = [c for c in clusters if c.canonical.split()[0].lower() == first]
        entry = in_doc[0].entry if len(in_doc) == 1 else None
        cluster = in_doc[0] if len(in_doc) == 1 else None
        confidence = 0.7
        if cluster is None:
            title = _VOCATIVE_TITLE.match(after)
            candidates = gazetteer.first_names.get(first, [])
            if title:
                holders = set(gazetteer.kb.holders([title.group(1).strip()], None, published))
                candidates = [e for e in candidates if e.canonical in holders]
            elif not (honorific or _greeting_line(sdoc, start)):
                continue
            else:
                confidence = 0.6
            if len(candidates) != 1:
                continue
            entry = candidates[0]
            cluster = next((c for c in clusters if c.entry is entry), None)
            if cluster is None:
                cluster = _new_cluster(entry.canonical, entry)
                clusters.append(cluster)
            if title:
                cluster.role = cluster.role or title.group(1).strip()
        candidate = Candidate(
            start, end, "LEADER", cluster.canonical, "surname", confidence, entry=entry
        )
        cluster.evidence.add("LEADER")
        cluster.members.append(candidate)
        kept.append(candidate)
        taken[start:end] = b"\x01" * (end - start)
    return kept


def _greeting_line(sdoc: Any, offset: int) -> bool:
    """A line of greetings only: names and titles between commas, ending with "!"."""
    line_start, line_end = line_bounds(sdoc, offset)
    line = doc_text(sdoc)[line_start:line_end].strip()
    return line.endswith("!") and all(
        re.fullmatch(r"(?:[A-Z][\w.]*\s?){1,4}", p.strip())
        for p in re.split(r"[,!]", line)
        if p.strip()
    )


# -- facts: affiliation and body -----------------------------------------------------


def people_facts(
    entities: list[Entity],
    text: str,
    clusters: list[Cluster],
    gazetteer: Gazetteer,
    lexicon: EntityLexicon | None = None,
) -> tuple[Person, ...]:
    """One `Person` per person named, in order of first mention."""
    affiliations = affiliations_of(entities, text, lexicon)
    people = []
    for cluster in sorted(clusters, key=lambda c: min((m.start for m in c.members), default=0)):
        mentions = tuple(sorted((m.start, m.end) for m in cluster.members))
        label = next((e.label for e in entities if (e.start, e.end) in mentions), None)
        if label is None:
            continue
        body = body_of(cluster, entities, gazetteer) if label == "LEADER" else None
        affiliation = affiliations.get(cluster.canonical)
        if affiliation is None and label == "LEADER" and cluster.role and lexicon is not None:
            affiliation = office_affiliation(cluster.role, body, entities, lexicon)
        people.append(
            Person(
                canonical=cluster.canonical,
                label=label,
                role=cluster.role,
                affiliation=affiliation,
                body=body,
                mentions=mentions,
            )
        )
    return tuple(people)


def body_of(cluster: Cluster, entities: list[Entity], gazetteer: Gazetteer) -> str | None:
    """The state or body an office-holder speaks for: a coalition named in their role
    ("NATO Secretary General") or just before a mention, else the knowledge base's
    state, else the state a demonym in the role names ("the French president")."""
    role = cluster.role or ""
    coalition = gazetteer.kb.first_named("COALITION", role)
    if coalition is not None:
        return coalition.canonical
    starts = {m.start for m in cluster.members}
    ordered = sorted(entities, key=lambda e: e.start)
    for i, entity in enumerate(ordered):
        if (
            entity.start in starts
            and i
            and ordered[i - 1].label == "COALITION"
            and entity.start - ordered[i - 1].end < 30
        ):
            return ordered[i - 1].canonical  # "NATO chief Mark Rutte"
    if cluster.entry is not None and cluster.entry.state:
        return cluster.entry.state
    state = gazetteer.kb.first_named("STATE", role, demonyms=True)
    return state.canonical if state is not None else None


def office_affiliation(
    role: str, state: str | None, entities: list[Entity], lexicon: EntityLexicon
) -> str | None:
    """The body an office-holder's role belongs to, when the document names it: an
    organisation or coalition the role names ("Commission President": the European
    Commission named as "the Commission"), else the one ministry named whose words
    share the role's own ("Federal Minister of Defence": the Federal Ministry of
    Defence), of the office-holder's state where its name says a state."""
    role_words = _office_words(role, lexicon)
    if not role_words:
        return None
    bodies = [e for e in entities if e.label in ("ORGANIZATION", "COALITION")]
    named = {
        e.canonical
        for e in bodies
        if (words := _office_words(e.text, lexicon, keep_heads=True)) and words <= role_words
    }
    if len(named) == 1:
        return named.pop()
    ministries = set()
    for entity in bodies:
        name = entity.canonical
        state_named = re.search(r"\(([^()]+)\)$", name)
        if state_named and state is not None and state_named.group(1) != state:
            continue
        if not any(lexicon.has("office_head", w) for w in name.lower().split()):
            continue
        if _office_words(name, lexicon) & role_words:
            ministries.add(name)
    return ministries.pop() if len(ministries) == 1 else None


def _office_words(text: str, lexicon: EntityLexicon, keep_heads: bool = False) -> set[str]:
    """A role's or a body's own words: lower case, "defense" spelt "defence", without
    the words of offices ("minister", "ministry", "secretary", …) or, unless
    ``keep_heads``, of a body's kind."""
    words = set()
    for word in re.findall(r"[a-z]+", text.lower().replace("defense", "defence")):
        if lexicon.has("office_word", word) or word in ("the", "of", "for", "and"):
            continue
        if not keep_heads and lexicon.has("office_head", word):
            continue
        words.add(word)
    return words


def with_full_names(entities: list[Entity]) -> list[Entity]:
    """Organisations named short and in full in one document under the full name: a
    canonical name of two words or more that is the opening of exactly one longer
    one ("Northbridge Institute", "Kiel Institute for the World Economy" after "the
    Kiel Institute")."""
    names = {e.canonical for e in entities if e.label == "ORGANIZATION" and e.kb_id is None}
    longer: dict[str, str] = {}
    for name in names:
        words = name.split()
        if len(words) < 2:
            continue
        fuller = [n for n in names if n != name and n.split()[: len(words)] == words]
        if len(fuller) == 1:
            longer[name] = fuller[0]
    if not longer:
        return entities
    return [
        replace(e, canonical=longer[e.canonical])
        if e.label == "ORGANIZATION" and e.canonical in longer
        else e
        for e in entities
    ]


def title_line_names_unit(text: str, line_end: int, subunits: frozenset[str]) -> bool:
    """Whether the line after ``line_end`` ends in a unit of a body ("Director,
    Transatlantic Security Initiative")."""
    words = re.findall(r"[A-Za-z]+", text[line_end + 1 : _line_end(text, line_end + 1)])
    return bool(words) and words[-1].lower() in subunits


def affiliations_of(
    entities: list[Entity], text: str, lexicon: EntityLexicon | None = None
) -> dict[str, str]:
    """Each person's affiliation: an organisation (or coalition) in apposition after a
    mention, in a title before it, possessive before it, or on the title line under
    the name. A state is never an affiliation. On a roundup's title line a unit of a
    body (a word of the lexicon's ``subunit`` class: "Eastern Europe Programme")
    stands for the body named on that line, else for the house that publishes the
    roundup (the first organisation named in the text's first three lines). Without
    ``lexicon`` no unit and no described body ("the Prague-based consultancy X") is
    read."""
    subunits = lexicon.words.get("subunit", frozenset()) if lexicon is not None else frozenset()
    described = lexicon.pattern("body_described") if lexicon is not None else None
    affiliations: dict[str, str] = {}
    entities = sorted(entities, key=lambda e: e.start)
    bodies = ("ORGANIZATION", "COALITION")
    header_end = _line_end(text, _line_end(text, _line_end(text, 0) + 1) + 1)
    house = next(
        (e.canonical for e in entities if e.label == "ORGANIZATION" and e.end <= header_end), None
    )
    for i, entity in enumerate(entities):
        if entity.label not in PERSON_LABELS or entity.canonical in affiliations:
            continue
        found = _affiliation(entities, i, text, bodies, (house, subunits), described)
        if found:
            affiliations[entity.canonical] = found
    return affiliations


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _affiliation(
    entities: list[Entity],
    i: int,
    text: str,
    bodies: tuple[str, ...],
    house: tuple[str | None, frozenset[str]] = (None, frozenset()),
    described: re.Pattern[str] | None = None,
) -> str | None:
    entity = entities[i]
    # "Kremlin spokesman Dmitry Peskov", "Commission President Ursula von der Leyen"
    for other in reversed(entities[:i]):
        between = text[other.end : entity.start]
        if len(between) > 45 or "\n" in between or other.label in PERSON_LABELS:
            break
        title_words = re.fullmatch(r"(?:['’]s)?\s+((?:[A-Za-z-]+\s+){0,4})", between)
        role_words = set((entity.role or "").lower().split())
        if (
            other.label in bodies
            and title_words
            and (not role_words or role_words & set(title_words.group(1).lower().split()))
        ):
            return other.canonical
    # "Jane Roe of the Finnish Institute of International Affairs told Reuters"
    # A leader "at the Chancellery" or "from the White House" is somewhere, not employed there.
    preps = "of" if entity.label == "LEADER" else "of|at|from"
    after_name = re.match(rf"\s+(?:{preps})\s+(?:[Tt]he\s+)?", text[entity.end : entity.end + 12])
    if after_name:
        for other in entities[i + 1 : i + 3]:
            if other.start == entity.end + after_name.end() and other.label in bodies:
                return other.canonical
    line_end = text.find("\n", entity.end)
    if (
        text[text.rfind("\n", 0, entity.start) + 1 : entity.start].strip() == ""
        and line_end == entity.end
    ):
        # A roundup: the name line, then "Director of the Centre for Defence Studies"
        next_end = text.find("\n", line_end + 1)
        next_end = len(text) if next_end < 0 else next_end
        on_line = [o for o in entities[i + 1 :] if o.start < next_end and o.label in bodies]
        if on_line and any(
            o.label in PERSON_LABELS for o in entities[i + 1 :] if o.start < on_line[0].start
        ):
            on_line = []
        publisher, subunits = house
        whole = [o for o in on_line if o.text.split()[-1].lower() not in subunits]
        if whole:
            return whole[0].canonical
        if publisher is not None and (on_line or title_line_names_unit(text, line_end, subunits)):
            return publisher  # "Senior Fellow, Eastern Europe Programme" at the house
        if on_line:
            return on_line[0].canonical
    # "X, a senior fellow at the Royal United Services Institute, said"
    if text[entity.end : entity.end + 1] == ",":
        stop = len(text)
        for mark in re.finditer(r"[.;\n]", text[entity.end : entity.end + 400]):
            if mark.group() == "\n" and re.search(
                r"\b(?:for|of|the|and|at|in)\s*$", text[entity.end : entity.end + mark.start()]
            ):
                continue  # a name cut at a line break goes on
            stop = entity.end + mark.start()
            break
        for other in entities[i + 1 :]:
            if other.start >= stop or other.label in PERSON_LABELS:
                break
            between = text[entity.end : other.start]
            after_body = text[other.end : other.end + 25]
            if other.label in bodies and (
                # "…, a senior fellow at the X", "…, who leads the X's team"
                re.search(
                    r"\b(?:at|of|for|with|from|in|leads|heads|runs|directs|chairs|joined)\s+(?:[Tt]he\s+)?$",
                    between,
                )
                # "…, an analyst with the Prague-based consultancy X"
                or (described is not None and described.search(between))
                # "…, the EU's foreign policy chief", "…, the Russian Foreign Ministry spokeswoman"
                or (
                    re.fullmatch(r",\s+(?:the|a|an)\s+", between)
                    and re.match(r"(?:['’]s)?\s+[a-z]", after_body)
                )
            ):
                return other.canonical
    # "Its chief executive, Roman Tkachuk": the organisation just named
    before = text[max(0, entity.start - 60) : entity.start]
    if re.search(
        r"\b(?:[Ii]ts|[Tt]he (?:company|firm|group|agency|institute|centre|center)['’]s)\s+[a-z][\w\s-]{0,40},?\s*$",
        before,
    ):
        named = [
            o for o in entities[:i] if o.label == "ORGANIZATION" and entity.start - o.end < 400
        ]
        if named:
            return named[-1].canonical
    # "RUSI's director X", "the Razumkov Centre's director, X", "RUSI's X"
    for other in reversed(entities[:i]):
        if entity.start - other.end > 40:
            break
        if other.label == "ORGANIZATION" and re.match(
            r"^(?:'s|’s)\s+[\w\s-]{0,30}?,?\s*$", text[other.end : entity.start]
        ):
            return other.canonical
    return None

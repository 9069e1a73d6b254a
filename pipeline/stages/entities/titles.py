"""People found, and typed, by the words around their names.

- a title before the name: "Defence Secretary John Healey", "analyst Jane Roe",
  "the UK's ambassador to Ukraine Jane Roe", "retired General Jane Roe";
- an apposition or relative clause after it: "Jane Roe, a senior fellow at RUSI",
  "Jane Roe, director of a research institute in Rome", "Jane Roe, who leads the
  aid-tracking team at the Kiel Institute";
- an affiliation: "Jane Roe of RUSI", "RUSI's Jane Roe";
- a roundup: a line holding only the name, followed by a title line
  ("Jane Roe" / "Director of the Centre for Defence Studies");
- a byline ("By Jane Roe") or a role noun ("photographer Jane Roe").

`context_evidence` says whether those words make a person a LEADER or an EXPERT
(or, for "retired General X", RETIRED: an expert if they are cited for analysis).
"""

from __future__ import annotations

import re
from typing import Any

from pledgewatch.names import fold_name
from pledgewatch.nlp import doc_text, line_bounds
from pledgewatch.stages.entities.candidates import NON_PERSON_TYPES, Candidate, in_heading
from pledgewatch.stages.entities.lexicon import EntityLexicon, Gazetteer

_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*$")
_CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿā-ſ'’-]+$")
_NAME_LINE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+(?: [A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+){1,3}")
_APPOSITION_STOP = frozenset([",", ";", "—", "–", ".", "(", ")", ":"])
_ROLE_SPLIT = re.compile(
    r"\s+(?:at|of|with|for|from|in)\s+(?:the\s+)?[A-Z]|\s+(?:that|which|who|whose|and)\s"
)


def is_name_token(token: Any, lexicon: EntityLexicon) -> bool:
    if token.is_punct and token.text not in ("-", "'"):
        return False
    if lexicon.has("honorific", token.text) and token.text[:1].isupper():
        return True
    return (
        bool(_NAME_TOKEN.match(token.text)) or lexicon.has("particle", token.text)
    ) and token.lower_ not in (
        "said",
        "says",
        "told",
        "and",
        "the",
    )


def _capitalised_word(token: Any, lexicon: EntityLexicon) -> bool:
    return (
        bool(_CAPITALISED.match(token.text))
        and not lexicon.has("honorific", token.text)
        and not token.is_stop
        and token.pos_ not in ("ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "VERB", "ADV")
    )


def _retired_before(sdoc: Any, start: int, lexicon: EntityLexicon) -> bool:
    return any(lexicon.has("retired", t.text) for t in sdoc[max(0, start - 3) : start])


def title_candidates(
    sdoc: Any, titles: list[tuple[int, int, int]], lexicon: EntityLexicon, gazetteer: Gazetteer
) -> list[Candidate]:
    """People introduced by a title before the name ("Defence Secretary John Healey")."""
    strings = sdoc.vocab.strings
    out: list[Candidate] = []
    seen_end = -1
    for match_id, start, end in sorted(titles, key=lambda t: (t[1], -(t[2] - t[1]))):
        if start < seen_end:
            continue  # a shorter title inside a longer one
        seen_end = end
        title = strings[match_id][1:]
        kind = (
            "EXPERT"
            if title in lexicon.expert_titles and title not in lexicon.leader_titles
            else "LEADER"
        )
        if (
            kind == "EXPERT"
            and start > 0
            and lexicon.has("government_modifier", sdoc[start - 1].text)
        ):
            kind = "LEADER"  # "presidential adviser X", "Kremlin aide X"
        if kind == "LEADER" and _retired_before(sdoc, start, lexicon):
            kind = "RETIRED"
        name_start = end
        if name_start + 1 < len(sdoc) and sdoc[name_start].lower_ == "to":
            # "ambassador to Ukraine Jane Roe": the post's place, then the name
            place = name_start + 1 + (sdoc[name_start + 1].lower_ == "the")
            while place < len(sdoc) and place - name_start < 5 and sdoc[place].text[:1].isupper():
                if (
                    sdoc[name_start + 1 : place + 1].text in gazetteer.places
                    or sdoc[place].text in gazetteer.places
                ):
                    name_start = place + 1
                    break
                place += 1
        name_end = name_start
        while (
            name_end < len(sdoc)
            and name_end - name_start < 4
            and is_name_token(sdoc[name_end], lexicon)
        ):
            name_end += 1
        if name_end == name_start or not sdoc[name_start].text[:1].isupper():
            continue
        span = sdoc[name_start:name_end]
        if sdoc[name_end - 1].text in ("’s", "'s"):
            span = sdoc[name_start : name_end - 1]
        entry = None
        if (
            name_end + 1 < len(sdoc)
            and sdoc[name_end].text == ")"
            and _NAME_TOKEN.match(sdoc[name_end + 1].text)
        ):
            # "(Russian President Vladimir) Putin": the name goes on after the bracket
            entry = gazetteer.entry(f"{span.text} {sdoc[name_end + 1].text}", "LEADER")
            if entry is not None:
                span = sdoc[name_end + 1 : name_end + 2]
        if len(span) and not is_known_non_person(span.text, gazetteer):
            role = sdoc[start:end].text
            out.append(
                Candidate.of(
                    span,
                    "PERSON",
                    entry.canonical if entry else span.text,
                    "title",
                    0.8,
                    entry=entry,
                    role=role,
                    evidence=kind,
                    priority=2 if entry else 1,
                )
            )
    return out


def name_pattern_candidates(
    sdoc: Any, lexicon: EntityLexicon, gazetteer: Gazetteer
) -> list[Candidate]:
    """Names spaCy may miss, found by the words around them: a capitalised run before
    an apposition or after a role noun, a byline, a name line before a title line."""
    out: list[Candidate] = []
    text = doc_text(sdoc)
    for match in lexicon.pattern("byline").finditer(text):
        for name in re.finditer(r"[^,]+?(?=\s+and\s+|,|$)", match.group(1)):
            chunk = re.sub(r"^and\s+", "", name.group().strip())  # "… and Daniel Whitcombe"
            if chunk:
                offset = text.index(chunk, match.start(1) + name.start())
                out.append(Candidate(offset, offset + len(chunk), "PERSON", chunk, "title", 0.75))
    for line in re.finditer(r"[^\n]+", text):
        if _is_name_line(line.group(), lexicon) and title_line_after(text, line.end(), lexicon):
            start = line.start() + len(line.group()) - len(line.group().lstrip())
            chunk = line.group().strip()
            while len(chunk.split()) > 2 and lexicon.has("honorific", chunk.split()[0]):
                # "Dr Helena Kowalczyk": the name without its title
                rest = chunk[len(chunk.split()[0]) :].lstrip()
                start += len(chunk) - len(rest)
                chunk = rest
            if not is_known_non_person(chunk, gazetteer):
                out.append(
                    Candidate(start, start + len(chunk), "PERSON", chunk, "title", 0.75, priority=1)
                )
    i = 0
    while i < len(sdoc):
        if not _capitalised_word(sdoc[i], lexicon) or (
            i > 0 and _capitalised_word(sdoc[i - 1], lexicon)
        ):
            i += 1
            continue
        j = i
        while (
            j < len(sdoc)
            and j - i < 4
            and is_name_token(sdoc[j], lexicon)
            and not sdoc[j].is_stop
            and not sdoc[j].is_sent_end
        ):
            j += 1
        while j > i and not sdoc[j - 1].text[:1].isupper():
            j -= 1
        apposition = (
            j + 1 < len(sdoc)
            and sdoc[j].text == ","
            and sdoc[j + 1].lower_ in ("a", "an", "the", "who", "now")
        )
        before = sdoc[i - 1] if i > 0 else None
        after_role_noun = (
            before is not None and before.text.islower() and lexicon.has("role_noun", before.text)
        )
        if 2 <= j - i <= 4 and (apposition or after_role_noun) and not in_heading(sdoc[i:j]):
            span = sdoc[i:j]
            # An apposition that names a job outweighs spaCy calling the name a place.
            titled = apposition and _has_title(sdoc[j + 1 : j + 11], lexicon)
            not_a_person = (
                (any(t.ent_type_ in NON_PERSON_TYPES for t in span) and not titled)
                or lexicon.has("non_name_head", span[0].text)
                # the tail of a longer name ("Centre for [Central European Security]")
                or (span[0].ent_iob_ == "I" and span[0].ent_type_ != "PERSON")
            )
            if lexicon.pattern("org_suffix").search(span.text):
                out.append(Candidate.of(span, "ORGANIZATION", span.text, "title", 0.6))
            elif not (
                not_a_person
                or is_known_non_person(span.text, gazetteer)
                or any(lexicon.has("honorific", t.text) for t in span)
            ):
                out.append(Candidate.of(span, "PERSON", span.text, "title", 0.7))
        i = max(j, i + 1)
    return out


def _is_name_line(line: str, lexicon: EntityLexicon) -> bool:
    """Whether a line is a name alone, its lower-case particles aside ("Pieter van
    der Berg")."""
    words = [w for w in line.split() if not lexicon.has("particle", w)]
    return _NAME_LINE.fullmatch(" ".join(words)) is not None


def title_line_after(text: str, line_end: int, lexicon: EntityLexicon) -> str | None:
    """The next line when it opens with a title ("Director of the …"), else None."""
    if not text.startswith("\n", line_end):
        return None
    stop = text.find("\n", line_end + 1)
    line = text[line_end + 1 : len(text) if stop < 0 else stop].strip()
    lowered = line.lower()
    if not line[:1].isupper() or len(line.split()) > 20:
        return None
    for title in (*lexicon.expert_titles, *lexicon.leader_titles):
        t = title.lower()
        if lowered.startswith(t) and not lowered[len(t) : len(t) + 1].isalpha():
            return line
    return None


def _has_title(tokens: Any, lexicon: EntityLexicon) -> bool:
    words = " ".join(t.lower_ for t in tokens if not t.is_punct or t.text == "-")
    return any(_contains(words, t) for t in (*lexicon.expert_titles, *lexicon.leader_titles))


def _contains(words: str, title: str) -> bool:
    return f" {title.lower()} " in f" {words} "


def is_known_non_person(text: str, gazetteer: Gazetteer) -> bool:
    return any(e.label != "LEADER" for e in gazetteer.by_fold.get(fold_name(text), []))


def context_evidence(
    sdoc: Any, candidate: Candidate, lexicon: EntityLexicon, gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """LEADER/EXPERT evidence and the role, from the words after (or before) a mention."""
    span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None:
        return None, None
    text = doc_text(sdoc)
    line_start, _ = line_bounds(sdoc, candidate.start)
    opening = text[line_start : candidate.start].split()
    if all(lexicon.has("honorific", w) for w in opening) and text[
        candidate.end : candidate.end + 1
    ] in ("\n", ""):
        line = title_line_after(text, candidate.end, lexicon)
        if line:  # a roundup: the name line, then the title line
            return judge(line, lexicon, gazetteer)
    after = span.end
    if after < len(sdoc) and sdoc[after].text in ("’s", "'s"):
        return None, None
    if after >= len(sdoc) or sdoc[after].text != ",":
        tail = re.match(
            r"\s+(?:of|at|from)\s+((?:the\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z&][\w'’.-]*|\s+(?:of|for|on|and)){0,6})",
            text[candidate.end : candidate.end + 90],
        )
        if tail and gazetteer.is_research(tail.group(1), lexicon):
            return "EXPERT", None  # "Jane Roe of RUSI", "Jane Roe at the Kiel Institute"
        copula = re.match(
            r"\s+(?:is|was)\s+([^.;:\n]{3,150})", text[candidate.end : candidate.end + 160]
        )
        said = judge(copula.group(1), lexicon, gazetteer) if copula else (None, None)
        if said[0] == "EXPERT":
            return said  # "X is professor of … at …"
        return title_before(sdoc, span.start, lexicon, gazetteer)
    phrase = _apposition(sdoc, after + 1)
    lowered = phrase.lower()
    first = lowered.split(" ", 1)[0] if lowered else ""
    starts_with_title = lexicon.has("research_post", first) or any(
        lowered.startswith(t.lower()) for t in (*lexicon.expert_titles, *lexicon.leader_titles)
    )
    if not phrase or not (
        first in ("the", "a", "an", "who", "now")
        or phrase[0].isupper()
        or re.match(r"[A-Za-z-]+['’]s\b", phrase)
        or starts_with_title
    ):
        return title_before(sdoc, span.start, lexicon, gazetteer)
    if first == "who":
        clause = re.sub(r"^who\s+(?:now\s+)?", "", phrase)
        verb = clause.split(" ", 1)[0].lower()
        research = gazetteer.is_research(clause, lexicon)
        if lexicon.has("teaching_verb", verb) or (lexicon.has("job_verb", verb) and research):
            return "EXPERT", re.split(r"\s+at\s+", clause)[0]
        if verb == "serves" and research:
            return "EXPERT", re.sub(r"^serves as\s+", "", _ROLE_SPLIT.split(clause)[0])
        return None, None
    return judge(phrase, lexicon, gazetteer)


def _apposition(sdoc: Any, start: int) -> str:
    """The apposition from token ``start`` up to the next comma, dash or sentence end;
    a line break inside a name ("the Institute for" / "International Affairs") is no end."""
    stop = start
    while stop < len(sdoc) and stop - start < 25 and sdoc[stop].text not in _APPOSITION_STOP:
        token = sdoc[stop]
        if (
            token.is_space
            and "\n" in token.text
            and not (
                stop > start
                and sdoc[stop - 1].lower_ in ("for", "of", "the", "and", "at", "in", "on")
            )
        ):
            break
        stop += 1
    return " ".join(sdoc[start:stop].text.split())


def judge(
    phrase: str, lexicon: EntityLexicon, gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """What a title phrase says: ("EXPERT", role), ("LEADER", role) or (None, None).

    >>> # "a senior fellow at RUSI" → ("EXPERT", "senior fellow")
    """
    bare = re.sub(r"^(?:the|a|an|now)\s+", "", phrase, flags=re.IGNORECASE)
    words = " ".join(re.findall(r"[\w'’-]+", re.sub(r"^(?:who is|who was)\s+", "", bare.lower())))
    role = _ROLE_SPLIT.split(bare)[0].strip(" ,")
    expert = any(_contains(words, t) for t in lexicon.expert_titles)
    leader = any(_contains(words, t) for t in lexicon.leader_titles)
    research = gazetteer.is_research(phrase, lexicon)
    teaches = re.search(r"\bwho\s+(?:now\s+)?([a-z]+)", bare.lower())
    if teaches and lexicon.has("teaching_verb", teaches.group(1)):
        return "EXPERT", role  # "a former air force officer who now lectures at …"
    if expert and (research or not leader):
        return "EXPERT", role
    if leader:
        return "LEADER", role
    if research and any(lexicon.has("research_post", w) for w in words.split()):
        return "EXPERT", role
    return None, None


def title_before(
    sdoc: Any, start: int, lexicon: EntityLexicon, gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """'Analyst X', 'RUSI's director X', 'Professor X', 'RUSI's X' just before the name."""
    window = sdoc[max(0, start - 8) : start].text.rstrip(" ,")
    lowered = window.lower()
    best: tuple[str, str] | None = None
    for kind, titles in (("EXPERT", lexicon.expert_titles), ("LEADER", lexicon.leader_titles)):
        for title in titles:
            if (lowered.endswith(" " + title.lower()) or lowered == title.lower()) and (
                best is None or len(title) > len(best[1])
            ):
                best = (kind, window[len(window) - len(title) :])
    size = len(best[1].split()) if best else 0
    if (
        best
        and best[0] == "EXPERT"
        and start > size
        and lexicon.has("government_modifier", sdoc[start - size - 1].text)
    ):
        best = ("LEADER", best[1])  # "presidential adviser X"
    if best is None:
        owner = re.search(r"([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,5})['’]s$", window)
        if owner and gazetteer.is_research(owner.group(1), lexicon):
            return "EXPERT", None  # "RUSI's Jane Roe"
    return best if best else (None, None)

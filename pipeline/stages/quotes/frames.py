"""Reporting frames: the cue of a quote and the mention of its speaker.

A direct quote's attribution stands next to it, in its own sentence: after
the closing mark first ("…,” she said", "…,” said analyst X of Y"), else
before the opening one ("He added: “…”"). The cue is a reporting verb or
phrase of ``models/lexicon/reporting_verbs.txt``; the speaker mention is the
verb's subject in the parse, else the name next to the verb, else the object
of "according to".
"""

from __future__ import annotations

import re
from typing import Any

from pledgewatch.stages.quotes.lexicon import QuoteLexicon
from pledgewatch.stages.quotes.marks import next_mark

SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Lt|No|vs))(?<!\b(?:Mrs|Gen|Sen|Rep|Col|Gov|Adm|Maj))(?<!\bProf)[.!?][”’»\"]?(?=\s|$)"
)


def attribution(
    sdoc: Any, text: str, opener: int, closer: int, lexicon: QuoteLexicon
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The cue and speaker mention around a quoted passage, after it first."""
    paragraph_start = text.rfind("\n", 0, opener) + 1
    paragraph_end = text.find("\n", closer)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    # After: up to the end of the sentence or the next opening mark.
    after_end = paragraph_end
    for match in SENTENCE_END.finditer(text, closer + 1, paragraph_end):
        after_end = match.start()
        break
    next_open = next_mark(text, closer + 1, after_end, opening=True)
    if next_open >= 0:
        after_end = next_open
    if text[closer - 1 : closer] in (".", "!", "?") and re.match(
        r"\s*(?:$|\n|[A-Z“\"])", text[closer + 1 : closer + 4]
    ):
        after_end = closer + 1  # the quote ended its sentence: what follows is a new one
    # An attribution stands next to the quote ("…,” she said", "…,” said analyst X
    # of Y"); a quote that runs on into a clause ("…” — that codify …") has none after it.
    first_word = re.match(r"[\s,;:—–-]*([\w’']+)", text[closer + 1 : closer + 40])
    if first_word and lexicon.word(first_word.group(1), "clause_word"):
        after_end = closer + 1
    after_end = min(after_end, word_boundary(text, closer + 1, 16, forward=True))
    # Before: back to the previous sentence end or closing mark in the paragraph.
    before_start = paragraph_start
    for match in SENTENCE_END.finditer(text, paragraph_start, opener):
        before_start = match.end()
    previous_close = max((text.rfind(c, paragraph_start, opener) for c in '”»"'), default=-1)
    if previous_close >= before_start:
        before_start = previous_close + 1
    before_start = max(before_start, word_boundary(text, opener, 12, forward=False))
    for window in ((closer + 1, after_end), (before_start, opener)):
        found = cue_in(sdoc, *window, lexicon)
        if found:
            return found
    return None, None


def cue_in(
    sdoc: Any, start: int, end: int, lexicon: QuoteLexicon
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    if end <= start:
        return None
    span = sdoc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    for token in span:
        phrase = phrase_at(sdoc, token.i, lexicon)
        if phrase is not None and phrase[1] <= span.end:
            cue = (sdoc[phrase[0]].idx, sdoc[phrase[1] - 1].idx + len(sdoc[phrase[1] - 1].text))
            if sdoc[phrase[0]].lower_ == "according":
                return cue, object_of_according(sdoc, phrase[1])
            return cue, speaker_of(sdoc, sdoc[phrase[0]], span)
        if token.lower_ in lexicon.verbs and token.pos_ in ("VERB", "AUX", ""):
            return (token.idx, token.idx + len(token.text)), speaker_of(sdoc, token, span)
    return None


def phrase_at(sdoc: Any, i: int, lexicon: QuoteLexicon) -> tuple[int, int] | None:
    first = sdoc[i].lower_
    for phrase in lexicon.phrases:
        if phrase[0] != first:  # asked of every token: look no further at once
            continue
        end = i + len(phrase)
        if end <= len(sdoc) and tuple(t.lower_ for t in sdoc[i:end]) == phrase:
            return i, end
    return None


def object_of_according(sdoc: Any, after: int) -> tuple[int, int] | None:
    """The noun phrase after "according to"."""
    end = after
    seen_noun = False
    while (
        end < len(sdoc)
        and not sdoc[end].is_punct
        and sdoc[end].pos_ not in ("VERB", "AUX")
        and end - after < 8
    ):
        if seen_noun and sdoc[end].pos_ not in ("NOUN", "PROPN", "PART"):
            break  # "officials familiar with …": the phrase ends at its noun
        seen_noun = seen_noun or sdoc[end].pos_ in ("NOUN", "PROPN")
        end += 1
    if end == after:
        return None
    return np_chars(sdoc, after, end)


_FRAMES = frozenset(
    "say tell write add state announce declare insist warn note stress suggest argue claim".split()
)


# Entity types that never speak: "said Wednesday", "said 30 percent".
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def speaker_of(sdoc: Any, verb: Any, window: Any) -> tuple[int, int] | None:
    """The speaker mention of a reporting verb: its subject, else a name next to it."""
    heads = [verb]
    if (
        verb.tag_ == "VBG"
        or verb.dep_ in ("advcl", "conj", "xcomp")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        # "…, adding that …", "and warned …": the speaker of the frame it goes on from,
        # the nearest reporting verb above it where the parse hangs it lower ("X said the
        # EU would act, adding that …")
        above = [a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")]
        framing = next((a for a in above if a.lemma_.lower() in _FRAMES), None)
        # "… was theft and warned of …", hung inside the first report: its frame's speaker
        goes_on = verb.tag_ == "VBG" or (verb.dep_ == "conj" and verb.lemma_.lower() in _FRAMES)
        heads.append(framing if framing is not None and goes_on else verb.head)
    for head in heads:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
                    child = head.head  # "Orban, who said …": the one the clause is about
                return np_chars(sdoc, child.left_edge.i, child.i + 1, head=child)
    # Inverted or unparsed: "said Prime Minister Keir Starmer", "X said".
    after = sdoc[verb.i + 1 : min(window.end, verb.i + 7)]
    names = [
        t
        for t in after
        if (t.pos_ in ("PROPN", "PRON") or t.ent_type_) and t.ent_type_ not in _NOT_SPEAKERS
    ]
    if names:
        last = names[0].i
        while last + 1 < window.end and (
            sdoc[last + 1].pos_ == "PROPN" or sdoc[last + 1].ent_iob_ == "I"
        ):
            last += 1
        return np_chars(sdoc, names[0].i, last + 1)
    before = sdoc[max(window.start, verb.i - 6) : verb.i]
    if len(before):
        return np_chars(sdoc, before.start, before.end)
    return None


def np_chars(sdoc: Any, start: int, end: int, head: Any = None) -> tuple[int, int] | None:
    """Character span of tokens [start, end), without determiners, punctuation and
    trailing apposition or relative clauses."""
    tokens = list(sdoc[start:end])
    if head is not None:
        # Keep the noun phrase up to its head: drop ", a senior fellow at …" after it.
        tokens = [t for t in tokens if t.i <= head.i or t.dep_ in ("compound", "flat")]
    while tokens and (
        tokens[0].is_punct or tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in ("’s", "'s")
    ):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def word_boundary(text: str, position: int, words: int, *, forward: bool) -> int:
    """The offset ``words`` words after (or before) ``position``."""
    if forward:
        matches = list(re.finditer(r"\S+", text[position : position + 400]))
        return (
            position + matches[words - 1].end()
            if len(matches) >= words
            else position + len(text[position : position + 400])
        )
    start = max(0, position - 400)
    matches = list(re.finditer(r"\S+", text[start:position]))
    return start + matches[-words].start() if len(matches) >= words else start

"""Boilerplate: mark the parts of a text that are not the article.

Web copies of articles carry photo captions (often twice), credits, "N min
read", share and subscribe lines, "Related …" teaser blocks and author bios.
This stage finds them by their form and lists them as `Region`s; the text is
never cut, and later stages skip what lies inside a region.

Rules, each a pattern of such pages rather than of a particular site:

- a paragraph that repeats an earlier one is boilerplate (the copy), and so
  is the first copy when it is a caption with a credit;
- a photo caption: a short paragraph ending in a credit "(Name/Agency)" or
  starting with "Photo:", "Image:", "Credit:";
- a single line of page furniture: "5 min read", "Share this article",
  "Subscribe to …", "Sign up for …", "Advertisement", "Print this page",
  "Copyright ©", "Follow us on …", "Read more: …" and the like;
- a teaser heading in the second half ("Related Publications", "Read more",
  "More from …", "You may also like", "Recommended", "Most read", "About the
  author") starts a block that runs to the end of the text;
- an author bio: among the last paragraphs, one that introduces a person by
  name and profession ("Jane Doe is a senior fellow at …", "Dr. X, a senior
  expert at Y, has worked …").

It also finds the turns of an interview transcript (`interview_turns`):
paragraphs opening with a speaker label ("Pistorius: …", "Q: …", "A: …"),
put on the document as `Turn`s for the quotes and commitments stages; a label
whose turns mostly end in "?" (or "Q") is the interviewer's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from pledgewatch.config import Config
from pledgewatch.intervals import Intervals
from pledgewatch.model import Document, Region, Turn
from pledgewatch.names import surname_of
from pledgewatch.stage import Stage

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_LINE = re.compile(r"[^\n]+")
_CREDIT = re.compile(
    r"(?:\((?:photo|image|picture|credit)?[:\s]*[A-Z][^()]{1,60}/[^()]{2,60}\)|"
    r"\b(?:photo|image|picture)(?:graph)?\s*(?:credit)?\s*:\s*[A-Z][^.]{1,60}|"
    r"\((?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)(?: Photo)?\))\s*$",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^(?:photo|image|picture|caption|credit|file photo)\s*[:|]", re.IGNORECASE
)
_FURNITURE = re.compile(
    r"""^(?:
        \d{1,3}\s*(?:-\s*)?min(?:ute)?s?\s+read\b.*
      | (?:share|tweet|email|print)(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post|link))?
        (?:\s+(?:on|via|by)\s+\w+)?(?:\s*[|,/·•]\s*\w+)*\W*
      | share\s+on\s+(?:facebook|twitter|x|linkedin|whatsapp|bluesky|email|reddit)\b.{0,60}
      | (?:subscribe|sign\s+up|join)\b.{0,80}(?:newsletter|updates|inbox|briefing|email|subscribe).*
      | (?:follow\s+us|follow\s+@).*
      | advertisement\W*|sponsored(?:\s+content)?\W*
      | print\s+this\s+page\W*
      | (?:copyright|©|\(c\)\s).{0,120}
      | all\s+rights\s+reserved\W*
      | read\s+more\s*:.{0,200}
      | related\s*:.{0,200}
      | \((?:photo\s*:\s*)?[A-Z][^()]{1,60}(?:/| for )[^()]{2,60}\)
      | (?:see\s+also|also\s+read|watch|listen)\s*:.{0,200}
      | listen\s+to\s+this\s+article.*
      | (?:updated|published|posted|last\s+updated)\s*:?\s*(?:on\s+)?\w{3,9}\.?\s+\d{1,2},?\s+\d{4}.{0,40}
      | (?:click|tap)\s+here\b.{0,80}
      | (?:type|topics?|tags?|filed\s+under)\s*:.{0,120}
      | (?:skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|jump\s+to).*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_TEASER_HEADING = re.compile(
    r"""^(?:related(?:\s+(?:publications|articles|stories|content|coverage|reading|posts|news|topics|analysis))?
      | read\s+more|more\s+(?:from|on|about|stories|news|like\s+this)\b.{0,60}
      | you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)
      | recommended(?:\s+(?:for\s+you|reading|articles))?|most\s+(?:read|popular|viewed)
      | further\s+reading|latest\s+(?:news|stories|articles)|popular\s+(?:now|stories)
      | about\s+the\s+authors?|in\s+other\s+news|trending(?:\s+now)?|what\s+to\s+read\s+next
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROFESSION = (
    r"(?:senior|junior|associate|non-?resident|visiting|research|distinguished|adjunct|assistant|"
    r"deputy|chief|managing|contributing|staff|executive|programme|program)?\s*"
    r"(?:fellow|analyst|expert|professor|lecturer|researcher|scholar|director|editor|correspondent|"
    r"reporter|writer|journalist|author|columnist|head|manager|officer|adviser|advisor|consultant|"
    r"historian|economist|member|partner|specialist|chair|president)"
)
_NAME = r"(?:(?:Dr|Prof|Professor|Mr|Ms|Mrs|Gen|Col|Amb)\.?\s+)?[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|der|del|la|le|bin)){1,4}"
_BIO = re.compile(
    rf"^{_NAME}(?:,\s+(?:is\s+)?an?\s+[^,]{{0,80}}?{_PROFESSION}\b[^,]{{0,120}},\s+(?:has|is|was|writes|leads|covers|served)\b"
    rf"|\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?{_PROFESSION}\b"
    rf"|\s+(?:has\s+(?:worked|written|reported|covered|served)|writes\s+(?:about|on)|covers)\b)",
)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph: runs of non-empty lines."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty line (a paragraph of web copy is one line)."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text)]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


class Boilerplate(Stage):
    """Finds non-article regions by their form. No model."""

    name = "boilerplate"
    requires = frozenset({"text"})
    provides = frozenset({"boilerplate", "turns"})

    def __init__(
        self, config: Config | None = None, bio_window: int = 3, teaser_from: float = 0.4
    ) -> None:
        self.config = config  # the pipeline builds every stage with the run's configuration
        self.bio_window = bio_window  # how many final paragraphs may be an author bio
        self.teaser_from = teaser_from  # a teaser block may start after this share of the text

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        out = []
        for doc in docs:
            regions = self.predict(doc.text)
            turns = interview_turns(doc.text, [(r.start, r.end) for r in regions])
            out.append(replace(self.set_annotations(doc, regions), turns=tuple(turns)))
        return out

    def predict(self, text: str) -> list[Region]:
        """The boilerplate regions of ``text``, merged and sorted."""
        spans = lines(text)
        marked = [False] * len(spans)
        seen: dict[str, int] = {}
        for i, (start, end) in enumerate(spans):
            line = text[start:end].strip()
            key = _fold(line)
            if key in seen and len(key) > 15:
                marked[i] = True
                if self._is_caption(line):
                    marked[seen[key]] = True  # a doubled caption: both copies are page furniture
            seen.setdefault(key, i)
            if self._is_caption(line) or _FURNITURE.match(line):
                marked[i] = True
                # A credit on a line of its own: the short line above it is the caption.
                if (
                    line.startswith("(")
                    and i > 0
                    and len(text[spans[i - 1][0] : spans[i - 1][1]]) < 300
                ):
                    marked[i - 1] = True
        # A teaser heading in the later part of the text starts a block to the end.
        for i, (start, end) in enumerate(spans):
            if start >= self.teaser_from * len(text) and _TEASER_HEADING.match(
                text[start:end].strip()
            ):
                for j in range(i, len(spans)):
                    marked[j] = True
                break
        # Author bio among the final article paragraphs.
        regions = [spans[i] for i in range(len(spans)) if marked[i]]
        marked_lines = Intervals(regions)
        article = [
            (start, end) for start, end in paragraphs(text) if not marked_lines.covers(start, end)
        ]
        for start, end in article[-self.bio_window :]:
            para = text[start:end]
            if len(para) < 500 and not re.search(r"[\"“”]", para) and _BIO.match(para):
                regions.append((start, end))
        return _merge(text, regions)

    @staticmethod
    def _is_caption(line: str) -> bool:
        return len(line) < 400 and bool(_CREDIT.search(line) or _CAPTION_START.match(line))

    @staticmethod
    def set_annotations(doc: Document, regions: list[Region]) -> Document:
        return replace(doc, boilerplate=tuple(regions))


def _merge(text: str, spans: list[tuple[int, int]]) -> list[Region]:
    """Join regions separated by whitespace only."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Region(start, end) for start, end in merged]


# "Jane Doe:", "Q:", "NATO Secretary General Mark Rutte:", "Question (Reuters):", and a
# transcript's capitals, titles and all ("SECRETARY OF DEFENSE LLOYD J. AUSTIN III:",
# "CHAIRMAN OF THE JOINT CHIEFS OF STAFF GEN. CHARLES Q. BROWN, JR.:")
_TURN = re.compile(
    r"^((?:[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,4}(?: \([^()\n]{1,40}\))?)"
    r"|[A-Z][A-Z'’.-]+(?:,? [A-Z][A-Z'’.-]*){4,13}|Q|A):\s+(\S.*)$",
    re.MULTILINE,
)
_ASKING = frozenset({"Q", "Question", "Interviewer"})


def interview_turns(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Turn]:
    """The turns of an interview transcript: paragraphs that open with a speaker label.

    A text needs three labelled paragraphs to be a transcript (one "Note: …" line
    is none). The label whose paragraphs mostly end in "?", and "Q" or "Question
    (outlet)", is the interviewer's: those turns are questions. In a dialogue (one
    who asks, and a label that speaks twice or more) a turn runs on over the
    paragraphs without a label up to the next turn; otherwise, as in a digest of
    "Kremlin: …" headlines, a turn is its paragraph.
    """
    skipped = Intervals(skip)
    rows = [m for m in _TURN.finditer(text) if not skipped.contains(m.start())]
    if len(rows) < 3:
        return []
    by_label: dict[str, list[re.Match[str]]] = {}
    for match in rows:
        by_label.setdefault(match.group(1), []).append(match)
    asking = {}
    named_asker = any(label.split(" (")[0] in _ASKING for label in by_label)
    for label, matches in by_label.items():
        asked = sum(1 for m in matches if m.group(2).rstrip().endswith("?"))
        asking[label] = label.split(" (")[0] in _ASKING or (
            label != "A"
            and (asked * 2 > len(matches) or (asked * 2 == len(matches) and not named_asker))
        )
    dialogue = any(asking.values()) and any(len(m) >= 2 for m in by_label.values())
    nexts = [m.start() for m in rows[1:]] + [None]  # rows are in text order
    moderators = _moderators([m.group(1) for m in rows], asking)
    turns = [
        Turn(
            m.start(2),
            _turn_end(text, m, following, skipped) if dialogue else m.end(2),
            m.start(1),
            m.end(1),
            m.group(1),
            asking[m.group(1)],
            m.group(1) in moderators,
        )
        for m, following in zip(rows, nexts, strict=True)
    ]
    return sorted(turns, key=lambda t: t.start)


def _moderators(labels: Sequence[str], asking: Mapping[str, bool]) -> set[str]:
    """The labels of a briefing's moderator: one that asks nothing, speaks before a
    question at least once, and never right after one (who speaks after a question
    answers it), in a transcript with two others who answer. A person's labels are
    one ("MAJ. GEN. PAT RYDER", then "MAJ. GEN. RYDER")."""
    person = {label: surname_of(label) for label in labels}
    pairs = list(zip(labels, labels[1:], strict=False))
    after_question = {person[b] for a, b in pairs if asking[a]}
    before_question = {person[a] for a, b in pairs if asking[b]}
    answering = {person[label] for label in labels if not asking[label]}
    found = {key for key in answering if key in before_question and key not in after_question}
    if len(answering - found) < 2:
        return set()
    return {label for label in labels if person[label] in found and not asking[label]}


def _turn_end(text: str, match: re.Match[str], following: int | None, skipped: Intervals) -> int:
    """Where a dialogue's turn ends: before the next turn's label (at ``following``),
    or, for the last turn, at the end of its paragraph; never inside boilerplate."""
    if following is None:
        return match.end(2)
    end = match.end(2)
    for paragraph in re.finditer(r"[^\n]+", text[match.end(2) : following]):
        at = match.end(2) + paragraph.start()
        if skipped.contains(at):
            break
        end = match.end(2) + paragraph.end()
    return end

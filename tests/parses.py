"""Hand-built spaCy Docs for rule tests: a parse written out, no model loaded.

Each row is ``word head dep pos tag lemma``; ``head`` is the 1-based position of
the token's head, 0 for the root. A word is followed by a space unless the next
word is punctuation, a possessive ``'s`` or ``n't``, or the row ends in ``-``
(no space after it).

>>> doc = parsed('''
... Germany 2 nsubj PROPN NNP Germany
... signed  0 ROOT  VERB  VBD sign
... .       2 punct PUNCT .   .
... ''')
>>> doc.text, doc[1].dep_, doc[0].head.text
('Germany signed.', 'ROOT', 'signed')
"""

from __future__ import annotations

from typing import Any

_NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", "'s", "’s", "n't", ")", "”"}


def parsed(table: str) -> Any:
    import spacy
    from spacy.tokens import Doc

    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    words = [r[0] for r in rows]
    joined = [len(r) > 6 and r[6] == "-" for r in rows]
    spaces = [
        not joined[i] and i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE
        for i in range(len(words))
    ]
    heads = [int(r[1]) - 1 if int(r[1]) else i for i, r in enumerate(rows)]
    vocab = spacy.blank("en").vocab
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )

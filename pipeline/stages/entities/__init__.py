"""entities: typed, canonical, linked mentions of leaders, experts, coalitions,
states, guarantees, organisations and other people, and the people a document names.

`stage.Entities` is the stage; the modules beside it hold its rules as functions
with explicit inputs, in the order they run:

- `candidates`: knowledge-base names and aliases (exact; generic guarantee phrases
  in any case; capitals only where they act as governments), spaCy's people and
  organisations (cleaned of titles, headings, half names and common words), and
  the choice among overlapping candidates;
- `titles`: people found and typed by the words around them (titles, appositions,
  affiliations, roundups, bylines);
- `guarantees`: instruments found by their form, and generic ones named by their issuer;
- `people`: mentions of one person joined, misspellings and first names linked,
  one label per person, and the `Person` facts later stages read;
- `lexicon`: the word lists and patterns of ``models/lexicon/`` and the
  knowledge-base indexes.

Nothing inside a boilerplate region is kept.
"""

"""quotes: direct, indirect and mixed quotations with speaker, cue, role and affiliation.

`stage.Quotes` is the stage; its rules are functions in the modules beside it:

- `marks`: quotation marks and the passages between them;
- `frames`: reporting frames, their cue and the speaker's mention ("…,” she
  said", "according to X", "If the talks fail, he said, …", "…, the agency
  reported");
- `candidates`: direct, indirect and mixed quotes from marks and frames;
- `speakers`: the canonical speaker of a mention: names, pronouns, titles
  resolved through offices ("the German chancellor" → the holder), bodies,
  continuations;
- `lexicon`: the word lists of ``models/lexicon/`` the rules read.
"""

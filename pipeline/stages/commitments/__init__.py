"""commitments: who commits what to whom, how firmly, and on what condition.

`stage.Commitments` is the stage (imported from there: this package's
modules import nothing at load, so the encoder can read `decision` without a cycle); the modules beside it hold its rules as
functions with explicit inputs:

- `clauses`, `candidates`: the spans that may state a commitment (clauses,
  enumeration items, non-finite clauses, noun phrases);
- `status`, `actors`, `conditions`, `types`: what each one states;
- `features`, `decision`: the learned decision over the classifier's
  probability and the rules' findings;
- `lexicon`: the word lists and patterns of ``models/lexicon/commitment_*``.
"""

"""Who commits (actors), as canonical names; who receives is `recipients`.

Actors come from the candidate's subject, resolved through the entities stage:
a state, coalition or body is itself; a leader counts as the state or body they
speak for (a coalition named in their role, else their state in the knowledge
base); "we" in a quote is the speaker's; "the bloc" is the coalition last named;
"which" is its antecedent; "ministers of the Nordic-Baltic Eight" are that body;
"British personnel" are the United Kingdom; bare "allies" in an article about
NATO are NATO; unnamed groups keep their words ("Western allies"). An item's
own giver ("EUR 90 million from Portugal") wins over the clause's subject; a
non-finite clause takes its governing clause's subject; a noun phrase its
possessive or "by"/"from" giver.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pledgewatch.labels import BODY_LABELS, PERSON_LABELS
from pledgewatch.model import Entity
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.context import ADVERSARIES, Context, as_body
from pledgewatch.stages.commitments.lexicon import PARTNER_ADVERBS, CommitmentLexicon
from pledgewatch.stages.commitments.status import in_subordinate

_DETERMINERS = ("the", "a", "an", "its", "their", "our")
_PRONOUNS_OF_BODIES = frozenset("it they he she".split())


def actors_of(sdoc: Any, candidate: Candidate, context: Context) -> tuple[list[str], str]:
    """The candidate's actors, and how they were found: "donor", "subject",
    "entity" (the first state or body before the verb), "context" (none in the
    clause: an earlier one) or "none"."""
    if candidate.donor is not None:
        entity = next(
            (
                e
                for e in context.entities_starting_in(candidate.donor[0], candidate.donor[0] + 1)
                if (e.start, e.end) == candidate.donor
            ),
            None,
        )
        if entity is not None:
            return [as_body(entity, context)], "donor"
    labelled = _labelled_giver(candidate, context)
    if labelled:
        return labelled, "donor"
    head = sdoc[candidate.head]
    if candidate.kind == "nominal":
        names = _giver_of_noun(head, context)
        if names:
            return names, "subject"
        head = _clause_verb(head)
    subject = subject_of(head)
    if subject is not None and context.lexicon.verb(head.lemma_, "receiving"):
        # "Ukraine will receive a new support programme": the giver is in the context
        receivers = coordinated_names(subject, context)
        if context.receiver in receivers:
            names = _earlier_actor(candidate, context)
            return (names, "context") if names else ([], "none")
    if subject is not None:
        names = coordinated_names(subject, context)
        if names:
            return list(dict.fromkeys([*names, *partners_of(head, subject, context)])), "subject"
        if context.lexicon.verb(head.lemma_, "binding"):
            # "The document also commits the members of the coalition to …": the parties
            bound = next((c for c in head.children if c.dep_ == "dobj"), None)
            names = coordinated_names(bound, context) if bound is not None else []
            if names:
                return names, "subject"
        words = _group_words(subject, context)
        if words:
            return [words], "subject"
    names = _entity_before_verb(sdoc, candidate, head, context)
    if names:
        return names, "entity"
    own_passive = any(c.dep_ == "nsubjpass" for c in head.children)
    if subject is None or own_passive:
        names = _earlier_actor(candidate, context)
        if names:
            return names, "context"
    return [], "none"


def _labelled_giver(candidate: Candidate, context: Context) -> list[str]:
    """The giver a donor table's row opens with, before a colon ("- the Netherlands:
    about €250 million", "Canada: C$40 million")."""
    for entity in context.entities_starting_in(candidate.start, candidate.start + 5):
        if entity.label not in BODY_LABELS:
            continue
        opening = context.text[candidate.start : entity.start].strip().lower()
        if opening in ("", "the") and context.text[entity.end : entity.end + 1] == ":":
            return [as_body(entity, context)]
    return []


def coordinated_names(token: Any, context: Context) -> list[str]:
    """Actor names for a noun phrase and those coordinated with it ("France and Germany",
    "Nordic ministers and U.S. officials")."""
    names: list[str] = []
    conjuncts = sorted((token, *token.conjuncts), key=lambda t: t.i)
    for each in conjuncts:
        found = names_for(each, context) or _included_names(each, context)
        if not found and len(conjuncts) > 1:
            words = _group_words(each, context)
            found = [words] if words else []
        names.extend(found)
        if found:
            names.extend(_listed_as_apposition(each, context))
    return list(dict.fromkeys(names))


def _listed_as_apposition(token: Any, context: Context) -> list[str]:
    """Names of a list the parser hung on its first name as an apposition ("The United
    States, Germany, the Netherlands and Italy announced …", "Biden, Kishida sign …"):
    a proper name in apposition to a proper name is a second member, not a title."""
    if token.pos_ != "PROPN":
        return []
    names: list[str] = []
    for appos in (c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
        names.extend(coordinated_names(appos, context))
    return names


_CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "acl", "xcomp", "csubj", "conj"})


def _in_clause(token: Any, head: Any) -> bool:
    """Whether ``token`` belongs to ``head``'s own clause, not to a clause nested in it."""
    node = token
    while node.i != head.i:
        if node.dep_ in _CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _included_names(token: Any, context: Context) -> list[str]:
    """The named members of an unnamed group ("Several allies, including Belgium and
    Norway, …", "other countries such as the Netherlands"): those are the actors, not
    the group's words."""
    if not (
        context.lexicon.noun(token.lower_, "group") or context.lexicon.noun(token.lemma_, "group")
    ):
        return []
    such = any(c.lower_ == "such" for c in token.children)
    for prep in (c for c in token.children if c.dep_ == "prep"):
        if not (
            prep.lower_ in ("including", "like")
            or (prep.lower_ == "as" and (such or any(c.lower_ == "such" for c in prep.children)))
        ):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            names = coordinated_names(pobj, context)
            if names:
                return names
    return []


def partners_of(head: Any, subject: Any, context: Context) -> list[str]:
    """Co-actors: a second subject the parser left beside the first ("Biden, Kishida
    sign …"), or those joined to the verb by "together with", "along with" or "jointly
    with" ("Germany leads the coalition together with France"). A plain "with" is a
    counterpart ("signed an agreement with Ukraine"), not a partner."""
    names: list[str] = []
    for other in (c for c in subject.head.children if c.dep_ == "nsubj" and c.i != subject.i):
        if subject.dep_ == "nsubj" and other.pos_ == "PROPN":
            names.extend(coordinated_names(other, context))
    for prep in (t for t in head.subtree if t.lower_ == "with" and _in_clause(t, head)):
        if any(c.dep_ == "advmod" and c.lower_ in PARTNER_ADVERBS for c in prep.children):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                names.extend(coordinated_names(pobj, context))
    return names


def names_for(token: Any, context: Context) -> list[str]:
    """Canonical actor names for one subject token (a name, a leader, a pronoun).

    Only the subject's own words count, not places or agents nested in it:
    "Ukrainian pilots trained in Denmark" are not Denmark's.
    """
    nested = {
        t.i
        for c in token.children
        if c.dep_ in ("prep", "acl", "relcl", "appos", "conj", "cc")
        for t in c.subtree
    }
    subtree = [t for t in token.subtree if t.i not in nested]
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    inside = [
        e
        for e in context.entities
        if e.start < end and start < e.end and e.start <= token.idx < e.end + 1
    ]
    own = {t.idx for t in subtree if not t.is_punct}
    inside = inside or [
        e for e in context.entities if start <= e.start and e.end <= end and e.start in own
    ]
    for entity in inside:
        if entity.label in BODY_LABELS and entity.canonical not in context.gazetteer.news:
            if is_polity_name(entity.text, context.lexicon):
                break  # "the Federal Government": the state it governs, below
            return [as_body(entity, context)]
    for entity in inside:
        if entity.label in PERSON_LABELS:
            body = body_of(entity, context)
            return [body] if body else []
    for entity in inside:
        parties = instrument_parties(entity, context) if entity.label == "GUARANTEE" else []
        if parties:
            return parties
    for appos in (c for c in token.children if c.dep_ == "appos"):
        # "the Prime Minister, Justin Trudeau, and the President of Ukraine, …"
        names = coordinated_names(appos, context)
        if names:
            return names
    demonyms = demonym_states(token, context)
    if demonyms:
        return demonyms
    holder = _title_holder(token, context)
    if holder:
        return holder
    if context.lexicon.noun(token.lemma_, "member"):
        # "Defence ministers of the Nordic-Baltic Eight agreed …", "officials from France
        # and the UK": the bodies they belong to
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
            for body in (c for c in prep.children if c.dep_ == "pobj"):
                names = coordinated_names(body, context)
                words = None if names else _group_words(body, context)
                if names or words:
                    return names or [words]  # "Leaders from 31 countries": "31 countries"
    if context.lexicon.noun_status.get(token.lemma_.lower()) == "signed" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in token.children
    ):
        return _issuers_before(token.idx, token.lemma_, context)  # "the agreement also covers …"
    return _pronoun_names(token, subtree, context)


def _title_holder(token: Any, context: Context) -> list[str]:
    """The state or body of the leader a title stands for ("The chancellor refuses …",
    "the prime minister"): the last leader named before it whose office, in the
    document or the knowledge base, has that title."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
        return []
    words = [c.lower_ for c in token.children if c.dep_ == "compound" and c.i < token.i]
    title = " ".join([*words, token.lower_])
    if title not in context.gazetteer.titles:
        return []
    for entity in reversed(context.entities_starting_in(0, token.idx)):
        if entity.label != "LEADER":
            continue
        roles = (
            *context.gazetteer.leader_roles.get(entity.canonical, ()),
            (entity.role or "").lower(),
        )
        if any(re.search(rf"\b{re.escape(title)}\b", role) for role in roles):
            body = body_of(entity, context)
            return [body] if body else []
    return []


def _issuers_before(offset: int, noun: str, context: Context) -> list[str]:
    """The parties of the instrument "the agreement" refers back to before ``offset``
    (the receiver left out): the last named one whose name has that noun ("the
    agreement" after "the Agreement on Security Cooperation between France and
    Ukraine", not the declaration named since), else the last one with known parties."""
    earlier = [
        e
        for e in reversed(context.entities_starting_in(0, offset))
        if e.label == "GUARANTEE" and e.end <= offset
    ]
    for entity in earlier:
        if re.search(rf"\b{re.escape(noun)}", entity.text, re.IGNORECASE):
            parties = instrument_parties(entity, context)
            if parties:
                return parties
            break
    for entity in earlier:
        parties = instrument_parties(entity, context)
        if parties:
            return parties
    return []


def instrument_parties(entity: Entity, context: Context) -> list[str]:
    """The givers of a named instrument: its issuers in the knowledge base, else the
    states its name names ("Agreement on Security Cooperation between France and
    Ukraine": France), the receiver left out."""
    issuers = context.gazetteer.issuers.get(entity.canonical, ())
    if not issuers:
        kb = context.gazetteer.kb
        found = (
            kb.first_named("STATE", match.group())
            for match in kb.names_pattern("STATE").finditer(entity.text)
        )
        issuers = tuple(dict.fromkeys(e.canonical for e in found if e is not None))
    return [i for i in issuers if i != context.receiver]


def _pronoun_names(token: Any, subtree: Sequence[Any], context: Context) -> list[str]:
    pronoun = token.lower_
    framer = _framing_subject(token, context)
    if framer is not None and pronoun in ("they", "it", "he", "she"):
        # "Spain and Italy have signalled [they would fund …]": who says it of themselves
        names = coordinated_names(framer, context)
        if names:
            return names
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        return _antecedent_names(token, context)
    if pronoun == "there":
        # "There will be no American boots on Ukrainian soil": the actor is in the noun phrase.
        for attribute in (
            c for c in token.head.children if c.dep_ in ("attr", "dobj", "nsubj") and c is not token
        ):
            names = demonym_states(attribute, context)
            if names:
                return names
        # "“There will be a training mission in the spring,” Rutte said": the speaker's body
        return speaker_body(token.idx, context)
    if pronoun in ("bloc", "alliance", "coalition", "group") and any(
        t.lower_ == "the" for t in subtree
    ):
        earlier = [e for e in context.entities if e.end <= token.idx and e.label == "COALITION"]
        if earlier:
            return [earlier[-1].canonical]  # "the bloc formally adopted …"
    if (
        pronoun in ("allies", "alliance")
        and context.main_coalition == "NATO"
        and not any(t.dep_ in ("amod", "compound") for t in token.children)
    ):
        return ["NATO"]  # "the allies agreed …" in an article about NATO
    if pronoun in ("each", "all", "both", "some", "many", "most", "none"):
        of_pronoun = [t for t in subtree if t.lower_ in ("us", "we", "them", "they")]
        if of_pronoun:
            pronoun = "we" if of_pronoun[0].lower_ in ("us", "we") else "they"
    polity = context.lexicon.noun(pronoun, "polity")
    if polity and context.quote_at(token.idx):
        pronoun = "we"  # "the federal government" in a minister's answer: the minister's state
    elif polity and not any(t.dep_ == "poss" for t in subtree):
        home = home_state(token.idx, context)
        if home:
            return [home]
    possessive = next(
        (
            t.lower_
            for t in subtree
            if t.dep_ == "poss" and t.lower_ in ("its", "their", "our", "his", "her")
        ),
        None,
    )
    if possessive in ("his", "her") and pronoun in ("country", "government", "nation"):
        # "his country will take part": the state of the person last named
        leaders = [
            e
            for e in context.entities_starting_in(0, token.idx)
            if e.end <= token.idx and e.label == "LEADER"
        ]
        body = body_of(leaders[-1], context) if leaders else None
        return [body] if body else []
    if (
        context.lexicon.noun(pronoun, "polity")
        or pronoun in ("ministry", "country")
        or possessive in ("its", "their", "his", "her")
    ):
        pronoun = "it"  # "the federal government", "its negotiators": the state last named
    elif possessive == "our":
        pronoun = "we"
    if pronoun in ("we", "i", "our", "us"):
        return speaker_body(token.idx, context)
    if pronoun in _PRONOUNS_OF_BODIES or pronoun == "it":
        earlier = [
            e
            for e in context.entities
            if e.end <= token.idx and e.label in (*BODY_LABELS, "LEADER")
        ]
        if earlier:
            last = earlier[-1]
            if last.label == "LEADER":
                body = body_of(last, context)
                return [body] if body else []
            return [as_body(last, context)]
    return []


def is_polity_name(text: str, lexicon: CommitmentLexicon) -> bool:
    """Whether a name is only a word for a government with "federal" or "national"
    ("Federal Government", "the National Government"): no body of its own."""
    words = text.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return (
        len(words) == 2 and words[0] in ("federal", "national") and lexicon.noun(words[1], "polity")
    )


def home_state(offset: int, context: Context) -> str | None:
    """The state "the government" stands for: the last state named before ``offset``
    that is neither the receiver of the support nor an adversary; None when there is
    none."""
    for entity in reversed(context.entities_starting_in(0, offset)):
        if (
            entity.label == "STATE"
            and entity.canonical != context.receiver
            and entity.canonical not in ADVERSARIES
            and not is_polity_name(entity.text, context.lexicon)
        ):
            return entity.canonical
    return None


def _framing_subject(token: Any, context: Context) -> Any:
    """The named subject of the reporting verb whose reported clause a pronoun is the
    subject of ("Germany and France said [they would send …]"), else None."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = token.head
    while clause.dep_ == "conj":
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lower_ not in context.lexicon.reporting:
        return None
    subject = subject_of(clause.head)
    if subject is None or subject.pos_ == "PRON" or subject.tag_ in ("WDT", "WP"):
        return None
    return subject


def speaker_body(offset: int, context: Context) -> list[str]:
    """The state or body the speaker of the quote at ``offset`` speaks for ("we")."""
    quote = context.quote_at(offset)
    if quote is None or not quote.speaker:
        return []
    person = next((e for e in context.entities if e.canonical == quote.speaker), None)
    if person is not None and person.label in PERSON_LABELS:
        body = body_of(person, context)
        return [body] if body else []
    if person is None and quote.speaker in context.gazetteer.leader_state:
        return [context.gazetteer.leader_state[quote.speaker]]
    if person is None and not quote.speaker[:1].isupper():
        return []  # "officials", "a spokesperson": no body to speak for
    return [quote.speaker]


def body_of(person: Entity, context: Context) -> str | None:
    """The state or body a leader speaks for: a coalition named in the role, else their state."""
    coalition = context.gazetteer.kb.first_named("COALITION", person.role or "")
    if coalition is not None:
        return coalition.canonical
    return context.gazetteer.leader_state.get(person.canonical)


def demonym_states(token: Any, context: Context) -> list[str]:
    """States named by demonyms among a noun phrase's own words, before its head
    ("British personnel"), not in phrases nested in it ("… on Ukrainian soil")."""
    nested = {
        t.i
        for c in token.children
        if c.dep_ in ("prep", "acl", "relcl", "appos")
        for t in c.subtree
    }
    states = [
        context.gazetteer.demonyms[t.text]
        for t in token.subtree
        if t.text in context.gazetteer.demonyms and t.i not in nested and t.i <= token.i
    ]
    return list(dict.fromkeys(states))


def subject_of(head: Any) -> Any:
    """The clause's subject token: nominal, else the agent of a passive, else an
    expletive "there"; for a non-finite clause, the subject of the clause it hangs
    from ("Spain, pledging …, said"; "flew to Kyiv to sign")."""
    node = head
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "agent":  # "was signed by the leaders of …": they act
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        for child in node.children:
            if child.dep_ == "expl":
                return child
        if node.dep_ == "acl" and node.head.pos_ in ("PROPN", "NOUN", "PRON"):
            return node.head  # "Japan, pledging new aid …"
        if node.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def _antecedent_names(pronoun: Any, context: Context) -> list[str]:
    """Actor names for a relative pronoun: its antecedent's ("Denmark, which …", with
    the names coordinated with it: "Poland and Sweden, which …"), or
    for "X are among the countries that …", X's."""
    antecedent = pronoun.head.head
    names = (
        coordinated_names(antecedent, context)
        if antecedent.dep_ == "conj" or antecedent.conjuncts
        else names_for(antecedent, context)
    )
    if names:
        return names  # "Poland and Sweden, which have each pledged …": both
    node = antecedent
    while node.dep_ in ("pobj", "prep", "attr") and node.head.i != node.i:
        node = node.head
    if node.lemma_.lower() == "be":
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return coordinated_names(subject, context)
    return []


def _group_words(token: Any, context: Context) -> str | None:
    """An unnamed group's own words ("other 26 member states", "Western allies",
    "Nordic ministers": people of a body with a word that says which)."""
    lexicon = context.lexicon
    if token.pos_ in ("NUM", "DET", "PRON", "ADJ") or token.lower_ in ("some", "most", "many"):
        # "26 of Ukraine's allies", "most of the member states": the whole phrase
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        body = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if body is not None and (
            lexicon.noun(body.lower_, "group") or lexicon.noun(body.lemma_, "group")
        ):
            first = next(iter(token.subtree))
            return context.text[first.idx : body.idx + len(body.text)]
    group = lexicon.noun(token.lower_, "group") or lexicon.noun(token.lemma_, "group")
    qualified_members = lexicon.noun(token.lemma_, "member") and any(
        c.dep_ in ("amod", "compound", "nummod") for c in token.children
    )
    if not (group or qualified_members):
        return None
    words = [t for t in token.subtree if t.i <= token.i]
    while words and words[0].lower_ in _DETERMINERS:
        words = words[1:]
    return context.text[words[0].idx : words[-1].idx + len(words[-1].text)] if words else None


def _giver_of_noun(noun: Any, context: Context) -> list[str]:
    """The giver a noun phrase names: its possessive, a name or demonym before it, or
    its "by"/"from" object ("Starmer's proposal", "UK support", "a declaration by
    all coalition countries")."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("compound", "amod", "nmod") and child.text[:1].isupper()
        ):
            names = names_for(child, context) or demonym_states(child, context)
            if names:
                return names
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                names = coordinated_names(pobj, context)
                if names:
                    return names
    return []


def _clause_verb(token: Any) -> Any:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _entity_before_verb(sdoc: Any, candidate: Candidate, head: Any, context: Context) -> list[str]:
    """No usable subject: the first state or body of the candidate before its verb that
    is neither an object ("a proposal to lend Ukraine") nor in a relative or subordinate
    clause; in a headline ("Biden and Zelensky Sign …", parsed badly) the leaders and
    bodies named."""
    # A clause parsed without a verb for its head (a headline's "sign" taken for a noun)
    # has no "before the verb": the whole candidate counts.
    limit = head.idx if head.pos_ in ("VERB", "AUX") else candidate.end
    for entity in context.entities_starting_in(candidate.start, candidate.end):
        if not (candidate.owns(entity.start) and entity.start < max(limit, candidate.start + 1)):
            continue
        if (
            entity.label not in (*BODY_LABELS, "LEADER")
            or entity.canonical in context.gazetteer.news
            or entity.canonical == context.receiver
        ):
            continue  # the receiving state is no giver found by default
        span = sdoc.char_span(entity.start, entity.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if (
            root.dep_ in ("dobj", "dative", "iobj", "pobj")
            or any(a.dep_ == "relcl" for a in root.ancestors)
            or in_subordinate(root, head)  # "If Russia breaks the deal, …"
        ):
            continue
        if entity.label == "LEADER":
            body = body_of(entity, context)
            if body:
                return [body]
            continue
        return [as_body(entity, context)]
    return []


def _earlier_actor(candidate: Candidate, context: Context) -> list[str]:
    """For a passive without agent ("the systems will be delivered before winter"): the
    last state or body named before it in its paragraph that is not the receiver."""
    paragraph_start = context.text.rfind("\n\n", 0, candidate.start) + 1
    earlier = [
        e
        for e in context.entities
        if paragraph_start <= e.start < candidate.start
        and e.label in (*BODY_LABELS, "LEADER")
        and e.canonical != context.receiver
        and e.canonical not in context.gazetteer.news
    ]
    for entity in reversed(earlier):
        body = body_of(entity, context) if entity.label == "LEADER" else as_body(entity, context)
        if body and body != context.receiver:
            return [body]
    return []

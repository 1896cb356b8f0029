"""Who did it and to whom: event arguments read off the dependency parse.

Handles active and passive voice (with and without "by"), participles modifying a noun
("sanctions imposed on Russia by the United States"), coordination ("Russia and China
condemned"), relative clauses ("Lavrov, who said"), control and conjoined verbs that share
their subject ("agreed to strengthen", "met and agreed"), possessives and prepositional
targets ("the West's sanctions against Moscow").
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from eventwire.nlp import sentence_of

TARGET_PREPS = {"with", "against", "on", "to", "into", "at", "toward", "towards", "upon", "for", "from", "over",
                "between", "among", "amongst"}
VERB_TARGET_PREPS = {"with", "against", "on", "to", "into", "at", "toward", "towards", "upon", "from", "between"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PERSONAL_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
CONDITIONAL_MARKS = {"if", "unless"}
SUBJECT_SHARING_DEPS = {"xcomp", "conj", "advcl", "acomp"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
OWNERSHIP_PARTICIPLES = {"flagged", "owned", "registered", "operated", "run"}
# Phrase heads that name a group or a quantity of the actor in their "of" phrase: "thousands
# of Nigerians", "members of the Association", "a group of Yoruba leaders".
GROUP_HEADS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "tens", "million", "millions",
               "member", "members", "group", "groups", "number", "crowd", "crowds", "band", "some", "many",
               "most", "all", "leader", "leaders", "delegation", "representative", "representatives", "supporter",
               "supporters", "unit", "units", "part", "contingent", "batch", "patch", "team", "body"}
# "in defiance of X", "in protest at X", "in retaliation for X's raid": X is on the receiving end.
STANCE_NOUNS = {"defiance", "protest", "opposition", "response", "retaliation", "solidarity", "support", "reaction",
                "revenge", "reprisal"}
LOOK_INSIDE_DEPS = ("compound", "appos", "nmod", "amod", "poss")

ActorsAt = Callable[[Token], list[str]]


def coordinated(token: Token) -> list[Token]:
    """The token and everything coordinated with it: "Russia and China" -> [Russia, China]."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def actors_of(tokens: Iterable[Token], actors_at: ActorsAt) -> list[str]:
    """Actor ids named by each phrase (and its coordinated phrases), looking into
    compounds and appositions when the head itself names no actor."""
    out: list[str] = []
    for head in tokens:
        for t in coordinated(head):
            found = actors_at(t) or _actors_inside(t, actors_at, depth=2)
            out.extend(a for a in found if a not in out)
    return out


def _actors_inside(token: Token, actors_at: ActorsAt, depth: int) -> list[str]:
    """The first actor named inside a phrase that names none itself: "Kenzo Oshima, the UN
    relief coordinator" (apposition), "the APEC forum" (modifier of a modifier), "thousands of
    Nigerians" (a group head's "of" phrase)."""
    if depth == 0:
        return []
    inside = [c for c in token.children if c.dep_ in LOOK_INSIDE_DEPS]
    if token.lemma_.lower() in GROUP_HEADS or token.lower_ in GROUP_HEADS:
        inside += prep_objects(token, {"of"})
    for child in inside:
        found = actors_at(child)
        if found:
            return found
    for child in inside:
        found = _actors_inside(child, actors_at, depth - 1)
        if found:
            return found
    return []


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and not is_misread_main_verb(verb))


def is_misread_main_verb(verb: Token) -> bool:
    """"Hundreds of students protested outside the embassy": the small parser sometimes reads the
    main verb as a participle modifying its subject, leaving the sentence with no verb of its own.
    A sentence needs one, so there the participle is the main verb and the noun its subject."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and sentence_of(verb).root.pos_ in ("NOUN", "PROPN") \
        and not any(c.dep_ == "agent" for c in verb.children)


def agent_phrase(verb: Token) -> list[Token]:
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def subject_tokens(verb: Token) -> list[Token]:
    """The grammatical doer of a verb, climbing to the clause that supplies it when needed."""
    seen = 0
    while seen < 6:
        seen += 1
        if is_passive(verb):
            return agent_phrase(verb)
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            if subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            if subjects[0].lower_ in PERSONAL_PRONOUNS:
                return _antecedent(verb) or subjects
            return subjects
        if verb.dep_ in ("relcl", "acl") and _is_infinitive(verb):
            # "converging for a rally to protest", "announced a plan to attack": the doer is
            # whoever governs the noun the infinitive hangs on.
            governor = _governing_verb(verb.head)
            if governor is None:
                return []
            verb = governor
            continue
        if verb.dep_ == "relcl":
            return [verb.head]
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("dobj", "attr"):
            verb = verb.head.head  # "issued a declaration demanding that ...": the issuer demands
            continue
        if verb.dep_ == "acl" and (verb.tag_ == "VBG" or is_misread_main_verb(verb)):
            return [verb.head]  # "students demanding reform", "Hundreds of students protested"
        if verb.dep_ in SUBJECT_SHARING_DEPS and verb.head.i != verb.i:
            verb = syntactic_parent(verb)
            continue
        return []
    return []


def for_clauses(verb: Token) -> list[Token]:
    """"called for North Korea to return": a clause whose subject is introduced by "for"."""
    return [c for c in verb.children if c.dep_ in ("advcl", "ccomp")
            and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]


def syntactic_parent(token: Token) -> Token:
    """The token's head, repairing one frequent slip of the small parser: a finite verb
    coordinated with a gerund inside a prepositional phrase ("accused Turkey of targeting
    civilians and called on the US to act") is the main verb's conjunct, not the gerund's."""
    head = token.head
    if token.dep_ == "conj" and token.tag_ in FINITE_TAGS and head.tag_ == "VBG" and head.dep_ == "pcomp" \
            and head.head.dep_ == "prep" and head.head.head.pos_ in ("VERB", "AUX"):
        return head.head.head
    return head


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase hangs on, through prepositions: "rally" in "converging for a rally"."""
    t = noun
    for _ in range(4):
        if t.dep_ in ("dobj", "pobj", "attr", "prep", "nsubjpass", "dative", "npadvmod", "oprd") and t.head.i != t.i:
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t
        else:
            return None
    return None


def _antecedent(verb: Token) -> list[Token]:
    """"Iraq said it would allow ...": a pronoun subject of a reported clause is, most often,
    the subject of the clause that reports it."""
    t = verb
    for _ in range(4):
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or t.head.i == t.i:
            return []
        t = t.head
        subjects = [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in PERSONAL_PRONOUNS | RELATIVE_PRONOUNS]
        if subjects:
            return subjects
    return []


def patient_tokens(verb: Token) -> list[Token]:
    """The thing acted on: direct object, or the passive subject, or the noun a participle modifies."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]
    return [c for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass", "attr") or (c.dep_ == "dative" and c.pos_ != "ADP")]


def prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [p for c in token.children if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps
            for p in ([p for p in c.children if p.dep_ == "pobj"] or _stranded_object(c))]


def _stranded_object(prep: Token) -> list[Token]:
    """"granted asylum to five Panamanian officers holed up in ...": the small parser sometimes
    makes the preposition's noun the subject of the clause that follows, leaving the
    preposition without an object. The noun phrase starting right after it is its object."""
    doc = prep.doc
    for t in doc[prep.i + 1: min(prep.i + 7, len(doc))]:
        if t.dep_ in ("nsubj", "nsubjpass") and t.left_edge.i == prep.i + 1 and t.head.i > t.i:
            return [t]
    return []


def target_tiers(verb: Token, object_token: Token | None = None) -> list[list[Token]]:
    """Whom the event is aimed at, in tiers of decreasing directness; the first tier that names
    an actor wins. In "condemned the West's sanctions against Moscow" the object names no
    actor, so the object's owner ("the West") is the target, not the sanctions' target; in
    "rejected an Indian proposal" or "an offer from Afghanistan" it is the proposal's author."""
    objects = [t for t in [object_token, *patient_tokens(verb)] if t is not None]
    patients = [t for t in patient_tokens(verb) if object_token is None or t.i != object_token.i]
    owners = [c for t in objects for c in t.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
    # "the Greek-flagged tanker", "a Chinese-owned mine": whose flag or ownership
    owners += [g for c in owners if c.lower_ in OWNERSHIP_PARTICIPLES for g in c.children
               if g.dep_ in ("npadvmod", "compound", "amod", "nmod")]
    owners += [p for t in objects for p in prep_objects(t, {"by", "from", "of"})]
    nested = [p for t in objects for p in prep_objects(t, TARGET_PREPS | {"of"})]
    nested += [q for p in nested for q in prep_objects(p, TARGET_PREPS | {"of"})]
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl")]
    addressees = [s for c in clauses if c.dep_ != "advcl" or c in for_clauses(verb)
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    conditions = [s for c in clauses if any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    # "conceded to demands from UNITA": the author of what the verb answers.
    answered = [p for t in prep_objects(verb, VERB_TARGET_PREPS) for p in prep_objects(t, {"from", "by", "of"})]
    # "blocked roads to press their demands on the government": whom the purpose is aimed at.
    purposes = [c for c in clauses if is_purpose_clause(c)]
    purpose_targets = [t for c in purposes for t in [*patient_tokens(c), *prep_objects(c, TARGET_PREPS)]]
    purpose_targets += [q for t in list(purpose_targets) for q in prep_objects(t, TARGET_PREPS | {"of"})]
    # "mobilized reservists for a war against Iraq": the target of what the verb is for.
    beyond = [q for t in prep_objects(verb, TARGET_PREPS) for q in prep_objects(t, TARGET_PREPS)]
    # "blocked streets in defiance of Chinese authorities", "in retaliation for Israel's raid"
    stance = [q for n in prep_objects(verb, {"in"}) if n.lemma_.lower() in STANCE_NOUNS
              for q in prep_objects(n, {"of", "to", "against", "at", "with", "for"})]
    stance += [o for q in list(stance) for o in q.children if o.dep_ == "poss"]
    # "forced the UN refugee agency out", "expelled the diplomats": the matched object may itself be an actor.
    matched = [object_token] if object_token is not None else []
    return [patients, prep_objects(verb, VERB_TARGET_PREPS), stance, owners, matched, nested, addressees, conditions,
            answered, purpose_targets, beyond]


def is_purpose_clause(clause: Token) -> bool:
    """"(blocked roads) to press their demands": an infinitive with no subject of its own."""
    return clause.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


def noun_source_tokens(noun: Token) -> list[Token]:
    """Who carries out a nominal event: "Russia's attack", "sanctions by/from the West", "US sanctions"."""
    out = [c for c in noun.children if c.dep_ == "poss"]
    out += prep_objects(noun, {"by", "from"})
    out += [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    return out

"""Events stage: match our lexicon over the parse and code CAMEO/PLOVER events with arguments.

Three kinds of trigger: a verb pattern ("condemn", "impose sanctions", "pull out"), a
control verb whose complement says what was agreed, refused or threatened ("agreed to
strengthen cooperation" -> AGREE), and an event noun carried by a light verb or by its own
modifiers ("held talks with", "Russia's attack on Ukraine"). An event needs a resolved
source: no filler events.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.resolve import ActorMentions
from eventwire.events import arguments as args
from eventwire.events.lexicon import EventLexicon, Pattern
from eventwire.events.modality import is_negated, modality
from eventwire.events.ontology import Ontology
from eventwire.model import Event, Plover, Span

LIGHT_VERBS = {"have", "hold", "conduct", "launch", "carry", "stage", "begin", "start", "resume", "open", "make", "pay",
               "mount", "continue", "join", "attend", "wage", "renew", "undertake", "impose", "announce", "order",
               "step", "intensify", "escalate", "seek", "sign", "reach", "engage", "enter"}
# "$200 million in aid", "a package of missiles", "a round of talks": the measure is the
# grammatical object, the thing measured is what the pattern is about.
MEASURE_NOUNS = {"package", "shipment", "consignment", "batch", "ton", "tonne", "tons", "tonnes", "million",
                 "billion", "thousand", "thousands", "hundred", "hundreds", "tens", "dozens", "round", "wave",
                 "series", "number", "lot", "set", "kg", "kilograms", "$"}
# Bare verbs too common in other senses to code without someone on the receiving end.
NEEDS_TARGET = {"target", "help", "back", "support", "meet", "ask", "receive", "allow", "permit", "release", "free", "supply",
                "kill", "strike", "press", "shoot", "assist", "host", "admit", "charge", "capture", "storm",
                "defend", "visit", "fight", "battle", "seize", "occupy", "oppose", "attack"}
# How a control verb's code narrows with the root of what it governs.
CONTROL_REFINEMENT = {
    "030": {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "15": "138", "18": "138", "19": "138", "20": "138"},
    "130": {"15": "138", "18": "138", "19": "138", "20": "138", "16": "131", "17": "137", "14": "133", "04": "134"},
    "120": {"04": "125", "06": "121", "07": "122", "08": "124", "03": "120"},
}
# CAMEO codes a stated intention by what is intended: "will provide aid" expresses intent to
# aid (033, AGREE), "will attack" threatens force (138, THREATEN). Keyed by the action's root.
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
                "14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
# "will boycott the elections unless the president resigns": a hostile act promised on a
# condition is a threat.
CONDITIONAL_THREAT_CODES = {"10": "130", "11": "130", "12": "130"}
# "failed to reach agreement", "did not accept": a denied cooperative act is a rejection.
REJECTION_CODES = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
# "said Sudan must return the helicopter": a reported obligation is a demand.
REPORTING_VERBS = {"say", "tell", "insist", "state", "declare", "announce", "add", "stress", "argue", "write", "warn"}
OBLIGATION_AUX = {"must": "100", "should": "020"}
# "a mediation effort", "a peace mission": a generic head whose modifier names the event.
GENERIC_EVENT_HEADS = {"effort", "efforts", "mission", "process", "bid", "initiative", "campaign", "attempt", "drive"}
# Violence with a known victim and an unknown perpetrator is still an event users want.
SOURCELESS_ROOTS = {"18", "19", "20"}
# Acts done to the people of a place ("lifted the state of emergency in Darfur", "arrested
# dozens in Cairo", "shelled towns in Idlib"): with no one named, the place's country is the
# target. Verbal and diplomatic acts need a named target.
PLACE_TARGET_ROOTS = {"07", "08", "09", "14", "15", "17", "18", "19", "20"}

PlaceAt = Callable[[Token], str | None]
PlaceTarget = Callable[[str], str | None]  # place id -> the actor id of its country
DateAt = Callable[[Token], str | None]


@dataclass(frozen=True)
class Match:
    head: Token  # the word the pattern matched on
    pattern: Pattern
    object_token: Token | None = None  # the object the pattern asked for ("sanctions" in "impose sanctions")
    light_verb: Token | None = None  # for nouns: "held" in "held talks"
    complement: "Match | None" = None  # for control verbs: what was agreed, refused or threatened
    clause: Token | None = None  # for control verbs and reported demands: the governed clause


class EventCoder:
    """Codes the events of one parsed article. Holds only the lexicon and ontology."""

    def __init__(self, lexicon: EventLexicon, ontology: Ontology) -> None:
        self.lexicon, self.ontology = lexicon, ontology

    def __call__(self, doc: Doc, mentions: ActorMentions, *, skip_sentences: set[int] | None = None,
                 place_at: PlaceAt | None = None, date_at: DateAt | None = None,
                 place_target: PlaceTarget | None = None) -> list[Event]:
        events: list[Event] = []
        text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        for index, sent in enumerate(doc.sents):
            if skip_sentences and index in skip_sentences:
                continue
            for match in self.matches(sent):
                event = self._event(text, index, match, mentions, place_at, date_at, place_target,
                                    f"e{len(events) + 1}")
                if event is not None:
                    events.append(event)
        return events

    # -- matching -----------------------------------------------------------------
    def matches(self, sent: SpacySpan) -> list[Match]:
        """Every trigger in a sentence: verbs and control verbs first, then event nouns not
        already taken as some verb's object."""
        found: list[Match] = []
        consumed: set[int] = set()
        for token in sent:
            if token.i in consumed or token.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            match = self.match_control(token) or self.match_verb(token) or self.match_reported_demand(token)
            if match:
                found.append(match)
                consumed |= _consumed_by(match)
        heads = {m.head.i for m in found}
        for token in sent:
            if token.i in consumed or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.head.i in heads and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
                continue  # "condemned the sanctions": the sanctions are what is condemned, not a new event
            match = self.match_noun(token)
            if match and (match.light_verb is None or match.light_verb.i not in consumed):
                found.append(match)
                consumed |= _consumed_by(match)
        return sorted(found, key=lambda m: m.head.i)

    def match_verb(self, verb: Token) -> Match | None:
        patterns = next((self.lexicon.verbs[f] for f in _verb_forms(verb) if f in self.lexicon.verbs), [])
        if not patterns:
            return None
        particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "agent", "dative")}
        objects = _object_candidates(verb)
        best: tuple[int, Match] | None = None
        for pattern in patterns:
            if pattern.particles and not pattern.particles & particles:
                continue
            obj, words = None, 0
            if pattern.objects:
                hits = []
                for o in objects:
                    matched = _forms(o) & pattern.objects
                    if matched:
                        hits.append((max(len(f.split()) for f in matched), o))
                if not hits:
                    continue
                words, obj = max(hits, key=lambda h: h[0])
            rank = 10 * pattern.specificity + words  # "withdraw peacekeeping force" before "withdraw force"
            if best is None or rank > best[0]:
                best = (rank, Match(verb, pattern, obj))
        return best[1] if best else None

    def match_control(self, verb: Token) -> Match | None:
        pattern = next((self.lexicon.controls[f] for f in _verb_forms(verb) if f in self.lexicon.controls), None)
        if pattern is None:
            return None
        complement = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
        if complement is None:
            return None
        return Match(verb, pattern, complement=self._inner_match(complement), clause=complement)

    def match_reported_demand(self, verb: Token) -> Match | None:
        """"Russia said Sudan must return the helicopter": a reporting verb over an obligation.
        "China warned it would take countermeasures if Washington approved the sale": over a
        promise that hangs on a condition, it is a threat aimed at whoever the condition names."""
        if verb.lemma_.lower() not in REPORTING_VERBS:
            return None
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            modal = next((a.lower_ for a in clause.children if a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX), None)
            if modal and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                pattern = Pattern("verb", verb.lemma_.lower(), frozenset(), frozenset(), OBLIGATION_AUX[modal],
                                  "reported obligation")
                return Match(verb, pattern, clause=clause)
            if _has_intent_aux(clause) and _has_condition(clause) and self.match_verb(clause) is None:
                # A control reading, so that the target comes from the governed clause's condition.
                pattern = Pattern("control", verb.lemma_.lower(), frozenset(), frozenset(), "130",
                                  "reported conditional threat")
                return Match(verb, pattern, clause=clause)
        return None

    def _inner_match(self, clause: Token) -> Match | None:
        """The first event pattern inside a complement clause, following verb chains."""
        for t in [clause, *[c for c in clause.subtree if c.dep_ in ("xcomp", "ccomp", "conj") and c.pos_ in ("VERB", "AUX")]]:
            match = self.match_verb(t)
            if match:
                return match
            obj = next((o for o in _object_candidates(t) if self._noun_pattern(o)), None)
            if obj is not None:
                pattern = self._noun_pattern(obj)
                assert pattern is not None
                return Match(obj, pattern, light_verb=t)
        return None

    def _noun_pattern(self, noun: Token) -> Pattern | None:
        for form in _noun_forms(noun):
            patterns = self.lexicon.nouns.get(form)
            if patterns:
                return patterns[0]
        if noun.lower_ in GENERIC_EVENT_HEADS:
            for modifier in (c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i):
                patterns = self.lexicon.nouns.get(modifier.lemma_.lower()) or self.lexicon.nouns.get(modifier.lower_)
                if patterns:
                    return patterns[0]
        return None

    def match_noun(self, noun: Token) -> Match | None:
        pattern = self._noun_pattern(noun)
        if pattern is None:
            return None
        governor = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and governor.lemma_.lower() in LIGHT_VERBS:
            return Match(noun, pattern, light_verb=governor)
        if noun.dep_ == "pobj" and governor.head.lemma_.lower() in LIGHT_VERBS and governor.head.pos_ == "VERB" \
                and governor.lower_ in ("in", "into"):
            return Match(noun, pattern, light_verb=governor.head)  # "engaged in talks", "went into negotiations"
        if noun.dep_ in ("nsubj", "ROOT") or (args.noun_source_tokens(noun) and args.prep_objects(noun, pattern.particles or args.TARGET_PREPS)):
            return Match(noun, pattern)
        return None

    # -- coding -------------------------------------------------------------------
    def _event(self, text: str, sentence: int, match: Match, mentions: ActorMentions,
               place_at: PlaceAt | None, date_at: DateAt | None, place_target: PlaceTarget | None,
               event_id: str) -> Event | None:
        source, target = self._arguments(match, mentions)
        code = self._code(match)
        if not source and not (target and code[:2] in SOURCELESS_ROOTS):
            return None
        if match.pattern.kind == "verb" and not match.pattern.specificity and match.pattern.lemma in NEEDS_TARGET and not target:
            return None
        head = match.light_verb or match.head
        trigger = _trigger_span(text, match)
        negated = is_negated(match.head) or (match.light_verb is not None and is_negated(match.light_verb))
        mode = modality(head)
        if match.pattern.kind == "control" and code[:2] == "03" and match.clause is not None and is_negated(match.clause):
            # "vowed not to return the Golan Heights": promising not to act is refusing to act.
            inner_root = match.complement.pattern.cameo[:2] if match.complement else "03"
            code = REJECTION_CODES.get(inner_root, "120")
        code, negated = self._recode(code, mode, negated, head)
        info = self.ontology.cameo(code)
        place = _first(place_at, [head, match.head, *(match.object_token and [match.object_token] or [])])
        if not target and place and place_target and code[:2] in PLACE_TARGET_ROOTS:
            # A domestic act may have its own country as target ("Sudan lifted the curfew in Khartoum").
            target = [a for a in [place_target(place)] if a]
        return Event(
            id=event_id, sentence=sentence, trigger=trigger, source=source, target=target, cameo=code,
            plover=Plover(info.plover_type, info.plover_mode, list(info.plover_context)),
            goldstein=info.goldstein, quad_class=info.quad_class,
            date=date_at(head) if date_at else None, place=place, negated=negated, modality=mode,
            attributed_to=None, confidence=_confidence(match, source, target, negated, mode),
        )

    def _recode(self, code: str, mode: str, negated: bool, head: Token) -> tuple[str, bool]:
        """CAMEO codes what was said about an action, not the action: an intended or
        conditional action is an expression of intent or a threat, a denied cooperative
        act a rejection."""
        root = code[:2]
        if negated and root in REJECTION_CODES:
            return REJECTION_CODES[root], False
        conditional = _has_condition(head)
        stated = mode == "intended" or (mode == "hypothetical" and (_has_intent_aux(head) or conditional))
        if stated and root in INTENT_CODES:
            return INTENT_CODES[root], negated
        if stated and conditional and root in CONDITIONAL_THREAT_CODES:
            return CONDITIONAL_THREAT_CODES[root], negated
        return code, negated

    def _code(self, match: Match) -> str:
        code = match.pattern.cameo
        if match.pattern.kind == "control" and match.complement is not None:
            inner = match.complement.pattern.cameo[:2]
            code = CONTROL_REFINEMENT.get(code, {}).get(inner, code)
        return code if self.ontology.is_valid(code) else code[:3] if self.ontology.is_valid(code[:3]) else code[:2]

    def _arguments(self, match: Match, mentions: ActorMentions) -> tuple[list[str], list[str]]:
        at = mentions.at
        if match.pattern.kind == "noun" and match.light_verb is None:
            source = args.actors_of(args.noun_source_tokens(match.head), at)
            target = args.actors_of(args.prep_objects(match.head, match.pattern.particles or args.TARGET_PREPS), at)
            return source, [t for t in target if t not in source]
        verb = match.light_verb or match.head
        source = args.actors_of(args.subject_tokens(verb), at)
        inner = match.complement
        inner_verb = (inner.light_verb or inner.head) if inner is not None else match.clause
        inner_object = (inner.object_token or (inner.head if inner.light_verb is not None else None)) if inner else None
        if not source and inner_verb is not None:
            source = args.actors_of(args.subject_tokens(inner_verb), at)
        if not source and match.pattern.cameo[:2] == "15" and args.is_passive(verb):
            # "Riot police were deployed in Dhaka": the forces moved are the ones mobilising.
            source = args.actors_of(args.patient_tokens(verb), at)
        object_token = match.object_token or (match.head if match.light_verb is not None else None)
        target = _first_tier(at, args.target_tiers(verb, object_token), exclude=source)
        if not target and inner_verb is not None and match.pattern.kind == "control":
            target = _first_tier(at, args.target_tiers(inner_verb, inner_object), exclude=source)
        return source, target


def _first_tier(at, tiers, exclude: list[str]) -> list[str]:
    for tier in tiers:
        found = [a for a in args.actors_of(tier, at) if a not in exclude]
        if found:
            return found
    return []


def _first(place_at: PlaceAt | None, tokens: list[Token]) -> str | None:
    if place_at is None:
        return None
    for t in tokens:
        place = place_at(t)
        if place:
            return place
    return None


def _consumed_by(match: Match) -> set[int]:
    out = {match.head.i}
    for t in (match.object_token, match.light_verb, match.clause):
        if t is not None:
            out.add(t.i)
    if match.complement is not None:
        out |= _consumed_by(match.complement)
    return out


def _object_candidates(verb: Token) -> list[Token]:
    """Direct objects, passive subjects, objects of attached prepositions ("go on strike") and,
    for a participle, the noun it modifies ("sanctions imposed")."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    out += [p for c in verb.children if c.dep_ in ("prep", "prt") for p in c.children if p.dep_ == "pobj"]
    if verb.dep_ == "acl":
        out.append(verb.head)
    out += [p for o in list(out) if o.lower_ in MEASURE_NOUNS or o.lemma_.lower() in MEASURE_NOUNS
            for c in o.children if c.dep_ == "prep" and c.lower_ in ("of", "in") for p in c.children if p.dep_ == "pobj"]
    return out


def _verb_forms(verb: Token) -> list[str]:
    """The lemma, then guesses from the inflection for when the small model's lemmatizer
    slips ("staged" -> "stag"): "staged" -> "stage", "shelled" -> "shell", "hoping" -> "hope"."""
    word, forms = verb.lower_, [verb.lemma_.lower(), verb.lower_]
    for suffix, replacements in (("ied", ("y",)), ("ed", ("e", "")), ("ing", ("e", "")), ("es", ("e", "")), ("s", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms += [stem + r for r in replacements]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "shelled" -> "shell" is already a stem; "planned" -> "plan"
    return forms


def _has_condition(token: Token) -> bool:
    """"... unless Baghdad accepts", "... if cooperation founders": a condition hangs on the verb."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in token.children)


def _has_intent_aux(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "wo") for c in token.children)


def _forms(token: Token) -> set[str]:
    """Ways an object may be written: lemma, text, hyphenated whole ("co-operation"), with its
    compound modifier ("peacekeeping force")."""
    forms = {token.lemma_.lower(), token.lower_}
    forms |= {f"{c.lower_} {form}" for c in token.children if c.dep_ in ("compound", "amod") and c.i == token.i - 1
              for form in (token.lemma_.lower(), token.lower_)}
    forms |= {f"{token.lower_} of {p.lower_}" for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"}  # "state of emergency"
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-":
        forms.add(f"{token.lower_}-{doc[token.i + 2].lower_}")
    if token.i >= 2 and doc[token.i - 1].text == "-":
        forms.add(f"{doc[token.i - 2].lower_}-{token.lower_}")
    return forms


def _noun_forms(noun: Token) -> list[str]:
    forms = []
    prev = noun.doc[noun.i - 1] if noun.i > 0 else None
    if prev is not None and prev.head.i == noun.i and prev.dep_ in ("compound", "amod"):
        forms += [f"{prev.lower_} {noun.lemma_.lower()}", f"{prev.lower_} {noun.lower_}"]
    return forms + [noun.lemma_.lower(), noun.lower_]


def _trigger_span(text: str, match: Match) -> Span:
    """The words that carry the event: "condemned", "had talks", "imposed sanctions", "pulled out"."""
    first = match.light_verb or match.head
    last = match.head
    if match.pattern.kind == "verb" and match.object_token is not None and 0 < match.object_token.i - first.i <= 4:
        last = match.object_token
    particle = next((c for c in first.children if c.dep_ == "prt" and c.i == first.i + 1), None)
    if particle is not None and last.i < particle.i:
        last = particle
    start, end = sorted((first, last), key=lambda t: t.i)
    return Span.of(text, start.idx, end.idx + len(end.text))


def _confidence(match: Match, source: list[str], target: list[str], negated: bool, mode: str) -> float:
    """A first heuristic: more evidence, more confidence. Calibrated against gold in later work."""
    score = 0.45 + 0.15 * bool(target) + 0.1 * min(match.pattern.specificity, 2) / 2
    score += 0.1 * (match.pattern.kind == "control" and match.complement is not None)
    score -= 0.15 * negated + 0.1 * (mode == "hypothetical")
    return round(max(0.05, min(0.95, score)), 2)

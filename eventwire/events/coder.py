"""Events stage: match our lexicon over the parse and code CAMEO/PLOVER events with arguments.

Three kinds of trigger: a verb pattern ("condemn", "impose sanctions", "pull out"), a
control verb whose complement says what was agreed, refused or threatened ("agreed to
strengthen cooperation" -> AGREE), and an event noun carried by a light verb or by its own
modifiers ("held talks with", "Russia's attack on Ukraine"). An event needs a resolved
source: no filler events.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.resolve import ActorMentions
from eventwire.events import arguments as args
from eventwire.events.confidence import ConfidenceModel, EventEvidence
from eventwire.events.lexicon import CLAUSE_OBJECT, EventLexicon, Pattern
from eventwire.events.modality import is_negated, modality
from eventwire.events.ontology import Ontology
from eventwire.model import Event, Plover, Span
from eventwire.nlp import doc_text, sentence_of, sentence_spans

LIGHT_VERBS = {"have", "hold", "conduct", "launch", "carry", "stage", "begin", "start", "resume", "open", "make", "pay",
               "mount", "continue", "join", "attend", "wage", "renew", "undertake", "impose", "announce", "order",
               "step", "intensify", "escalate", "seek", "sign", "reach", "engage", "enter", "speed", "accelerate",
               "complete", "expedite", "finish", "put", "place", "bring"}
# "put under investigation", "engaged in talks", "went into negotiations"
LIGHT_VERB_PREPS = {"in", "into", "under"}
# "$200 million in aid", "a package of missiles", "a round of talks": the measure is the
# grammatical object, the thing measured is what the pattern is about.
MEASURE_NOUNS = {"package", "shipment", "consignment", "batch", "ton", "tonne", "tons", "tonnes", "million",
                 "billion", "thousand", "thousands", "hundred", "hundreds", "tens", "dozens", "round", "wave",
                 "series", "number", "lot", "set", "kg", "kilograms", "$", "day", "days", "week", "weeks",
                 "hour", "hours", "month", "months", "night", "nights"}
# Bare verbs too common in other senses to code without someone on the receiving end.
NEEDS_TARGET = {"target", "help", "back", "support", "meet", "ask", "receive", "allow", "permit", "release", "free", "supply",
                "kill", "strike", "press", "shoot", "assist", "host", "admit", "charge", "capture", "storm",
                "defend", "visit", "fight", "battle", "seize", "occupy", "oppose", "attack", "provide", "deliver",
                "hack"}
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
# Violence with a known victim and an unknown perpetrator is still an event users want; coders
# then name the country where it happened as the source ("a car bomb in Beirut killed ...").
SOURCELESS_ROOTS = {"18", "19", "20"}
# Done together, done to each other: "X and Y held talks / signed a deal / exchanged fire".
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
MUTUAL_LEMMAS = {"exchange", "clash", "clashes"}
# "ordered the mission to leave", "gave the ambassador 48 hours to leave"
DIRECTIVE_VERBS = {"order", "tell", "instruct", "direct", "force"}
DEPARTURE_VERBS = {"leave", "quit", "depart", "exit"}
DEADLINE_UNITS = {"hour", "hours", "day", "days", "week", "weeks", "deadline"}
# Acts only a state's authorities do: with no doer named ("a US national has been put under
# investigation in Italy", "two journalists were arrested in Cairo") coders name the state
# where it happened.
STATE_ACT_ROOTS = {"09", "17"}
# Moving forces: in an agentless passive the forces moved are the doer.
FORCE_MOVING_CODES = ("15", "0874", "1661")
PROTEST_ROOTS = {"14"}
PROTEST_SITE_PREPS = {"outside", "at", "before", "near"}
POSITION_PREPS = {"near", "along", "around", "on", "at", "toward", "towards", "to", "into", "off", "inside"}
# Subordinate clauses that give the background of the sentence's event, not a second event:
# "... after Ecuadorian police raided its embassy", "... unless Baghdad accepts", "... when
# Idi Amin expelled them", and purpose infinitives ("blocked roads to press their demands").
BACKGROUND_MARKS = {"after", "before", "when", "whenever", "as", "while", "since", "until", "till", "unless", "if",
                    "because", "once", "following", "whereas", "though", "although"}
GROUNDS_PREPS = {"of", "for", "over", "about"}
# Links followed from an event up to the event whose background it may be.
CLIMB_DEPS = {"advcl", "ccomp", "xcomp", "conj", "pcomp", "prep", "pobj", "acl", "relcl", "dobj", "attr", "dative",
              "appos", "agent"}
# The content of a demand or appeal is what is asked for, and the content of a denial or a
# rejection is what is denied or rejected: on the text's word, none of them happened.
CONTENT_ROOTS = {"02", "10", "12"}
DENIAL_CODES = {"016"}
# "Israel is opposed to French mediation": a stative passive whose subject holds the attitude.
STATIVE_PASSIVES = {"oppose", "commit", "determine", "resolve"}

PlaceAt = Callable[[Token], str | None]
PlaceTarget = Callable[[str], str | None]  # place id -> the actor id of its country
CountryActor = Callable[[str], str | None]  # ISO alpha-3 -> that country's actor id, added if the article has none
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

    def __init__(self, lexicon: EventLexicon, ontology: Ontology, confidence: ConfidenceModel | None = None) -> None:
        self.lexicon, self.ontology = lexicon, ontology
        self.confidence = confidence or ConfidenceModel.load()

    def __call__(self, doc: Doc, mentions: ActorMentions, *, skip_sentences: set[int] | None = None,
                 place_at: PlaceAt | None = None, date_at: DateAt | None = None,
                 place_target: PlaceTarget | None = None, country_actor: CountryActor | None = None) -> list[Event]:
        events: list[Event] = []
        text = doc_text(doc)
        for index, sent in enumerate(sentence_spans(doc)):
            if skip_sentences and index in skip_sentences:
                continue
            coded = [(m, made) for m in self.matches(sent)
                     if (made := self._event(text, index, m, mentions, place_at, date_at, place_target,
                                             country_actor)) is not None]
            kept = self.foreground([m for m, _ in coded])
            for match, (event, evidence) in coded:
                if any(match is k for k in kept):
                    evidence = replace(evidence, other_events_in_sentence=len(kept) - 1)
                    events.append(replace(event, id=f"e{len(events) + 1}", confidence=self.confidence.predict(evidence)))
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
            match = self.match_control(token) or self.match_verb(token) or self.match_reported_demand(token) \
                or self.match_directive(token)
            if match:
                found.append(match)
                consumed |= _consumed_by(match)
        heads = {m.head.i for m in found}
        for token in sent:
            if token.i in consumed or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.head.i in heads and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
                continue  # "condemned the sanctions": the sanctions are what is condemned, not a new event
            if _in_prep_phrase_of(token, heads):
                continue  # "conceded to demands", "captured after five days of fighting": background
            match = self.match_noun(token)
            if match and (match.light_verb is None or match.light_verb.i not in consumed):
                found.append(match)
                consumed |= _consumed_by(match)
        return sorted(found, key=lambda m: m.head.i)

    def foreground(self, matches: list[Match]) -> list[Match]:
        """Drop matches that only give another match's background or content: events in a
        temporal, conditional, purpose or participial clause under another event, in a clause
        describing another event's object ("prevented the demonstration staged by students"),
        and what a demand asks for."""
        owner: dict[int, Match] = {}
        for m in matches:
            for i in _consumed_by(m) | {(m.light_verb or m.head).i}:
                owner.setdefault(i, m)
        return [m for m in matches if not self._is_background(m, owner)]

    def _is_background(self, match: Match, owner: dict[int, Match]) -> bool:
        t, embedded = match.light_verb or match.head, False
        for _ in range(10):
            if t.head.i == t.i:
                return False
            parent = args.syntactic_parent(t)
            if t.dep_ == "advcl" and (args.is_purpose_clause(t) or _is_participial(t) or any(
                    c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in t.children)):
                embedded = True
            if t.dep_ in ("relcl", "acl") and parent.dep_ not in ("nsubj", "nsubjpass", "ROOT"):
                embedded = True
            if t.dep_ == "pcomp" and parent.lower_ in GROUNDS_PREPS:
                embedded = True  # "accused Turkey of targeting civilians": the grounds, not a second event
            other = owner.get(parent.i)
            if other is not None and other is not match:
                if embedded:
                    return True
                code = self._code(other)
                return t.dep_ in ("ccomp", "xcomp") and other.pattern.kind != "control" \
                    and (code[:2] in CONTENT_ROOTS or code in DENIAL_CODES)
            if t.dep_ not in CLIMB_DEPS:
                return False
            t = parent
        return False

    def match_verb(self, verb: Token) -> Match | None:
        patterns = next((self.lexicon.verbs[f] for f in _verb_forms(verb) if f in self.lexicon.verbs), [])
        if not patterns:
            return None
        particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "agent", "dative")}
        particles |= {m.lower_ for c in args.for_clauses(verb) for m in c.children if m.dep_ == "mark"}  # "called for X to"
        objects = _object_candidates(verb)
        governs_clause = any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") for c in verb.children)
        best: tuple[int, Match] | None = None
        for pattern in patterns:
            if pattern.particles and not pattern.particles & particles:
                continue
            obj, words = None, 0
            if CLAUSE_OBJECT in pattern.objects and governs_clause:
                words = 1  # a stated claim: the clause itself is what is denied or dismissed
            elif pattern.objects:
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
            # The small parser often attaches "sworn to fight" as an adverbial clause.
            complement = next((c for c in verb.children if c.pos_ in ("VERB", "AUX") and args.is_purpose_clause(c)
                               and c.dep_ == "advcl"), None)
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
            warning = verb.lemma_.lower() == "warn" and is_negated(clause)  # "warned police will no longer tolerate"
            if _has_intent_aux(clause) and (_has_condition(clause) or warning) and self.match_verb(clause) is None:
                # A control reading, so that the target comes from the governed clause's condition.
                pattern = Pattern("control", verb.lemma_.lower(), frozenset(), frozenset(), "130",
                                  "reported conditional threat")
                return Match(verb, pattern, clause=clause)
        return None

    def match_directive(self, verb: Token) -> Match | None:
        """Orders and deadlines to go: "ordered the UN mission to leave the country" expels the
        mission (coded as "expel" codes that object); "gave the French ambassador 48 hours to
        leave" is an ultimatum."""
        clause = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if clause is None:
            return None
        lemma = verb.lemma_.lower()
        if lemma == "give" and any(c.lemma_.lower() in DEADLINE_UNITS for c in verb.children):
            recipient = next((c for c in verb.children if c.dep_ in ("dative", "dobj")
                              and c.lemma_.lower() not in DEADLINE_UNITS), None)
            return Match(verb, Pattern("verb", lemma, frozenset(), frozenset(), "139", "deadline ultimatum"),
                         recipient, clause=clause)
        if lemma not in DIRECTIVE_VERBS or clause.lemma_.lower() not in DEPARTURE_VERBS:
            return None
        objects = [o for o in _object_candidates(verb) if o.i < clause.i]
        for pattern in self.lexicon.verbs.get("expel", []):  # most specific first
            hit = next((o for o in objects if _forms(o) & pattern.objects), None)
            if hit is not None or not pattern.objects:
                return Match(verb, replace(pattern, note="ordered to leave"), hit or next(iter(objects), None),
                             clause=clause)
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
                and governor.lower_ in LIGHT_VERB_PREPS:
            return Match(noun, pattern, light_verb=governor.head)  # "engaged in talks", "went into negotiations"
        if noun.dep_ in ("nsubj", "ROOT") or (args.noun_source_tokens(noun) and args.prep_objects(noun, pattern.particles or args.TARGET_PREPS)):
            return Match(noun, pattern)
        return None

    # -- coding -------------------------------------------------------------------
    def _event(self, text: str, sentence: int, match: Match, mentions: ActorMentions,
               place_at: PlaceAt | None, date_at: DateAt | None,
               place_target: PlaceTarget | None,
               country_actor: CountryActor | None = None) -> tuple[Event, EventEvidence] | None:
        """The event a match makes, with the evidence its confidence is computed from (once the
        sentence's other events are known), or None when it has no source."""
        source, target = self._arguments(match, mentions)
        code = self._code(match)
        head = match.light_verb or match.head
        place = _first(place_at, [head, match.head, *(match.object_token and [match.object_token] or [])])
        place_country = place_target(place) if place and place_target else None
        source_from_place = target_from_place = False
        if not source and code[:2] in SOURCELESS_ROOTS and target and place_country:
            source, source_from_place = [place_country], True  # "a roadside bombing near Samarra killed a U.S. soldier"
        if not source and code[:2] in STATE_ACT_ROOTS and target and place_country and _agentless_passive(head):
            source, source_from_place = [place_country], True
        if not source and not (target and code[:2] in SOURCELESS_ROOTS):
            return None
        if match.pattern.kind == "verb" and not match.pattern.specificity and match.pattern.lemma in NEEDS_TARGET and not target:
            return None
        trigger = _trigger_span(text, match)
        negated = is_negated(match.head) or (match.light_verb is not None and is_negated(match.light_verb))
        mode = modality(head)
        if match.pattern.kind == "control" and code[:2] == "03" and match.clause is not None and is_negated(match.clause):
            # "vowed not to return the Golan Heights": promising not to act is refusing to act.
            inner_root = match.complement.pattern.cameo[:2] if match.complement else "03"
            code = REJECTION_CODES.get(inner_root, "120")
        code, negated = self._recode(code, mode, negated, head)
        info = self.ontology.cameo(code)
        mutual = code[:2] in RECIPROCAL_ROOTS or match.pattern.lemma in MUTUAL_LEMMAS  # "exchanged fire"
        if not target and mutual and len(_countries_of(source, mentions)) > 1:
            # "Serbian and Kosovar negotiators held talks", "Australia and Britain signed a trade
            # deal": two or more parties doing it together do it with each other (CAMEO codes both ways).
            target = list(source)
        if not target and place_country:
            # With no one named on the receiving end, coders name the country where it happens:
            # "Sudan lifted the curfew in Khartoum", "demonstrated in Serbia", "agreed in Baku".
            target, target_from_place = [place_country], True
        if not target and code[:2] in PROTEST_ROOTS:
            # Protesters with no named adversary protest against their own country's authorities.
            target = _own_countries(source, mentions, country_actor)
            target_from_place = bool(target)
        has_country = lambda ids: any(getattr(mentions.get(a), "country", None) for a in ids)  # noqa: E731
        evidence = EventEvidence(
            kind="reported" if match.pattern.note.startswith("reported") else match.pattern.kind,
            specificity=match.pattern.specificity, has_target=bool(target), target_from_place=target_from_place,
            source_from_place=source_from_place, source_has_country=has_country(source),
            target_has_country=has_country(target), modality=mode, negated=negated,
            sentence_tokens=len(sentence_of(head)), other_events_in_sentence=0, plover_type=info.plover_type)
        return Event(
            id="", sentence=sentence, trigger=trigger, source=source, target=target, cameo=code,
            plover=Plover(info.plover_type, info.plover_mode, list(info.plover_context)),
            goldstein=info.goldstein, quad_class=info.quad_class,
            date=date_at(head) if date_at else None, place=place, negated=negated, modality=mode,
            attributed_to=None,
        ), evidence

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
        if match.pattern.kind == "receive":
            givers = [*args.prep_objects(verb, {"from"}),
                      *(args.prep_objects(match.object_token, {"from"}) if match.object_token is not None else [])]
            return args.actors_of(givers, at), args.actors_of(args.subject_tokens(verb), at)
        source = args.actors_of(args.subject_tokens(verb), at)
        exclude: list[str] = []  # actors that cannot be the target beyond the source
        if not source and verb.lemma_.lower() in STATIVE_PASSIVES and args.is_passive(verb):
            source = args.actors_of([c for c in verb.children if c.dep_ == "nsubjpass"], at)
        inner = match.complement
        inner_verb = (inner.light_verb or inner.head) if inner is not None else match.clause
        inner_object = (inner.object_token or (inner.head if inner.light_verb is not None else None)) if inner else None
        if not source and inner_verb is not None:
            source = args.actors_of(args.subject_tokens(inner_verb), at)
        if not source and match.pattern.cameo.startswith(FORCE_MOVING_CODES) and args.is_passive(verb):
            # "Riot police were deployed in Dhaka", "peacekeepers were shipped out of Gorazde":
            # the forces moved are the ones mobilising or withdrawing, and no target of their own.
            source = args.actors_of(args.patient_tokens(verb), at)
            exclude = args.actors_of([t for p in args.patient_tokens(verb) for t in p.subtree], at)
        object_token = match.object_token or (match.head if match.light_verb is not None else None)
        tiers = args.target_tiers(verb, object_token)
        if match.pattern.cameo[:2] == "15":
            # "mobilized army reservists for a war against Iraq": the forces are the source's own;
            # "deployed warships around Taiwan", "massed troops along its border with Ukraine":
            # the adversary is where the forces are sent.
            near = args.prep_objects(verb, POSITION_PREPS)
            near += [q for o in args.patient_tokens(verb) for q in args.prep_objects(o, POSITION_PREPS)]
            near += [q for t in near for q in args.prep_objects(t, {"with", "of"})]
            tiers = [tiers[1], near, *tiers[2:]]
        if match.pattern.cameo[:2] in PROTEST_ROOTS:
            # "protested outside the Israeli embassy": the body whose site is picketed
            tiers = [*tiers[:2], args.prep_objects(verb, PROTEST_SITE_PREPS), *tiers[2:]]
        if inner_verb is not None and match.pattern.kind == "control":
            tiers = tiers + args.target_tiers(inner_verb, inner_object)
        if args.is_purpose_clause(verb) and verb.head.i != verb.i:
            # "sent 21 personnel to Bosnia to investigate ...": where the purpose is carried out.
            tiers = tiers + [args.prep_objects(verb.head, args.VERB_TARGET_PREPS)]
        target = _first_tier(at, tiers, exclude=[*source, *exclude],
                             has_country=lambda a: bool(getattr(mentions.get(a), "country", None)))
        return source, target


def _first_tier(at, tiers, exclude: list[str], has_country: Callable[[str], bool] = lambda a: True) -> list[str]:
    """The first tier that names an actor. A tier naming only actors of no known country ("a
    new military offensive" read as the military) gives way to a later one that names a
    country, and is used only when no tier does."""
    fallback: list[str] = []
    for tier in tiers:
        found = [a for a in args.actors_of(tier, at) if a not in exclude]
        if found and any(has_country(a) for a in found):
            return found
        fallback = fallback or found
    return fallback


def _agentless_passive(verb: Token) -> bool:
    return args.is_passive(verb) and not args.agent_phrase(verb)


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
    # The small parser files object predicates ("held four sailors hostage") as clauses.
    out += [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "NOUN"]
    out += [p for c in verb.children if c.dep_ in ("prep", "prt") for p in c.children if p.dep_ == "pobj"]
    if verb.dep_ == "acl":
        out.append(verb.head)
    out += [p for o in list(out) if o.lower_ in MEASURE_NOUNS or o.lemma_.lower() in MEASURE_NOUNS
            for c in o.children if c.dep_ == "prep" and c.lower_ in ("of", "in") for p in c.children if p.dep_ == "pobj"]
    out += [c for o in list(out) for c in o.children if c.dep_ == "conj"]  # "doses and medical supplies"
    # A date is never what is acted on: "held the journalists hostage since March" is no march.
    return [o for o in out if o.ent_type_ not in ("DATE", "TIME")]


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


def _countries_of(actor_ids: list[str], mentions: ActorMentions) -> set[str]:
    return {c for a in actor_ids if (c := getattr(mentions.get(a), "country", None))}


def _own_countries(actor_ids: list[str], mentions: ActorMentions, country_actor: CountryActor | None = None) -> list[str]:
    """The country actors of the given actors' countries: those the article names as actors,
    else (given `country_actor`) ones added for the purpose ("Young Algerians blocked roads"
    protest against Algeria even where the article never names Algeria as an actor)."""
    countries = _countries_of(actor_ids, mentions)
    found = [a.id for a in mentions.actors if a.kind == "country" and a.country in countries and a.id not in actor_ids]
    if found or country_actor is None:
        return found
    states = sorted(c for c in countries if len(c) == 3 and c not in ("IGO", "NGO"))
    return [actor_id for c in states if (actor_id := country_actor(c)) is not None and actor_id not in actor_ids]


def _is_participial(clause: Token) -> bool:
    """"..., urging the counterpart to sign": a participle elaborating the main verb."""
    return clause.tag_ == "VBG" and not any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children)


def _in_prep_phrase_of(noun: Token, heads: set[int]) -> bool:
    """Whether a noun sits in a prepositional phrase (possibly nested: "after five days of
    fighting") attached to a word that already triggers an event."""
    t = noun
    for _ in range(4):
        if t.dep_ != "pobj" or t.head.dep_ not in ("prep", "agent"):
            return False
        prep = t.head
        if prep.head.i in heads:
            return True
        t = prep.head
    return False


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

"""Actors stage: who is mentioned, as CAMEO actors, with in-document coreference.

Resolution is head-driven over the dependency parse. A noun phrase is read from its head:
a lexicon name ("Moscow", "the Taliban"), a person ("Chinese Foreign Minister Wang Yi",
"his Russian counterpart Sergei Lavrov"), or a role noun with its country ("the Russian
Foreign Ministry", "the foreign ministers of Russia and China"). Later short forms ("Lavrov",
"the ministry", "the two ministers") are linked back to the actors already seen.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.lexicon import ActorEntry, ActorLexicon, AgentTerm
from eventwire.model import Actor, Span

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "into", "to"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod"}
PERSON_LABELS = {"PERSON"}
# "a group of Moroccan diplomats", "thousands of Nigerians": the head says how many, the "of" phrase who.
COLLECTIVE_HEADS = {"group", "groups", "member", "members", "dozens", "hundreds", "thousands", "millions", "scores",
                    "some", "many", "number", "majority", "handful", "most", "all", "several", "body", "team", "crowd",
                    "crowds", "band", "contingent", "unit", "units", "batch", "patch", "wave"}


@dataclass
class ActorMentions:
    """The actors stage's result for one article: actors, and which phrase heads name them."""
    actors: list[Actor] = field(default_factory=list)
    by_token: dict[int, list[str]] = field(default_factory=dict)

    def at(self, token: Token) -> list[str]:
        return self.by_token.get(token.i, [])

    def get(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


@dataclass(frozen=True)
class Reading:
    """One actor a phrase stands for, before it is given an id."""
    key: tuple[str, ...]
    name: str
    country: str | None
    sector: str | None
    kind: str
    code: str
    role: str | None = None


class ActorResolver:
    """Reads actors off a parsed article. One resolver serves many articles; state is per call."""

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc, published: str | None = None, skip_sentences: set[int] | None = None) -> ActorMentions:
        return _ArticleActors(self.lexicon, doc, published, skip_sentences or set()).resolve()


class _ArticleActors:
    """The working state of one article's actor resolution."""

    def __init__(self, lexicon: ActorLexicon, doc: Doc, published: str | None, skip: set[int]) -> None:
        self.lex, self.doc, self.published = lexicon, doc, published
        self.text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        self.skip_starts = {s.start for i, s in enumerate(doc.sents) if i in skip}
        self.result = ActorMentions()
        self.ids: dict[tuple[str, ...], str] = {}
        self.adjectives: dict[int, str] = {}  # token index -> country, for "Sri Lankan", "South Korean"
        self.names = self._match_names()  # root token index -> (span, entries)
        self.people_by_surname: dict[str, str] = {}
        self.role_history: list[str] = []  # role terms in text order, for "the ministry", "the two ministers"

    # -- driver -------------------------------------------------------------------
    def resolve(self) -> ActorMentions:
        for sent in self.doc.sents:
            if sent.start in self.skip_starts:
                continue
            for token in sent:
                if token.i not in self.result.by_token and self._is_phrase_head(token):
                    self._resolve_head(token)
            for token in sent:
                if token.i not in self.result.by_token and token.dep_ in ("amod", "compound", "npadvmod", "nmod"):
                    self._resolve_country_modifier(token)
        return self.result

    def _resolve_country_modifier(self, token: Token) -> None:
        """"an Indian proposal", "a Senegalese peace plan": the country an adjective names is an
        actor that events can point to (whose proposal was rejected)."""
        country = self._token_country(token) if token.i not in self.names else None
        if country:
            name = self.lex.country_names.get(country, country)
            reading = Reading(("country", country), name, country, None, "country", country)
            self.result.by_token[token.i] = [self._register(reading, (token.idx, token.idx + len(token.text)))]

    def _is_phrase_head(self, token: Token) -> bool:
        if token.i in self.names:
            return True
        return token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound",)

    def _resolve_head(self, head: Token) -> list[str]:
        readings, span = self._read(head)
        ids = [self._register(r, span) for r in readings]
        if ids:
            self.result.by_token[head.i] = ids
        return ids

    # -- reading one phrase -------------------------------------------------------
    def _read(self, head: Token) -> tuple[list[Reading], tuple[int, int]]:
        if head.i in self.names:
            span, entries = self.names[head.i]
            entry = self._pick(entries)
            if entry.kind == "government" and _is_locative(head):
                return [], (0, 0)  # "talks in Moscow": a place, not the Russian government
            if entry.kind == "person":
                return [self._person_reading(head, span, entry)], (span.start_char, span.end_char)
            return [_entry_reading(entry)], (span.start_char, span.end_char)
        person = self._person_span(head)
        if person is not None:
            return [self._person_reading(head, person, None)], (person.start_char, person.end_char)
        return self._agent_readings(head)

    def _pick(self, entries: list[ActorEntry]) -> ActorEntry:
        """Among entries sharing a name, the office holder of the day, else the first."""
        held = [e for e in entries if e.kind != "person" or e.held_on(self.published)]
        return (held or entries)[0]

    def _person_span(self, head: Token) -> SpacySpan | None:
        if head.ent_type_ in PERSON_LABELS or (head.pos_ == "PROPN" and head.text in self.people_by_surname):
            ent = next((e for e in self.doc.ents if e.start <= head.i < e.end), None)
            if ent is not None and ent.label_ in PERSON_LABELS:
                return ent
            if head.text in self.people_by_surname:
                return self.doc[head.i: head.i + 1]
        return self._titled_name(head)

    def _titled_name(self, head: Token) -> SpacySpan | None:
        """"Vice-President Moody Awori" when the tagger calls the name an organisation: proper
        nouns right after a personal title are a person's name."""
        if head.pos_ != "PROPN" or head.i in self.names:
            return None
        start = head.i
        while start > 0 and self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].pos_ == "PROPN" \
                and self.doc[start - 1].head.i == head.i and not self._is_title(self.doc[start - 1]):
            start -= 1
        if start == head.i and head.i > 0 and not self._is_title(self.doc[head.i - 1]):
            return None
        if start > 0 and self._is_title(self.doc[start - 1]) and start <= head.i:
            return self.doc[start: head.i + 1]
        return None

    def _is_title(self, token: Token) -> bool:
        agent = self.lex.agent(token.lower_)
        return agent is not None and agent.kind == "person" and token.text[:1].isupper()

    def _person_reading(self, head: Token, span: SpacySpan, entry: ActorEntry | None) -> Reading:
        full = span.text.strip()
        known = self.people_by_surname.get(span[-1].text)
        country, sector, role = (entry.country, entry.sector, entry.role) if entry else (None, None, None)
        title = self._title_of(head, span)
        if title:
            country, sector, role = title[0] or country, title[1] or sector, title[2] or role
        if known and (not country or self._actor_country(known) == country) and (len(span) == 1 or full == self._actor_name(known)):
            actor = self.result.get(known)
            if actor:
                return Reading(("person", actor.name), actor.name, actor.country, actor.sector, "person",
                               actor.code, actor.role)
        entries = self.lex.lookup(full) if not country else []
        if entries:
            kb = self._pick(entries)
            if kb.kind == "person":
                country, sector, role = kb.country, sector or kb.sector, role or kb.role
        return Reading(("person", full), full, country, sector, "person", (country or "") + (sector or ""), role)

    def _title_of(self, head: Token, name: SpacySpan) -> tuple[str | None, str | None, str | None] | None:
        """Country, sector and role from the words around a name: its title or apposition."""
        words = [t for t in head.subtree if t.i < name.start]
        sources = [words]
        if head.dep_ == "appos":
            sources.append(list(_phrase_tokens(head.head)))
        sources += [list(_phrase_tokens(c)) for c in head.children if c.dep_ == "appos"]
        for tokens in sources:
            country = self._country_in(tokens)
            agent = self._agent_in(tokens)
            if country or agent:
                return country, agent.sector if agent else None, agent.term if agent else None
        return None

    def _agent_readings(self, head: Token) -> tuple[list[Reading], tuple[int, int]]:
        if head.lower_ in COLLECTIVE_HEADS:
            members = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
            if members:
                ids = self._resolve_head(members[0]) if members[0].i not in self.result.by_token else self.result.at(members[0])
                if ids:
                    self.result.by_token[head.i] = ids
                return [], (0, 0)
        agent = self._agent_for(head)
        if agent is None:
            return self._demonym_reading(head)
        named = next((c for c in head.children if c.dep_ == "appos" and self._person_span(c) is not None), None)
        if named is not None and agent.kind == "person":
            # "his Russian counterpart Sergei Lavrov": the title belongs to the named person.
            ids = self._resolve_head(named)
            tokens = list(_phrase_tokens(head))
            for actor_id in ids:
                self._add_mention(actor_id, (min(t.idx for t in tokens), head.idx + len(head.text)))
            self.result.by_token[head.i] = ids
            return [], (0, 0)
        tokens = list(_phrase_tokens(head))
        countries = self._countries_of(head, tokens)
        if not countries:
            countries, where = self._located_in(head)
            tokens += where  # "demonstrators in Baghdad": the place is part of who they are
        start = min(t.idx for t in tokens)
        span = (start, head.idx + len(head.text))
        if countries:
            of_pp = [t for t in tokens if t.i > head.i]
            if of_pp:
                span = (start, max(t.idx + len(t.text) for t in of_pp))
            readings = [self._agent_reading(head, agent, c, span, many=len(countries) > 1) for c in countries]
            self.role_history.append(agent.term)
            return readings, span
        earlier = self._corefer(agent, plural=head.tag_ in ("NNS", "NNPS"))
        if earlier:
            self.result.by_token[head.i] = earlier
            for actor_id in earlier:
                self._add_mention(actor_id, span)
            return [], (0, 0)
        return [Reading(("agent", "", agent.sector, agent.term, _clean_name(self.text, span)),
                        _clean_name(self.text, span), None, agent.sector, agent.kind, agent.sector, agent.term)], span

    def _agent_reading(self, head: Token, agent: AgentTerm, country: str, span: tuple[int, int], many: bool) -> Reading:
        person = self._person_with(country, agent.sector, agent.term) if agent.kind == "person" else None
        if person:
            actor = self.result.get(person)
            assert actor is not None
            return Reading(("person", actor.name), actor.name, actor.country, actor.sector, "person", actor.code, actor.role)
        name = f"{agent.term} of {self.lex.country_names.get(country, country)}" if many else _clean_name(self.text, span)
        return Reading(("agent", country, agent.sector, agent.term), name, country, agent.sector, agent.kind,
                       country + agent.sector, agent.term)

    def _demonym_reading(self, head: Token) -> tuple[list[Reading], tuple[int, int]]:
        """"Nigerians", "young Algerians": a plural demonym as a phrase head is that country's people."""
        country = self.lex.country_of_adjective(head.text)
        if country and head.tag_ in ("NNS", "NNPS") and head.text[:1].isupper():
            # People of a country, as civilians: "Nigerians marched", "Young Algerians blocked roads".
            name = f"{self.lex.country_names.get(country, country)} civilians"
            return [Reading(("agent", country, "CVL", "people"), name, country, "CVL", "group", country + "CVL", "people")], \
                (head.idx, head.idx + len(head.text))
        return [], (0, 0)

    # -- pieces ---------------------------------------------------------------------
    def _agent_for(self, head: Token) -> AgentTerm | None:
        """The longest role term ending at the head: "foreign ministry" before "ministry".
        The written form is tried before the lemma, so plurals read as groups."""
        left = head.i
        while left > 0 and self.doc[left - 1].dep_ in ("compound", "amod") and self.doc[left - 1].head.i in (head.i, left):
            left -= 1
        words = [t.lower_ for t in self.doc[left: head.i]]
        for i in range(len(words) + 1):
            for last in (head.lower_, head.lemma_.lower()):
                agent = self.lex.agent(" ".join([*words[i:], last]))
                if agent:
                    return agent
        # "army bulldozers", "police vehicles": an unknown head takes the role of its modifier.
        for i in range(len(words)):
            agent = self.lex.agent(" ".join(words[i:]))
            if agent:
                return agent
        return None

    def _agent_in(self, tokens: list[Token]) -> AgentTerm | None:
        """The longest role term written in a title ("U.S. Secretary of State", "Defence
        Minister"), the rightmost first when two are equally long."""
        words = [t.lower_ for t in tokens if not t.is_punct]
        for size in range(min(len(words), 4), 0, -1):
            for start in range(len(words) - size, -1, -1):
                agent = self.lex.agent(" ".join(words[start: start + size]))
                if agent:
                    return agent
        return None

    def _country_in(self, tokens: list[Token]) -> str | None:
        for t in tokens:
            country = self._token_country(t)
            if country:
                return country
        return None

    def _token_country(self, token: Token) -> str | None:
        if token.i in self.names:
            entry = self._pick(self.names[token.i][1])
            if entry.kind in ("country", "government", "region") or (entry.kind == "organisation" and entry.country):
                return entry.country
        if token.i in self.adjectives:
            return self.adjectives[token.i]
        if not token.text[:1].isupper():
            return None
        country = self.lex.country_of_adjective(token.text)
        if country is None and token.pos_ == "PROPN" and not token.ent_type_ == "PERSON":
            country = self.lex.fuzzy_country(token.text)  # "Quatar", "Phillippines", "Afganistan"
        return country

    def _countries_of(self, head: Token, tokens: list[Token]) -> list[str]:
        """Countries that qualify a role noun: adjective, compound, possessive or "of" phrase."""
        found: list[str] = []
        for t in tokens:
            if t.i == head.i:
                continue
            country = self._token_country(t)
            if country and country not in found:
                found.append(country)
        return found

    def _located_in(self, head: Token) -> tuple[list[str], list[Token]]:
        """Where a role noun's people are: "opposition groups in Zimbabwe", "police in Cairo"."""
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
            words = list(prep.subtree)
            country = next((c for c in map(self._token_country, words) if c), None)
            if country:
                return [country], words
        return [], []

    def _corefer(self, agent: AgentTerm, plural: bool) -> list[str]:
        """"the ministry", "the two ministers": the latest actors seen in that role."""
        wanted = _singular(agent.term)
        for term in reversed(self.role_history):
            if _singular(term).endswith(wanted) or wanted.endswith(_singular(term)):
                ids = [a.id for a in self.result.actors if a.role and _singular(a.role) == _singular(term)]
                if ids:
                    return ids if plural else ids[-1:]
        return []

    def _person_with(self, country: str, sector: str, role: str) -> str | None:
        """"The Russian Foreign Minister" after "Sergei Lavrov": the one named person who fits."""
        named = [a for a in self.result.actors if a.kind == "person" and a.name[:1].isupper()
                 and a.country == country and a.sector == sector]
        same_role = [a for a in named if a.role and (a.role.endswith(role) or role.endswith(a.role))]
        for candidates in (same_role, named):
            if len(candidates) == 1:
                return candidates[0].id
        return None

    def _actor_country(self, actor_id: str) -> str | None:
        actor = self.result.get(actor_id)
        return actor.country if actor else None

    def _actor_name(self, actor_id: str) -> str | None:
        actor = self.result.get(actor_id)
        return actor.name if actor else None

    # -- registering actors -------------------------------------------------------
    def _register(self, reading: Reading, span: tuple[int, int]) -> str:
        actor_id = self.ids.get(reading.key)
        if actor_id is None:
            actor_id = f"a{len(self.ids) + 1}"
            self.ids[reading.key] = actor_id
            self.result.actors.append(Actor(actor_id, reading.name, reading.country, reading.sector, reading.kind,
                                            reading.code, [], reading.role))
        if reading.kind == "person":
            for part in reading.name.split():
                if part[:1].isupper():
                    self.people_by_surname.setdefault(part, actor_id)
        if reading.role:
            self.role_history.append(reading.role)
        self._add_mention(actor_id, span)
        return actor_id

    def _add_mention(self, actor_id: str, span: tuple[int, int]) -> None:
        actor = self.result.get(actor_id)
        if actor is None or span[1] <= span[0]:
            return
        mention = Span.of(self.text, *span)
        if mention not in actor.mentions:
            actor.mentions.append(mention)

    # -- names ----------------------------------------------------------------------
    def _match_names(self) -> dict[int, tuple[SpacySpan, list[ActorEntry]]]:
        """Longest lexicon names, keyed by the syntactic root of each match."""
        found: dict[int, tuple[SpacySpan, list[ActorEntry]]] = {}
        words = [t.text for t in self.doc]
        spaces = [t.whitespace_ for t in self.doc]
        closes = [not (t.is_punct or t.is_space) for t in self.doc]  # a name cannot end on these
        i, n = 0, len(words)
        while i < n:
            size = 0
            if words[i][:1].isupper():
                for size in range(min(self.lex.max_tokens, n - i), 0, -1):
                    if closes[i + size - 1]:
                        phrase = "".join(words[k] + spaces[k] for k in range(i, i + size - 1)) + words[i + size - 1]
                        entries = self.lex.lookup(phrase)
                        if entries:
                            span = self.doc[i: i + size]
                            found[span.root.i] = (span, entries)
                            break
                        country = self.lex.country_of_adjective(phrase) if size > 1 else None
                        if country:
                            self.adjectives.update((k, country) for k in range(i, i + size))
                            break
                else:
                    size = 0
            i += max(size, 1)
        return found


def _singular(term: str) -> str:
    """"ministers" -> "minister", for matching roles; "press" and "police" stay as they are."""
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


# Sectors whose unnamed members belong to the country the story is about ("police fired",
# "the government said", "protesters rallied"), unlike reporters or aid agencies.
DOMESTIC_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "OPP", "REB", "CVL", "PTY", "LAB", "EDU", "BUS"}
# Governments and armies of other countries fill international news; only these sectors take
# the article's main country without a place in their own sentence.
INTERNAL_SECTORS = {"COP", "LEG", "JUD", "OPP", "CVL", "PTY", "LAB", "EDU"}


def assign_home_countries(mentions: ActorMentions, sentence_countries: dict[int, set[str]],
                          sentence_of: dict[str, int], document_country: str | None) -> None:
    """Give unnamed domestic actors a country: the one place country of their sentence, else the
    country the article is mostly about. Nothing is guessed when neither is clear."""
    for actor in mentions.actors:
        if actor.country or actor.sector not in DOMESTIC_SECTORS or actor.kind == "person":
            continue
        local = sentence_countries.get(sentence_of.get(actor.id, -1), set())
        country = next(iter(local)) if len(local) == 1 else document_country if actor.sector in INTERNAL_SECTORS else None
        if country:
            actor.country, actor.code = country, country + (actor.sector or "")


def _entry_reading(entry: ActorEntry) -> Reading:
    return Reading((entry.kind, entry.code, entry.name), entry.name, entry.country, entry.sector, entry.kind, entry.code,
                   entry.role)


def _phrase_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers and an "of" phrase: the words that say who it is."""
    tokens = [head]
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS | {"det", "nummod", "case"}:
            tokens.extend(child.subtree)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens.extend(child.subtree)
    return sorted(set(tokens), key=lambda t: t.i)


def _is_locative(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS - {"to", "from"}


def _clean_name(article_text: str, span: tuple[int, int]) -> str:
    text = article_text[span[0]: span[1]]
    for lead in ("the ", "The ", "a ", "A ", "an ", "An ", "his ", "her ", "its ", "their ", "His ", "Her ", "Its ", "Their "):
        if text.startswith(lead):
            return text[len(lead):]
    return text

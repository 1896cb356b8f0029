"""Actors stage: who is mentioned, as CAMEO actors, with in-document coreference.

Resolution is head-driven over the dependency parse. A noun phrase is read from its head:
a lexicon name ("Moscow", "the Taliban"), a person ("Chinese Foreign Minister Wang Yi",
"his Russian counterpart Sergei Lavrov"), or a role noun with its country ("the Russian
Foreign Ministry", "the foreign ministers of Russia and China"). Later short forms ("Lavrov",
"the ministry", "the two ministers") are linked back to the actors already seen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.lexicon import STATE_SECTORS, ActorEntry, ActorLexicon, AgentTerm
from eventwire.model import Actor, Span
from eventwire.nlp import LOCATIVE_PREPS, doc_text, entity_at, named_in_a_stance, sentence_spans

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
        self.text = doc_text(doc)
        self.skip_starts = {s.start for i, s in enumerate(sentence_spans(doc)) if i in skip}
        self.result = ActorMentions()
        self.ids: dict[tuple[str, ...], str] = {}
        self.adjectives: dict[int, str] = {}  # token index -> country, for "Sri Lankan", "South Korean"
        self.names = self._match_names()  # root token index -> (span, entries)
        self.name_root = {t.i: root for root, (span, _) in self.names.items() for t in span}  # any token -> its name's root
        self.people_by_surname: dict[str, str] = {}
        self.role_history: list[str] = []  # role terms in text order, for "the ministry", "the two ministers"
        self.mentioned: set[tuple[str, int, int]] = set()  # (actor id, start, end) already in a mention list

    # -- driver -------------------------------------------------------------------
    def resolve(self) -> ActorMentions:
        for sent in sentence_spans(self.doc):
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
        country = self._token_country(token) \
            if token.i not in self.names and not _is_locative(token) and not named_in_a_stance(token) else None
        if country:
            name = self.lex.country_names.get(country, country)
            reading = Reading(("country", country), name, country, None, "country", country)
            self.result.by_token[token.i] = [self._register(reading, (token.idx, token.idx + len(token.text)))]

    def _is_phrase_head(self, token: Token) -> bool:
        if token.i in self.names:
            # "an anti-Syria journalist": the name says what the person opposes, no actor here
            if named_in_a_stance(token) and token.dep_ in MODIFIER_DEPS:
                return False
            # "the Europe Bridge", "Kabul Airport": part of a structure's name, not an actor
            return not (token.dep_ == "compound" and token.head.pos_ == "PROPN"
                        and token.head.lower_ in STRUCTURE_NAMES)
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
        person = None if self._is_people_noun(head) else self._person_span(head)
        if person is not None:
            return [self._person_reading(head, person, None)], (person.start_char, person.end_char)
        return self._agent_readings(head)

    def _pick(self, entries: list[ActorEntry]) -> ActorEntry:
        """Among entries sharing a name, the office holder of the day, else the first."""
        held = [e for e in entries if e.kind != "person" or e.held_on(self.published)]
        return (held or entries)[0]

    def _person_span(self, head: Token) -> SpacySpan | None:
        if head.ent_type_ in PERSON_LABELS or (head.pos_ == "PROPN" and head.text in self.people_by_surname):
            ent = entity_at(self.doc).get(head.i)
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
        if entry and self._before_term(entry, span):
            sector, role = None, None
        title = self._title_of(head, span)
        generic = entry is not None and title is not None and entry.sector in NON_STATE_SECTORS \
            and title[1] == "GOV" and title[0] in (None, entry.country)
        if title and not generic:  # "their leader" does not make the PKK's leader Turkey's government
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

    def _before_term(self, entry: ActorEntry, name: SpacySpan) -> bool:
        """An office that begins after the article ("California Sen. Kamala Harris" in 2019 is
        not yet vice-president), unless the name itself carries the title ("President Bush")."""
        if not (entry.start and self.published and self.published[: len(entry.start)] < entry.start):
            return False
        return (entry.role or "").split()[-1:] != [t.lower_ for t in name][:1]

    def _title_of(self, head: Token, name: SpacySpan) -> tuple[str | None, str | None, str | None] | None:
        """Country, sector and role from the words around a name: its title or apposition."""
        words = [t for t in head.subtree if t.i < name.start]
        sources = [(words, words)]
        if head.dep_ == "appos":
            sources.append(self._title_tokens(head.head))
        sources += [self._title_tokens(c) for c in head.children if c.dep_ == "appos"]
        if (before := self._title_before_comma(min([name.start, *(t.i for t in words)]))) is not None:
            sources.append(self._title_tokens(before))
        # The role and the country may come from different places: "Major General Yury
        # Yevtushenko, head of the Russian military's centre" -- role before, country after.
        agent = next((a for role_words, _ in sources if (a := self._agent_in(role_words))), None)
        if agent is not None and agent.kind == "organisation":
            # "president of a New York thinktank": the body gives the sector, the person's own
            # title the role.
            held = next((a for role_words, _ in sources if (a := self._agent_in(role_words, "person"))), None)
            agent = AgentTerm(held.term, agent.sector, "person") if held else agent
        for _, tokens in sources:
            country = self._title_country(tokens)
            if country or (agent and tokens is sources[-1][1]):
                sector = agent.sector if agent else None
                group = self._armed_or_party_in(tokens)
                if group is not None:  # "the SDF commander", "a Hezbollah official": the group's, not the state's
                    # ... though "British Isis fighter Jack Letts" keeps the nationality his title gives
                    country = self._title_country([t for t in tokens if self._name_entry(t) is not group]) \
                        or group.country
                    sector = group.sector
                elif (body := self._international_body_in(tokens)) is not None and not self._title_country(
                        [t for t in tokens if self._name_entry(t) is not body]):
                    # "an official with Save the Children", "the UN envoy": the body's, when no state is named
                    country, sector = body.country, sector or body.sector
                else:
                    sector = self.lex.community_sector(tokens_lower(tokens), country, sector)
                    stance = next((STANCE_WORDS[w] for w in tokens_lower(tokens) if w in STANCE_WORDS), None)
                    body = self._state_body_in(tokens, non_state=False)
                    if sector == "GOV" and stance:  # "a spokesman for the opposition Syrian National Commission"
                        sector = stance
                    elif sector == "GOV" and body is not None and body.sector:  # "director general of MI5"
                        sector = body.sector
                    elif sector in STATE_SECTORS and self._national_branch_in(tokens):
                        sector = None  # "the president of Pegida Canada" leads a group, not Canada
                return country, sector, agent.term if agent else None
        return None

    def _title_before_comma(self, start: int) -> Token | None:
        """"Qatar's emir, Sheikh Hamad ...": a title noun just before a comma and a name is the
        name's apposition even where the parser missed it."""
        if start < 2 or self.doc[start - 1].text != ",":
            return None
        title = self.doc[start - 2]
        agent = self.lex.agent(title.lower_)
        if title.pos_ != "NOUN" or title.dep_ == "appos" or agent is None or agent.kind != "person":
            return None
        return title

    def _international_body_in(self, tokens: list[Token]) -> ActorEntry | None:
        for t in tokens:
            entry = self._name_entry(t)
            if entry is not None and entry.kind == "organisation" and entry.country in ("IGO", "NGO"):
                return entry
        return None

    def _name_entry(self, token: Token) -> ActorEntry | None:
        """The lexicon entry of the name a token is part of ("Children" in "Save the Children")."""
        root = self.name_root.get(token.i)
        return None if root is None else self._pick(self.names[root][1])

    def _title_country(self, tokens: list[Token]) -> str | None:
        """The nationality a title gives. Not a region ("Middle East minister") and not a country
        named in full as a noun modifier, which is the portfolio ("Trump's Syria envoy", "Save
        the Children's Syria response director"); "US envoy", "Syrian envoy" are nationalities."""
        for t in tokens:
            root = self.name_root.get(t.i)
            if root is not None and root != t.i:
                continue  # read once, at the name's root
            country = self._token_country(t) if root is None else self._country_of_name(t)
            if not country or country in self.lex.region_codes:
                continue
            if root is not None and self._name_entry(t).kind == "organisation" and _opposed(t):
                continue  # "an attorney for victims of Isis" is not of Isis's country
            span = self.names[root][0] if root is not None else None
            portfolio = span is not None and span.root.dep_ == "compound" and span.root.pos_ == "PROPN" \
                and not _ACRONYM_WORD.match(span.text) and self._pick(self.names[root][1]).kind == "country" \
                and span.root.head.lower_ not in LEADER_TITLES  # "Pakistan President X" is Pakistan's
            if not portfolio:
                return country
        return None

    def _national_branch_in(self, tokens: list[Token]) -> bool:
        """"Pegida Canada", "Amnesty International UK": a country name under an unknown proper
        noun names an organisation's national branch, not the state."""
        for t in tokens:
            root = self.name_root.get(t.i)
            if root != t.i or self._pick(self.names[root][1]).kind != "country":
                continue
            span = self.names[root][0]
            if any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < span.start and c.i not in self.name_root
                   and not self._is_title(c) for c in span.root.children):
                return True
        return False

    def _country_of_name(self, token: Token) -> str | None:
        entry = self._name_entry(token)
        if entry is not None and (entry.kind in ("country", "government", "region") or (
                entry.kind == "organisation" and entry.country)):
            return entry.country
        return None

    def _title_tokens(self, head: Token) -> tuple[list[Token], list[Token]]:
        """An apposition's own words (which give the role) and those words with the phrase that
        says whose office it is (which give the country or body): "a spokesman for Jaish
        al-Islam", "an official with Save the Children", "an adviser to Iran's supreme leader" --
        but not where an envoy is posted ("ambassador to the UN")."""
        own = _phrase_tokens(head)
        agent = self._agent_in(own)
        posted = agent is not None and any(w in agent.term for w in POSTING_ROLES)
        tokens = list(own)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("with", "for", "at", "to") and not (posted and child.lower_ == "to"):
                tokens.extend(_phrase_subtree(child))
        return own, sorted(set(tokens), key=lambda t: t.i)

    def _armed_or_party_in(self, tokens: list[Token]) -> ActorEntry | None:
        """A non-state organisation named in a title or a role noun's modifiers ("SDF commander",
        "Taliban spokesman"): its people belong to it, not to the government of its country."""
        entry = self._state_body_in(tokens, non_state=True)
        return entry

    def _state_body_in(self, tokens: list[Token], non_state: bool) -> ActorEntry | None:
        """The first organisation of a country named in a title, non-state or state bodies, leaving
        out those the person stands against ("anti-Isis coalition", "victims of Isis")."""
        for t in tokens:
            entry = self._name_entry(t)
            if entry is None or entry.kind != "organisation" or not entry.country or len(entry.country) != 3 \
                    or entry.country in ("IGO", "NGO") or (entry.sector in NON_STATE_SECTORS) != non_state:
                continue
            if not _opposed(t):
                return entry
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
        if not countries:
            countries = self._people_country(head, tokens)
        start = min(t.idx for t in tokens)
        span = (start, head.idx + len(head.text))
        if countries:
            of_pp = [t for t in tokens if t.i > head.i]
            if of_pp:
                span = (start, max(t.idx + len(t.text) for t in of_pp))
            group = self._armed_or_party_in(tokens) if agent.kind in ("person", "group") else None
            if group is not None and len(countries) == 1:
                agent = AgentTerm(agent.term, group.sector or agent.sector, agent.kind)
            elif len(countries) == 1:  # "Kurdish officials in north-east Syria"
                sector = self.lex.community_sector(tokens_lower(tokens), countries[0], agent.sector)
                agent = AgentTerm(agent.term, sector or agent.sector, agent.kind)
            # "the president of Pegida Canada": of that country, but not its state.
            sector = None if agent.sector in STATE_SECTORS and self._national_branch_in(tokens) else agent.sector
            readings = [self._agent_reading(head, agent, sector, c, span, many=len(countries) > 1) for c in countries]
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

    def _agent_reading(self, head: Token, agent: AgentTerm, sector: str | None, country: str, span: tuple[int, int],
                       many: bool) -> Reading:
        person = self._person_with(country, sector, agent.term) if agent.kind == "person" else None
        if person and self._inside_phrase_of(head, person):
            person = None  # "X, an adviser to Iran's supreme leader": the leader is someone else
        if person:
            actor = self.result.get(person)
            assert actor is not None
            return Reading(("person", actor.name), actor.name, actor.country, actor.sector, "person", actor.code, actor.role)
        name = f"{agent.term} of {self.lex.country_names.get(country, country)}" if many else _clean_name(self.text, span)
        return Reading(("agent", country, sector or "", agent.term), name, country, sector, agent.kind,
                       country + (sector or ""), agent.term)

    def _is_people_noun(self, head: Token) -> bool:
        """"Serbs", "Albanians": a plural demonym names a people, never one person, whatever the tagger says."""
        return _plural(head) and head.text[:1].isupper() and \
            self.lex.country_of_adjective(head.text) is not None and head.i not in self.names

    def _host_country(self, head: Token, kin: str) -> str | None:
        """The country a people lives in when it is not its kin state's: "Bosnian Serbs" (a country
        adjective before them), "the Albanians of southern Serbia", "ethnic Turks in Bulgaria"."""
        for child in head.lefts:
            if child.dep_ in ("amod", "compound") and not named_in_a_stance(child):
                country = self._token_country(child)
                if country and country != kin and country not in self.lex.region_codes:
                    return country
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in")):
            country = next((c for c in map(self._token_country, prep.subtree) if c), None)
            if country and country != kin and country not in self.lex.region_codes:
                return country
        return None

    def _demonym_reading(self, head: Token) -> tuple[list[Reading], tuple[int, int]]:
        """"Nigerians", "young Algerians": a plural demonym as a phrase head is that country's people."""
        country = self.lex.country_of_adjective(head.text)
        if country and _plural(head) and head.text[:1].isupper():
            host = self._host_country(head, country)
            if host:
                span = (min(t.idx for t in head.subtree), max(t.idx + len(t.text) for t in head.subtree))
                return [Reading(("agent", host, "CVL", ETHNIC_ROLE), _clean_name(self.text, span), host, "CVL", "group",
                                host + "CVL", ETHNIC_ROLE)], span
            if any(c.lower_ == "ethnic" for c in head.lefts):
                span = (min(c.idx for c in head.lefts if c.lower_ == "ethnic"), head.idx + len(head.text))
                name = _clean_name(self.text, span)
                return [Reading(("agent", country, "CVL", ETHNIC_ROLE), name, country, "CVL", "group", country + "CVL",
                                ETHNIC_ROLE)], span
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
                    return _as_former(agent, self.doc[max(0, left + i - 3): left + i])
        # "army bulldozers", "police vehicles": an unknown head takes the role of its modifier.
        for i in range(len(words)):
            agent = self.lex.agent(" ".join(words[i:]))
            if agent:
                return agent
        return None

    def _agent_in(self, tokens: list[Token], kind: str | None = None) -> AgentTerm | None:
        """The longest role term written in a title ("U.S. Secretary of State", "Defence
        Minister"), the rightmost first when two are equally long."""
        words = [t for t in tokens if not t.is_punct]
        for size in range(min(len(words), MAX_ROLE_WORDS), 0, -1):
            for start in range(len(words) - size, -1, -1):
                agent = self.lex.agent(" ".join(t.lower_ for t in words[start: start + size]))
                if agent and (kind is None or agent.kind == kind):
                    first = words[start].i
                    return _as_former(agent, self.doc[max(0, first - 3): first])
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
            if t.i == head.i or named_in_a_stance(t):
                continue  # "an anti-Syria journalist" is not Syrian
            country = self._token_country(t)
            if country and country not in found:
                found.append(country)
        return found

    def _people_country(self, head: Token, tokens: list[Token]) -> list[str]:
        """"Karen guerrillas", "Shona rebels": a people's group belongs to the first of the people's
        countries that the article names, else to the country most of that people lives in."""
        for t in tokens:
            # the tagger often takes "Karen" for a first name; as a role noun's modifier it is the people
            if t.i == head.i or not t.text[:1].isupper() or t.dep_ not in ("compound", "amod", "nmod"):
                continue
            homes = self.lex.people_countries(t.text)
            if homes:
                named = self._article_countries()
                return [next((c for c in homes if c in named), homes[0])]
        return []

    def _article_countries(self) -> set[str]:
        found = {self._pick(entries).country for _, entries in self.names.values()
                 if self._pick(entries).kind in ("country", "government")}
        found |= set(self.adjectives.values())
        found |= {c for t in self.doc if t.text[:1].isupper() and (c := self.lex.country_of_adjective(t.text))}
        return {c for c in found if c}

    def _located_in(self, head: Token) -> tuple[list[str], list[Token]]:
        """Where a role noun's people are: "opposition groups in Zimbabwe", "police in Cairo"."""
        based = [c for c in head.children if c.dep_ == "acl" and c.lower_ in SITUATED_VERBS]  # "a group based in X"
        # "refugees fleeing the civil war in Liberia": people are of the country they flee
        fled = [o for c in head.children if c.dep_ == "acl" and c.lower_ in FLEEING_VERBS
                for o in (c, *(d for d in c.children if d.dep_ == "dobj"))]
        for prep in (c for h in (head, *based, *fled) for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
            words = _phrase_subtree(prep)
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

    def _inside_phrase_of(self, head: Token, actor_id: str) -> bool:
        """Whether a role noun sits in a prepositional phrase of words that already name the actor."""
        crossed = False
        for token in (head, *head.ancestors):
            if crossed and actor_id in self.result.at(token):
                return True
            crossed = crossed or token.dep_ == "pobj"
        return False

    def _person_with(self, country: str, sector: str | None, role: str) -> str | None:
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
        # A set, not `in actor.mentions`: a country named a thousand times must not cost a
        # million comparisons.
        if (actor_id, *span) not in self.mentioned:
            self.mentioned.add((actor_id, *span))
            actor.mentions.append(Span.of(self.text, *span))

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
                    entries = self._misspelt_country(self.doc[i])
                    if entries:
                        found[i] = (self.doc[i: i + 1], entries)
            i += max(size, 1)
        return found

    def _misspelt_country(self, token: Token) -> list[ActorEntry]:
        """A misspelt country name standing alone ("an offer from Afganistan"): that country."""
        if token.pos_ != "PROPN" or token.ent_type_ == "PERSON" or self.lex.country_of_adjective(token.text):
            return []  # "Pakistani" is an adjective spelt right, not "Pakistan" spelt wrong
        country = self.lex.fuzzy_country(token.text)
        if not country:
            return []
        return [e for e in self.lex.lookup(self.lex.country_names.get(country, country)) if e.kind == "country"]


def tokens_lower(tokens: list[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


def _singular(term: str) -> str:
    """"ministers" -> "minister", for matching roles; "press" and "police" stay as they are."""
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


# Sectors whose unnamed members belong to the country the story is about ("police fired",
# "the government said", "protesters rallied"), unlike reporters or aid agencies.
DOMESTIC_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "OPP", "REB", "CVL", "PTY", "LAB", "EDU", "BUS", "MED"}
# Governments and armies of other countries fill international news; only these sectors take
# the article's main country without a place in their own sentence.
INTERNAL_SECTORS = {"COP", "LEG", "JUD", "OPP", "CVL", "PTY", "LAB", "EDU", "MED"}
# Last words of the names of structures and sites: a country, region or city named first is
# part of the name ("the Europe Bridge", "Baghdad Airport", "Tahrir Square").
STRUCTURE_NAMES = {"bridge", "street", "square", "avenue", "road", "highway", "airport", "hotel", "stadium",
                   "station", "park", "tunnel", "dam", "canal", "port", "harbour", "harbor", "hospital"}
# A country named before these titles is the holder's own, never a portfolio ("Syria envoy").
LEADER_TITLES = {"president", "premier", "king", "queen", "emir", "chancellor", "sultan", "monarch"}
FLEEING_VERBS = {"fleeing", "escaping", "displaced", "driven"}
SITUATED_VERBS = {"based", "located", "operating", "stationed", "deployed", "living", "headquartered"}
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Z.]{0,5}$")  # "US", "U.K.": nationality even as a noun modifier
POSTING_ROLES = ("ambassador", "envoy", "representative", "delegate", "consul", "attache", "emissary")
# A word in a title that puts its holder outside the state: "opposition spokesman".
STANCE_WORDS = {"opposition": "OPP", "rebel": "REB", "rebels": "REB", "dissident": "OPP"}
# Heads that make an organisation named under them something a person stands against.
OPPOSED_HEADS = {"victims", "victim", "opponents", "opponent", "enemies", "enemy", "critics", "critic", "survivors",
                 "against", "anti", "fight", "war", "campaign", "coalition", "defectors", "defector"}
# Titles that, without a nationality, almost always mean the office of the country the
# sentence or story is about ("President Bouteflicka threatened a curfew in Algiers").
NATIONAL_OFFICES = frozenset({"president", "vice-president", "vice president", "prime minister", "premier", "king",
                              "queen", "emir", "sultan", "crown prince", "general", "gen", "lt gen", "lt. gen",
                              "maj gen", "maj. gen", "brig gen", "brig. gen", "major general", "lieutenant general",
                              "brigadier general", "army chief", "junta leader",
                              # portfolios and posts that exist only at home
                              "federal minister", "interior minister", "home minister", "opposition leader",
                              # regional and local offices: of the country of the places they govern
                              "governor", "deputy governor", "vice governor", "mayor", "deputy mayor"})
# Organisations whose members are not the state's: "an SDF commander" is SYRREB, not SYRMIL.
NON_STATE_SECTORS = {"REB", "INS", "OPP", "PTY", "SEP", "UAF"}
RANK_AND_FILE = {"soldier", "soldiers", "policeman", "policemen", "police officer", "police officers", "serviceman",
                 "servicemen", "marine", "marines", "paratrooper", "paratroopers", "trooper", "troopers", "conscript",
                 "conscripts", "reservist", "reservists", "guard", "guards"}
MAX_ROLE_WORDS = 5  # "armed forces chief of staff"
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "xcomp", "parataxis"}
FORMER_WORDS = {"former", "formerly", "ex", "ex-", "retired", "onetime", "one-time", "erstwhile"}
FORMER_HOLDER_SECTORS = STATE_SECTORS | {"SPY"}
ETHNIC_ROLE = "ethnic group"  # "ethnic Albanians": coded by where they live, not by the demonym


def assign_home_countries(mentions: ActorMentions, sentence_countries: dict[int, set[str]],
                          sentence_of: dict[str, int], document_country: str | None) -> None:
    """Give unnamed domestic actors a country: the one place country of their sentence, else the
    country the article is mostly about. Nothing is guessed when neither is clear.

    Two more readings follow the CAMEO convention of coding people where they act: a titled
    person the lexicon does not know ("President Abdelaziz Bouteflicka threatened a curfew in
    Algiers") takes the one country named in their sentence, and an ethnic group ("ethnic
    Albanians demonstrated in Serbia") the country of the one place its sentence is set in."""
    named = _countries_named_by_sentence(mentions, sentence_of)
    for actor in mentions.actors:
        sentence = sentence_of.get(actor.id, -1)
        local = sentence_countries.get(sentence, set())
        if actor.role == ETHNIC_ROLE:
            if len(local) == 1 and actor.country not in local:
                country = next(iter(local))
                actor.country, actor.code = country, country + (actor.sector or "")
            continue
        if actor.country or actor.sector not in DOMESTIC_SECTORS:
            continue
        if actor.kind == "person" and actor.sector in INTERNAL_SECTORS and actor.role \
                and _singular(actor.role.lower()) not in NATIONAL_OFFICES:
            # "a journalist has been killed in ... Beirut": an unnamed private person is of the
            # one country their sentence is set in. Not a named one: "Patrick Cockburn" reporting
            # from Syria is no Syrian.
            unnamed = actor.name.lower().endswith(actor.role.lower())
            country = next(iter(local)) if unnamed and len(local) == 1 else None
        elif actor.kind == "person":
            if not actor.role or _singular(actor.role.lower()) not in NATIONAL_OFFICES:
                continue  # "adviser", "attorney general": as often foreign to the story as not
            around = local | named.get(sentence, set())
            country = next(iter(around)) if len(around) == 1 else document_country if not around else None
        elif len(local) == 1:
            country = next(iter(local))
        elif actor.sector in INTERNAL_SECTORS:
            country = document_country
        elif actor.sector in STATE_SECTORS and not local:
            # "President William Ruto said the government was ready to talk": the state its
            # sentence names, when it names one only; a bare "the government" otherwise is the
            # government of the country the article is about.
            states = named.get(sentence, set())
            country = next(iter(states)) if len(states) == 1 else \
                document_country if not states and actor.role == "government" else None
        else:
            country = None
        if country:
            actor.country, actor.code = country, country + (actor.sector or "")


def _countries_named_by_sentence(mentions: ActorMentions, sentence_of: dict[str, int]) -> dict[int, set[str]]:
    """Countries that country and government actors and state office holders name, sentence by sentence."""
    out: dict[int, set[str]] = {}
    for actor in mentions.actors:
        state = actor.kind in ("country", "government") or (actor.kind == "person" and actor.sector in STATE_SECTORS)
        if state and actor.country and len(actor.country) == 3 and actor.country not in ("IGO", "NGO"):
            out.setdefault(sentence_of.get(actor.id, -1), set()).add(actor.country)
    return out


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
            tokens.extend(_phrase_subtree(child))
    return sorted(set(tokens), key=lambda t: t.i)


def _phrase_subtree(token: Token) -> list[Token]:
    """A phrase without the clauses hanging off it: "a volunteer at an aid centre in Ghouta,
    where 500 people were killed by Russian jets" is in Syria, not Russia."""
    out = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            out.extend(_phrase_subtree(child))
    return out


def _as_former(agent: AgentTerm, before: SpacySpan) -> AgentTerm:
    """"former foreign minister", "a retired general", "ex-soldier": someone who no longer
    holds a state office is one of the elite (CAMEO ELI), not the state. `before` is the few
    words in front of the role, where "former" stands."""
    if agent.sector in FORMER_HOLDER_SECTORS and FORMER_WORDS & {t.lower_ for t in before}:
        # CAMEO's elites are former officials; a former private soldier is a civilian.
        return AgentTerm(agent.term, "CVL" if agent.term in RANK_AND_FILE else "ELI", agent.kind)
    return agent


def _is_locative(token: Token) -> bool:
    """"talks in Moscow", "the Baghdad-based coalition": a place named as a place."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ in SITUATED_VERBS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS - {"to", "from"}


def _clean_name(article_text: str, span: tuple[int, int]) -> str:
    text = article_text[span[0]: span[1]]
    for lead in ("the ", "The ", "a ", "A ", "an ", "An ", "his ", "her ", "its ", "their ", "His ", "Her ", "Its ", "Their "):
        if text.startswith(lead):
            return text[len(lead):]
    return text


def _plural(token: Token) -> bool:
    """Plural, trusting the tagger, or a proper noun in -s it tagged singular ("Afghan Tajiks")."""
    return token.tag_ in ("NNS", "NNPS") or (token.tag_ == "NNP" and token.text.endswith("s"))


def _opposed(token: Token) -> bool:
    """Whether a name is what its phrase opposes: "anti-Isis forces", "victims of Isis",
    "the coalition against Isis", "the war on the Taliban"."""
    if named_in_a_stance(token):
        return True
    for ancestor in list(token.ancestors)[:3]:
        if ancestor.lower_ in OPPOSED_HEADS:
            return True
    return False

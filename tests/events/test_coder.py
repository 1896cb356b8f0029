"""Event coding on sentences we wrote, one per behaviour: lexicon roots, argument syntax,
modality, negation and recoding. Each case names the PLOVER type, the CAMEO root, and the
countries that must be among the sources and targets (None: no requirement)."""
from __future__ import annotations

import pytest


def countries(doc, ids):
    out = set()
    for actor_id in ids:
        actor = doc.actor(actor_id)
        if actor and actor.country:
            out.add(actor.country)
    return out


def find(doc, plover_type):
    return [e for e in doc.events if e.plover.type == plover_type]


CASES = [
    # (sentence, plover type, cameo root, sources, targets)
    ("Germany praised Poland for its handling of the refugee crisis.", "SUPPORT", "05", {"DEU"}, {"POL"}),
    ("Japan and South Korea agreed to resume regular security talks.", "AGREE", "03", {"JPN", "KOR"}, None),
    ("Egypt offered to mediate between Israel and Hamas.", "AGREE", "03", {"EGY"}, None),
    ("The Indian prime minister met his Nepali counterpart in Kathmandu on Monday.", "CONSULT", "04", {"IND"}, {"NPL"}),
    ("Turkish officials held talks with Iraqi leaders in Baghdad.", "CONSULT", "04", {"TUR"}, {"IRQ"}),
    ("The French president visited Algeria last week.", "CONSULT", "04", {"FRA"}, {"DZA"}),
    ("Kenya signed a trade agreement with Ethiopia.", "SUPPORT", "05", {"KEN"}, {"ETH"}),
    ("Norway will provide humanitarian aid to Yemen.", "AGREE", "03", {"NOR"}, {"YEM"}),
    ("Sweden sent medical supplies to Ukraine.", "AID", "07", {"SWE"}, {"UKR"}),
    ("Russia released two Ukrainian prisoners.", "RETREAT", "08", {"RUS"}, {"UKR"}),
    ("Israeli troops withdrew from the Gaza Strip.", "RETREAT", "08", {"ISR"}, None),
    ("The European Union lifted sanctions on Venezuela.", "RETREAT", "08", {"IGO"}, {"VEN"}),
    ("The United Nations launched an investigation into abuses by Sudanese soldiers.", "ACCUSE", "09", {"IGO"}, None),
    ("Iran demanded that Britain release the seized tanker.", "REQUEST", "10", {"IRN"}, {"GBR"}),
    ("Canada urged China to free the detained activists.", "REQUEST", "02", {"CAN"}, {"CHN"}),
    ("Pakistan condemned the Indian air strikes.", "ACCUSE", "11", {"PAK"}, {"IND"}),
    ("China accused the United States of interfering in its affairs.", "ACCUSE", "11", {"CHN"}, {"USA"}),
    ("Serbia rejected a Kosovar proposal for new border talks.", "REJECT", "12", {"SRB"}, {"XKX"}),
    ("Hungary refused to sign the migration pact.", "REJECT", "12", {"HUN"}, None),
    ("North Korea threatened to strike South Korea.", "THREATEN", "13", {"PRK"}, {"KOR"}),
    ("Thousands of Chilean students protested against the education reform.", "PROTEST", "14", {"CHL"}, None),
    ("Armenia deployed troops to its border with Azerbaijan.", "MOBILIZE", "15", {"ARM"}, None),
    ("Australia imposed sanctions on Myanmar.", "SANCTION", "16", {"AUS"}, {"MMR"}),
    ("Nigerian police arrested dozens of opposition supporters.", "COERCE", "17", {"NGA"}, None),
    ("Gunmen kidnapped three Italian aid workers in Mali.", "ASSAULT", "18", None, {"ITA"}),
    ("Syrian government forces shelled rebel positions near Aleppo.", "ASSAULT", "19", {"SYR"}, None),
    ("Saudi Arabia carried out air strikes on Yemen.", "ASSAULT", "19", {"SAU"}, {"YEM"}),
    # syntax: passives, participles, relative clauses, coordination, possessives, pronouns
    ("Two Afghan soldiers were killed by Taliban fighters.", "ASSAULT", "19", {"AFG"}, {"AFG"}),
    ("The sanctions imposed on Iran by the United States hurt its economy.", "SANCTION", "16", {"USA"}, {"IRN"}),
    ("The minister, who criticised Russia on Monday, resigned.", "ACCUSE", "11", None, {"RUS"}),
    ("Brazil and Argentina condemned the coup in Bolivia.", "ACCUSE", "11", {"BRA", "ARG"}, None),
    ("Iraq said it would allow weapons inspectors into the country.", "AGREE", "03", {"IRQ"}, None),
    ("Russia's attack on Ukraine drew wide condemnation.", "ASSAULT", "19", {"RUS"}, {"UKR"}),
    ("Moscow criticised the Baltic states.", "ACCUSE", "11", {"RUS"}, None),
    ("Washington said Tehran must stop enriching uranium.", "REQUEST", "10", {"USA"}, {"IRN"}),
    ("Jordan vowed not to return the captured pilots.", "REJECT", "12", {"JOR"}, None),
    ("Hamas said it would attack Israel if the raids continued.", "THREATEN", "13", {"PSE"}, {"ISR"}),
    ("Cuba did not accept the American offer of talks.", "REJECT", "12", {"CUB"}, None),
    ("The opposition party said it would boycott the vote in Chad unless the president resigned.", "THREATEN", "13",
     None, None),
    ("Sudan lifted the curfew in Khartoum.", "CONCEDE", "08", {"SDN"}, {"SDN"}),
    ("Iran said it would close the strait if the United States attacked.", "THREATEN", "13", {"IRN"}, {"USA"}),
    ("The World Bank approved a $2 billion loan programme for Kenya.", "AID", "07", {"IGO"}, {"KEN"}),
    ("Troops fired on protesters in Aleppo.", "ASSAULT", "19", None, {"SYR"}),
    # agentless passives: the state where an arrest or inquiry happens, the forces that move
    ("Two Dutch journalists were arrested in Caracas on Friday.", "COERCE", "17", {"VEN"}, {"NLD"}),
    ("A Belgian businessman has been placed under investigation in Morocco.", "ACCUSE", "09", {"MAR"}, {"BEL"}),
    ("Police in Lagos put three Ghanaian traders under arrest.", "COERCE", "17", {"NGA"}, {"GHA"}),
    ("Fifty Fijian peacekeepers were pulled out of southern Lebanon.", "SANCTION", "16", {"FJI"}, {"LBN"}),
    ("Chadian troops were shipped out of the Central African Republic.", "RETREAT", "08", {"TCD"}, {"CAF"}),
    # holding people: hostages are abducted, prisoners and human shields detained; a month is no march
    ("Militants in Mindanao have held four Indonesian sailors hostage since March.", "ASSAULT", "18", None, {"IDN"}),
    ("Houthi rebels are holding Yemeni villagers as human shields.", "COERCE", "17", None, {"YEM"}),
    ("The junta imposed a media blackout on the capital Bamako.", "COERCE", "17", None, {"MLI"}),
    # the matched object can itself be the target; an unnamed private person is of the place
    ("Khartoum forced the UN children's agency, UNICEF, out of Darfur.", "SANCTION", "16", {"SDN"}, {"IGO"}),
    ("A pro-government blogger was shot dead in a market in central Dhaka.", "ASSAULT", "19", None, {"BGD"}),
    # parties that act together act with each other
    ("Chilean and Peruvian diplomats held talks on the maritime border.", "CONSULT", "04", {"CHL", "PER"},
     {"CHL", "PER"}),
    ("Kenya and Uganda signed a pipeline agreement in Kampala.", "SUPPORT", "05", {"KEN", "UGA"}, {"KEN", "UGA"}),
    # "call for X to act" addresses X; forces massed along a border face the country across it
    ("The African Union called for Sudan to restore civilian rule.", "REQUEST", "02", {"IGO"}, {"SDN"}),
    ("Azerbaijan massed thousands of troops along its border with Armenia.", "MOBILIZE", "15", {"AZE"}, {"ARM"}),
    # a flag or an owner names whose the thing is; an exchange of fire goes both ways
    ("Greece seized a Turkish-flagged freighter off Crete.", "COERCE", "17", {"GRC"}, {"TUR"}),
    ("Indian and Chinese troops clashed in the Galwan valley.", "ASSAULT", "19", {"IND", "CHN"}, {"IND", "CHN"}),
    # insisting on something demands it; insisting that something is so only claims it
    ("Egypt insisted on a full Israeli withdrawal from the Rafah crossing.", "REQUEST", "10", {"EGY"}, None),
    # orders and deadlines to leave
    ("Burundi ordered the UN human rights office to leave the country.", "SANCTION", "16", {"BDI"}, {"IGO"}),
    ("Chad gave the German ambassador 48 hours to leave.", "THREATEN", "13", {"TCD"}, {"DEU"}),
    # receiving: the giver is the doer
    ("Moldova received 300,000 vaccine doses and medical supplies from Romania.", "AID", "07", {"ROU"}, {"MDA"}),
    ("Armenia accepted emergency aid from France after the earthquake.", "AID", "07", {"FRA"}, {"ARM"}),
    # "pro-X" is a stance, not a nationality; a picketed embassy is its government
    ("Hundreds of pro-Kurdish students protested outside the Turkish embassy in Berlin on Friday.", "PROTEST", "14",
     {"DEU"}, {"TUR"}),
]


@pytest.mark.parametrize("sentence,plover,root,sources,targets", CASES, ids=[c[0][:40] for c in CASES])
def test_coder_codes_type_and_dyad(code, sentence, plover, root, sources, targets):
    doc = code(sentence)
    events = find(doc, plover)
    assert events, f"no {plover} event; got {[(e.plover.type, e.cameo, e.trigger.text) for e in doc.events]}"
    assert any(e.cameo.startswith(root) for e in events), [e.cameo for e in events]
    if sources is not None:
        assert any(sources <= countries(doc, e.source) for e in events), [countries(doc, e.source) for e in events]
    if targets is not None:
        assert any(targets <= countries(doc, e.target) for e in events), [countries(doc, e.target) for e in events]


def test_coder_says_nothing_for_plain_statements(code):
    doc = code("The minister said the weather in Paris was pleasant on Friday.")
    assert doc.events == []


def test_coder_needs_a_source(code):
    doc = code("Talks were held on Monday.")
    assert doc.events == []


def test_coder_negation_is_marked(code):
    doc = code("Ukraine said Russian forces did not attack Ukrainian troops near the city.")
    assault = find(doc, "ASSAULT")
    assert assault and assault[0].negated


@pytest.mark.parametrize("sentence,modality", [
    ("Iran could attack American ships in the Gulf.", "hypothetical"),
    ("Will Russia invade Ukraine?", "hypothetical"),
    ("Germany attacked the proposal in parliament.", "asserted"),
    ("Britain plans to impose sanctions on Russia.", "intended"),
])
def test_coder_modality(code, sentence, modality):
    doc = code(sentence)
    assert doc.events, "no event"
    assert doc.events[0].modality == modality


def test_coder_event_fields_follow_the_ontology(code, pipeline):
    doc = code("Iran demanded that Britain release the seized tanker.")
    ontology = pipeline.events.ontology
    for e in doc.events:
        info = ontology.cameo(e.cameo)
        assert (e.plover.type, e.goldstein, e.quad_class) == (info.plover_type, info.goldstein, info.quad_class)
        assert doc.text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_coder_boilerplate_sentences_produce_no_events(code):
    text = ("Syrian forces shelled rebel positions near Idlib on Tuesday, activists said in a statement.\n"
            "Turkey condemns Russian strikes on Syria\n"
            "The shelling killed at least five civilians, according to a monitoring group.")
    doc = code(text)
    flagged = [s.index for s in doc.sentences if s.boilerplate]
    assert flagged and all(e.sentence not in flagged for e in doc.events)


@pytest.mark.parametrize("sentence,plover", [
    ("Kurdish activists staged a protest outside the Turkish embassy.", "PROTEST"),  # lemmatizer says "stag"
    ("Syrian rebels engaged Lebanese troops in a firefight near the border.", "ASSAULT"),
    ("A court in Guyana issued arrest warrants for two Brazilian men.", "COERCE"),
])
def test_coder_vocabulary_reaches_past_lemmatizer_slips_and_light_verbs(code, sentence, plover):
    assert find(code(sentence), plover)


def test_insisting_that_something_is_so_is_no_demand(code):
    doc = code("Turkey insisted the border incident was an accident.")
    assert "REQUEST" not in [e.plover.type for e in doc.events], [(e.plover.type, e.cameo) for e in doc.events]

"""Whether the text presents an event as having happened, and whether it is denied."""
from __future__ import annotations

from spacy.tokens import Token

from eventwire.nlp import sentence_of

INTENT_AUX = {"will", "shall", "'ll", "would", "wo"}
HYPOTHETICAL_AUX = {"could", "might", "may", "can", "should", "must"}
INTENT_VERBS = {"plan", "intend", "want", "seek", "aim", "prepare", "expect", "hope", "try", "going", "set",
                "agree", "offer", "pledge", "promise", "vow", "threaten", "propose", "consider",
                "mean", "wish", "ready", "willing", "likely", "due", "commit", "undertake", "call", "urge"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
NEGATING_VERBS = {"refuse", "decline", "fail", "deny", "reject"}


def governing_chain(token: Token, limit: int = 4) -> list[Token]:
    """The token and the verbs/adjectives that embed it through xcomp/ccomp/conj, innermost first."""
    chain, t = [token], token
    while len(chain) <= limit and t.dep_ in ("xcomp", "ccomp", "conj", "acomp", "advcl") and t.head.i != t.i:
        t = t.head
        chain.append(t)
    return chain


def same_clause_chain(token: Token) -> list[Token]:
    """The token and the verbs it hangs on within its own clause ("would continue to strengthen
    ... and talk"): through xcomp and conj, ending at the first verb that heads a clause."""
    chain, t = [token], token
    while t.dep_ in ("xcomp", "conj") and t.head.i != t.i and len(chain) < 6:
        t = t.head
        chain.append(t)
    return chain


def is_negated(trigger: Token) -> bool:
    """"did not attack", "no talks", "refused to sign"; a conjoined verb shares its head's
    negation ("did not meet or call"), a subordinate clause does not ("will not stand by while
    civilians are shelled")."""
    own = [trigger, trigger.head] if trigger.dep_ == "conj" else [trigger]
    for t in own:
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children):
            return True
        if any(c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children) for c in t.children):
            return True  # "will no longer tolerate"
    parent = trigger.head
    return trigger.dep_ == "xcomp" and parent.lemma_.lower() in NEGATING_VERBS


def modality(trigger: Token, *, complement_of_control: bool = False) -> str:
    """asserted, intended or hypothetical, from auxiliaries, embedding verbs, conditionals and questions."""
    sentence = sentence_of(trigger)
    if sentence.text.rstrip().endswith("?"):
        return "hypothetical"
    for t in governing_chain(trigger):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
            return "hypothetical"
    chain = same_clause_chain(trigger)
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & INTENT_AUX or complement_of_control:
        return "intended"
    for t in chain:
        if t.dep_ in ("xcomp", "ccomp") and t.head.lemma_.lower() in INTENT_VERBS and t.head.i != trigger.i:
            return "intended"
    return "asserted"

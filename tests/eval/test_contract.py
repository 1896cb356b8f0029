"""The contract checker must catch what it claims to catch, or the corpus tests prove nothing."""
import copy

import pytest

from eventwire.eval.contract import contract_problems


@pytest.fixture(scope="module")
def good(code):
    return code("Kenya condemned the attack on its embassy in Mogadishu, the ministry said.").to_dict()


def test_contract_good_document_has_no_problems(good):
    assert good["events"] and contract_problems(good) == []


@pytest.mark.parametrize("breakage,message", [
    (lambda d: d["events"][0]["trigger"].update(start=d["events"][0]["trigger"]["start"] + 1), "does not index"),
    (lambda d: d["events"][0]["source"].append("a999"), "missing actor"),
    (lambda d: d["events"][0].update(place="p999"), "missing place"),
    (lambda d: d["events"][0].update(sentence=99), "missing sentence"),
    (lambda d: d["sentences"][0].update(end=10**6), "outside the text"),
])
def test_contract_checker_catches_broken_promises(good, breakage, message):
    broken = copy.deepcopy(good)
    breakage(broken)
    problems = contract_problems(broken)
    assert any(message in p for p in problems), problems

"""The built-in vocabulary: every concept lets a need and an offer written in different words, and
in the other language, meet; the file is well formed."""

from __future__ import annotations

import pytest

from vaultkit.engines.concepts import _builtin_data
from vaultkit.engines.terms import EXACT, Phrase, Vocabulary, meets, normalize

VOCAB = Vocabulary()
DATA = _builtin_data()


def phrase(text: str) -> Phrase:
    return Phrase(text, VOCAB.full(text), VOCAB.parts(text))


def _plain(terms: list[str]) -> list[str]:
    return [t for t in terms if not t.startswith("~")]


def _pair(cid: str) -> tuple[str, str]:
    """An English need and a French offer of the concept, in other words once normalised."""
    en, fr = _plain(DATA[cid]["en"]), _plain(DATA[cid]["fr"])
    for need in en:
        for offer in fr:
            if normalize(need) != normalize(offer):
                return need, offer
    return en[0], en[-1]


def test_the_vocabulary_is_large_and_bilingual() -> None:
    assert len(DATA) >= 80
    for cid, spec in DATA.items():
        assert spec.get("en") and spec.get("fr"), f"{cid} needs English and French terms"
        assert len(spec["en"]) + len(spec["fr"]) >= 3, cid
        for ref in (*spec.get("also", ()), *spec.get("needers_offer", ())):
            assert ref in DATA, f"{cid} names an unknown concept {ref}"


def test_no_term_is_claimed_by_two_concepts() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for cid, spec in DATA.items():
        for term in (*spec["en"], *spec["fr"]):
            key = normalize(term.lstrip("~"))
            if owner.setdefault(key, cid) != cid:
                clashes.append((term, owner[key], cid))
    assert len(clashes) <= 6, clashes  # a few stems that English and French share (conférence)


@pytest.mark.parametrize("cid", sorted(DATA))
def test_a_need_and_an_offer_in_other_words_and_languages_meet(cid: str) -> None:
    need, offer = _pair(cid)
    assert normalize(need) != normalize(offer) or need == offer
    assert meets(phrase(need), phrase(offer)) == EXACT, (need, offer)
    assert meets(phrase(f"looking for {need}"), phrase(offer)) == EXACT, (need, offer)
    assert meets(phrase(offer), phrase(need)) == EXACT, "the same both ways"

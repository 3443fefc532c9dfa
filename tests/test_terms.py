"""Term normalisation: case, accents, punctuation, plurals, synonyms, URL slugs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.engines.terms import Vocabulary, contains, fold, normalize, stem, tokens, url_words


@pytest.mark.parametrize(("left", "right"), [
    ("investor", "Investors"),
    ("levée de fonds", "levee de fonds"),
    ("Levées de fonds", "levée de fonds"),
    ("cold-chain solutions", "Cold chain solution"),
    ("réseaux", "reseau"),
    ("journaux", "journal"),
    ("companies", "company"),
    ("matches", "match"),
    ("niches", "niche"),
    ("boxes", "box"),
    ("e-commerce", "ecommerce"),
    ("a designer", "The Designer!"),
    ("founders' stories", "founder story"),
    ("l'équipe", "équipe"),
    ("Straße", "strasse"),
])
def test_same_after_normalisation(left: str, right: str) -> None:
    assert normalize(left) == normalize(right) != ""


@pytest.mark.parametrize(("left", "right"), [
    ("investor", "investment"),
    ("design", "designer"),
    ("status", "state"),
    ("seed funding", "funding"),
])
def test_different_terms_stay_different(left: str, right: str) -> None:
    assert normalize(left) != normalize(right)


def test_words_that_end_in_s_but_are_singular_keep_it() -> None:
    assert normalize("business") == "business"
    assert normalize("status") == "status"
    assert normalize("analysis") == "analysis"
    assert normalize("bus") == "bus"


def test_small_words_alone_normalise_to_nothing() -> None:
    assert normalize("the") == ""
    assert normalize("de la") == ""
    assert normalize("  --  ") == ""


def test_vocabulary_maps_synonyms_to_their_canonical_term() -> None:
    vocab = Vocabulary({"fundraising": ["seed funding", "Raising money", "levée de fonds"]})
    assert "fundraising" in vocab.full("Seed Funding")
    assert "fundraising" in vocab.full("levees de fonds")
    assert "fundraising" in vocab.full("Fundraising")
    assert vocab.full("seed funding") & vocab.full("raising money") == {"fundraising"}
    assert vocab.full("cooking") == {"cooking"}


def test_parts_are_the_shorter_runs_of_words_with_their_synonyms() -> None:
    vocab = Vocabulary({"hiring": ["recruiting"]})
    assert vocab.parts("hiring engineers") == {"hiring", "engineer"}
    assert vocab.parts("recruiting engineers") == {"recruiting", "hiring", "engineer"}
    assert vocab.parts("design") == frozenset()
    assert "hiring engineer" in vocab.full("Hiring Engineers")


def test_contains_matches_whole_words_in_order() -> None:
    text = normalize("We talked about cold-chain logistics for farmers")
    assert contains(text, normalize("cold chain"))
    assert contains(text, normalize("farmer"))
    assert not contains(text, normalize("chain cold"))
    assert not contains(text, normalize("farm"))
    assert not contains(text, "")


@pytest.mark.parametrize(("url", "words"), [
    ("https://example.com/blog/2026/11/how-cold-chain-logistics-cuts-food-waste.html?utm=x",
     "how cold chain logistics cuts food waste"),
    ("www.example.org/articles/levée_de_fonds", "levée de fonds"),
    ("https://example.com/p/12345/", ""),
    ("https://example.com/news/a1b2c3d4e5f6a7b8c9/seed-rounds", "seed rounds"),
])
def test_url_words_are_the_slug(url: str, words: str) -> None:
    assert url_words(url) == words


@given(st.text())
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "  " not in once and once == once.strip()
    assert all(c.isalnum() or c == " " for c in once)


@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"]), max_size=30))
def test_stem_is_idempotent_and_never_longer(word: str) -> None:
    root = stem(word)
    assert stem(root) == root
    assert len(root) <= len(word)


@given(st.text())
def test_fold_and_tokens_are_stable(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    words = tokens(text)
    assert tokens(" ".join(words)) == words


@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=12), max_size=3), max_size=4),
       st.text(max_size=40))
def test_vocabulary_never_raises(synonyms: dict[str, list[str]], phrase: str) -> None:
    vocab = Vocabulary(synonyms)
    full = vocab.full(phrase)
    assert (normalize(phrase) in full) if normalize(phrase) else full == frozenset()
    assert vocab.parts(phrase).isdisjoint(full)


@given(st.text(max_size=80))
def test_url_words_never_raises(text: str) -> None:
    url_words("https://example.com/" + text)
    url_words(text)

"""Term normalisation: case, accents, punctuation, plurals, synonyms, URL slugs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.engines import terms
from vaultkit.engines.terms import Vocabulary, containing, contains, fold, normalize, stem, tokens, url_words


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
    ("marketing", "market"),
    ("engineering", "engine"),
    ("status", "state"),
    ("seed funding", "funding"),
])
def test_different_terms_stay_different(left: str, right: str) -> None:
    assert normalize(left) != normalize(right)


def test_words_that_end_in_s_but_are_singular_keep_it() -> None:
    assert normalize("business") == normalize("businesses")
    assert normalize("status") == "status"
    assert normalize("bus") == "bus"
    assert normalize("marketing") == normalize("Marketing's") != normalize("market")


def test_small_words_alone_normalise_to_nothing() -> None:
    assert normalize("the") == ""
    assert normalize("de la") == ""
    assert normalize("  --  ") == ""


def test_the_built_in_vocabulary_gives_phrases_their_concepts() -> None:
    vocab = Vocabulary()
    assert "@fundraising" in vocab.full("Seed Funding")
    assert "@fundraising" in vocab.full("levées de fonds")
    assert vocab.full("seed funding") & vocab.full("angel investment") == {"@fundraising"}
    assert vocab.full("cooking") == {"cook"}


def test_the_synonyms_of_the_config_add_to_a_concept_or_make_a_new_one() -> None:
    vocab = Vocabulary({"fundraising": ["Raising cash"], "sourdough": ["levain", "pain au levain"]})
    assert "@fundraising" in vocab.full("raising cash")
    assert "@fundraising" in vocab.full("seed funding"), "the built-in terms stay"
    assert vocab.full("levain") & vocab.full("pain au levain") == {"@sourdough"}
    assert "@sourdough" not in Vocabulary().full("levain")


def test_the_synonyms_of_the_config_can_take_a_term_out_of_a_concept() -> None:
    vocab = Vocabulary({"angel networks": ["business angels", "angel investment"]})
    assert "@angel_networks" in vocab.full("angel investment")
    assert "@fundraising" not in vocab.full("angel investment")
    assert "@fundraising" in vocab.full("seed funding")


def test_the_meaning_of_a_phrase_ignores_word_order_language_and_qualifiers() -> None:
    vocab = Vocabulary()
    assert "@data_analyst" in vocab.full("recrutement d'un data analyst")
    assert "@data_analyst" in vocab.full("data analyst candidates")
    assert "@data_analyst" in vocab.full("analystes de données")
    assert vocab.full("recruiting") >= {"@hiring", "@job"}, "hiring alone offers a job"


def test_parts_are_the_shorter_runs_of_units_and_never_cut_a_term() -> None:
    vocab = Vocabulary()
    assert {"hire", "@hiring", "engineer"} <= vocab.parts("hiring engineers")
    assert vocab.parts("design") == frozenset()
    assert vocab.parts("garage sale") == frozenset(), "one term: no part of it is a sale"
    assert "hire engineer" in vocab.full("Hiring Engineers")


def test_a_vague_word_stands_for_its_concept_only_among_other_terms() -> None:
    vocab = Vocabulary()
    assert "@fundraising" in vocab.full("levée de fonds seed")
    assert "@fundraising" in vocab.full("seed")
    assert not any(k.startswith("@") for k in vocab.full("seed catalogue") | vocab.parts("seed catalogue"))
    assert "press" not in vocab.parts("bench press")


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
def test_normalize_never_raises_and_gives_clean_words(text: str) -> None:
    once = normalize(text)
    assert "  " not in once and once == once.strip()
    assert all(c.isalnum() or c == " " for c in once)
    assert normalize(text.upper()) == once or not text.isascii()


@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"]), max_size=30))
def test_stem_never_raises_and_is_never_longer(word: str) -> None:
    root = stem(word)
    assert 0 < len(root) <= len(word) or not word


@given(st.text())
def test_fold_and_tokens_are_stable(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    words = tokens(text)
    assert tokens(" ".join(words)) == words


@given(st.text())
def test_tokens_cut_at_anything_but_letters_and_digits(text: str) -> None:
    folded = terms._LETTER_HYPHEN_RE.sub(r"\1", fold(text))
    cleaned = "".join(c if c.isalnum() else " " for c in folded)
    assert tokens(text) == [w for w in cleaned.split() if len(w) > 1]


def test_containing_is_contains_for_any_key() -> None:
    holds = containing(["seed fund", "vc", ""])
    assert holds("rais seed fund now") and holds("vc") and holds("seed fund")
    assert not holds("seed funder") and not holds("vcs") and not holds("")
    for text in ("rais seed fund now", "vc", "seed funder", "vcs", ""):
        assert holds(text) == any(contains(text, k) for k in ["seed fund", "vc", ""])


def test_tokens_of_mixed_text() -> None:
    assert tokens("snake_case e-mail — l’équipe: 2026-11-26, ½ ٣٤ Straße!") == [
        "snake", "case", "email", "equipe", "2026", "11", "26", "٣٤", "strasse"]


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

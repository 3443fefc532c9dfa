"""The quick front-matter reader answers exactly as PyYAML does, or steps aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from vaultkit.notes import plainyaml

from .conftest import sample_folders

# pieces chosen to hit YAML's corners: typed words, numbers, dates, indicators, quotes, links
WORDS = ["Ada", "yes", "No", "on", "OFF", "null", "Null", "~", "true", "y", "n", "1", "0", "007",
         "1_000", "1.5", ".5", "1e5", "0x1F", "-3", "+4", "2026-11-26", "2026-13-45", "1:20",
         "<<", "=", "Acme, Inc.", "C#", "a#b", "x: y", "x:", "http://a.example/b", "[[Ada Lovelace]]",
         "[[Ada|A]]", "it's", 'say "hi"', "Zoë", "東京", "-", "- x", "?", "&a", "*a", "!x", "|", ">",
         "%", "@x", "`x`", "{a: 1}", "[a]", "back\\slash", "tab\there", "a # c", "#tag", "é\u2028x",
         "nbsp\u00a0", "", " ", "EMAIL[HOME]", ".inf", ".nan", "0o17", "0b101", "12:30:00"]
piece = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet="abyYnN01-:,.'\"#[]{}|&* é", min_size=1, max_size=6),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
)


def scalar() -> st.SearchStrategy[str]:
    return st.one_of(piece, piece.map(lambda w: f'"{w}"'), piece.map(lambda w: f"'{w}'"))


def flow() -> st.SearchStrategy[str]:
    return st.lists(scalar(), max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")


line = st.one_of(
    st.tuples(piece, scalar()).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(piece, flow()).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    piece.map(lambda k: f"{k}:"),
    st.tuples(st.sampled_from(["", "  ", "    ", " "]), scalar()).map(lambda iv: f"{iv[0]}- {iv[1]}"),
    st.sampled_from(["", "# a comment", "  ", "key:value", "  nested: 1", "- ", "---x"]),
    piece,
)
document = st.lists(line, max_size=8).map("\n".join)
# mostly plain documents, so that many are answered and compared
key = st.one_of(st.sampled_from(["name", "tags", "a b", "EMAIL[HOME]", "x-y", "yes", "1", "a#b"]),
                st.text(alphabet="abcé_-", min_size=1, max_size=5))
value = st.one_of(st.sampled_from(WORDS), st.text(alphabet="ab yN0:-,.'\"[]#é", max_size=6))
quoted = st.one_of(value, value.map(lambda w: f'"{w}"'), value.map(lambda w: f"'{w}'"))
plain_line = st.one_of(
    st.tuples(key, quoted).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(key, st.lists(quoted, max_size=3)).map(lambda kv: f"{kv[0]}: [{', '.join(kv[1])}]"),
    key.map(lambda k: f"{k}:"),
    st.tuples(st.sampled_from(["", "  "]), quoted).map(lambda iv: f"{iv[0]}- {iv[1]}"),
)
plain_document = st.lists(plain_line, max_size=6).map("\n".join)


def pyyaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=plainyaml.Loader)
    except yaml.YAMLError:
        return "YAML ERROR"


def typed(value: Any) -> Any:
    """The value with every type made visible (``True == 1`` must not pass for equal)."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(document, plain_document))
def test_answers_as_pyyaml_or_steps_aside(text: str) -> None:
    quick = plainyaml.load(text)
    event("answered" if quick is not plainyaml.NOT_PLAIN else "stepped aside")
    if quick is not plainyaml.NOT_PLAIN:
        assert typed(quick) == typed(pyyaml(text))


@pytest.mark.parametrize("text, expected", [
    ("name: Ada\ncadence: 30\n", {"name": "Ada", "cadence": 30}),
    ("date: 2026-11-26\nbirthday: 2026-13-45\n", {"date": "2026-11-26", "birthday": "2026-13-45"}),
    ("tags: []\ninterests: [a, 'b c', \"[[D]]\"]\n", {"tags": [], "interests": ["a", "b c", "[[D]]"]}),
    ("attendees:\n  - \"[[Ada]]\"\n  - Bob\nnote:\n", {"attendees": ["[[Ada]]", "Bob"], "note": None}),
    ("people:\n- Ada\n# comment\n\n- Bob\n", {"people": ["Ada", "Bob"]}),
    ("company: Acme, Inc.\nurl: https://a.example/x\n", {"company": "Acme, Inc.", "url": "https://a.example/x"}),
    ("# only a comment\n", None),
    ("cadence: 1m\nevery: 10d\nv: 3 months\nw: 2026-11-26T10:00\n",
     {"cadence": "1m", "every": "10d", "v": "3 months", "w": "2026-11-26T10:00"}),
    ("tags: [Tokyo, Nancy, online, offline]\n", {"tags": ["Tokyo", "Nancy", "online", "offline"]}),
])
def test_reads_the_plain_subset(text: str, expected: Any) -> None:
    assert plainyaml.load(text) == expected == pyyaml(text)


@pytest.mark.parametrize("text", [
    "active: yes\n", "n: 1.5\n", "a: &x 1\nb: *x\n", "bio: |\n  text\n", "a: b # comment\n",
    "company: [[Acme]]\n", "a:\n  b: 1\n", "a: 'it''s'\n", 'a: "tab\\there"\n', "a: b\n  c\n",
    "010: x\n", "tags: [a, b,]\n", "a:\tb\n", "x: y: z\n", "v: 0b101\n", "v: 12:30\n", "v: .inf\n",
    "v: 1_000\n", "v: Null\n", "v: OFF\n", "v: ~\n", "v: 0x1F\n", "<<: x\n", "v: 1e5\n",
])
def test_steps_aside_for_the_rest(text: str) -> None:
    assert plainyaml.load(text) is plainyaml.NOT_PLAIN


@pytest.mark.parametrize("folder", sample_folders("obsidian"))
def test_real_front_matter_reads_as_pyyaml(folder: Path) -> None:
    """Real vaults: wherever the quick reader answers, PyYAML agrees."""
    answered = 0
    for path in sorted(folder.rglob("*.md")):
        text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
        if not text.startswith("---\n") or "\n---" not in text[3:]:
            continue
        front = text[4 : text.index("\n---", 3) + 1]
        quick = plainyaml.load(front)
        if quick is not plainyaml.NOT_PLAIN:
            answered += 1
            assert typed(quick) == typed(pyyaml(front)), path
    assert answered >= 10


# each control character but the line end, C1 controls, line and paragraph separators, the
# BOM, non-characters and lone surrogates: not for the quick reader
ODD = [*"\x00\x01\x08\x09\x0b\x0c\x0d\x1b\x1f\x7f\x80\x85\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe",
       "\uffff", "\ud800", "\udfff"]


@pytest.mark.parametrize("odd", ODD, ids=[f"U+{ord(c):04X}" for c in ODD])
@pytest.mark.parametrize("around", ["", "é", "東"])  # in ASCII text and in wider text
def test_steps_aside_for_odd_characters(odd: str, around: str) -> None:
    assert plainyaml.load(f"name: A{around}{odd}b\n") is plainyaml.NOT_PLAIN


@pytest.mark.parametrize("char", ["\xa0", "é", "\u2027", "\u202a", "\u200b", "\ue000", "\ufefe", "\uff00",
                                  "\ufffd", "\U0001f600", "東"])
def test_reads_wide_text_that_yaml_prints(char: str) -> None:
    text = f"name: A{char}b\ntags: [x{char}, y]\n"
    assert plainyaml.load(text) == {"name": f"A{char}b", "tags": [f"x{char}", "y"]} == pyyaml(text)

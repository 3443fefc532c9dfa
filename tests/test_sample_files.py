"""tests/data: the real files kept in the repository are the ones its SOURCES.md names, each under a
permissive licence whose text is there, small, and (when the wider corpus is there) unchanged."""

from __future__ import annotations

import re

from .conftest import CORPUS, DATA, SAMPLE_KINDS, needs_corpus

PERMISSIVE = {"MIT": "MIT.txt", "BSD-2-Clause": "BSD-2-Clause.txt", "BSD-3-Clause": "BSD-3-Clause.txt",
              "Apache-2.0": "Apache-2.0.txt"}
ROW = re.compile(r"^\| `([^`]+)` \| ([^ |]+) \| `([^`]+)` \| `([0-9a-f]{7,40})` \| ([^ |]+) \|")


def rows() -> dict[str, tuple[str, str, str, str, str]]:
    """``{kind/file: (kind, repository, path, commit, licence)}`` from SOURCES.md, by section."""
    out, kind = {}, None
    for line in (DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## .*\(`(\w+)/`\)", line)
        if heading:
            kind = heading.group(1)
        match = ROW.match(line)
        if match and kind:
            name, repo, path, commit, licence = match.groups()
            out[f"{kind}/{name}"] = (kind, repo, path, commit, licence)
    return out


def kept() -> set[str]:
    return {f"{kind}/{p.name}" for kind in SAMPLE_KINDS for p in (DATA / kind).iterdir()}


def test_sources_name_every_file_and_only_those() -> None:
    listed = rows()
    assert set(listed) == kept()
    assert {kind for kind, *_ in listed.values()} == set(SAMPLE_KINDS)


def test_every_file_is_under_a_permissive_licence_whose_text_is_there() -> None:
    listed = rows()
    repositories = (DATA / "SOURCES.md").read_text(encoding="utf-8").split("## Repositories", 1)[1]
    for rel, (_kind, repo, _path, _commit, licence) in listed.items():
        assert licence in PERMISSIVE, f"{rel}: {licence}"
        assert not re.search(r"khard|radicale", repo, re.IGNORECASE), rel  # GPL-3.0
        assert "John_Doe" not in rel  # CardMe samples: a licence note of their own
        assert f"| {repo} | " in repositories, f"{repo} is missing from the repositories table"
        text = (DATA / "LICENSES" / PERMISSIVE[licence]).read_text(encoding="utf-8")
        assert licence == "Apache-2.0" or repo in text, f"{repo}: no copyright line in {PERMISSIVE[licence]}"


def test_the_sample_stays_small() -> None:
    size = sum((DATA / rel).stat().st_size for rel in kept())
    assert size < 350_000, f"tests/data holds {size} bytes of samples: keep it to a few hundred KB"


@needs_corpus
def test_every_file_is_a_byte_for_byte_copy_of_the_corpus() -> None:
    for rel in sorted(kept()):
        assert (DATA / rel).read_bytes() == (CORPUS / rel).read_bytes(), rel

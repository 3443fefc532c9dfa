"""Finding the note a user means by a name typed on the command line."""

from __future__ import annotations

import difflib
import unicodedata

from vaultkit.errors import Ambiguous, NotFound
from vaultkit.notes.model import CONTACT, EVENT
from vaultkit.notes.values import link_key, norm_key
from vaultkit.store.index import Index


def find_note(index: Index, name: str, kinds: tuple[str, ...] = (CONTACT, EVENT)) -> str:
    """The path of the one contact or event ``name`` means: exact name, file name or alias
    first, then words that start the same way; a clear error when none or several match."""
    marks = ",".join("?" * len(kinds))
    quick = _exact(index, name, kinds)
    if quick is not None:
        return quick
    rows = index.db.execute(
        f"SELECT k.key, k.path, n.name FROM keys k JOIN notes n ON n.path=k.path "
        f"WHERE n.kind IN ({marks})", kinds).fetchall()
    names = {path: display for _, path, display in rows}
    by_path = _by_path(name, sorted(names))
    if by_path:
        return by_path
    query = norm_key(name.strip())
    if query.endswith(".md") or "/" in query:
        query = link_key(query)
    exact = sorted({path for key, path, _ in rows if key == query})
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _ambiguous(name, exact, names)
    words = query.split()
    partial = sorted({path for key, path, _ in rows if starts_words(key, words)})
    if len(partial) > 1:  # prefer names that start with what was typed
        leading = sorted({path for key, path, _ in rows if path in partial and key.startswith(query)})
        if len(leading) == 1:
            return leading[0]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise _ambiguous(name, partial, names)
    close = difflib.get_close_matches(query, {key for key, _, _ in rows}, n=3, cutoff=0.6)
    suggestion = {names[p] for key, p, _ in rows if key in close}
    hint = f" Did you mean: {', '.join(sorted(suggestion))}?" if suggestion else ""
    what = " or ".join(kinds)
    raise NotFound(f"no {what} named {name!r}.{hint} (`vaultkit list contacts` lists them)")


def _exact(index: Index, name: str, kinds: tuple[str, ...]) -> str | None:
    """The one note of ``kinds`` at the path ``name`` as written, else the one whose name,
    file name or alias is ``name`` (read through the indexes, without every key); None when it
    takes more than that (then ``find_note`` compares every key)."""
    marks = ",".join("?" * len(kinds))
    given = name.strip().replace("\\", "/").removeprefix("./")
    if given.lower().endswith(".md") or "/" in given:
        row = index.db.execute(f"SELECT path FROM notes WHERE path = ? AND kind IN ({marks})",
                               (given, *kinds)).fetchone()
        return row[0] if row else None  # any other spelling of a path: the full comparison
    query = norm_key(name.strip())
    paths = {r[0] for r in index.db.execute(
        f"SELECT k.path FROM keys k JOIN notes n ON n.path = k.path WHERE k.key = ? AND n.kind IN ({marks})",
        (query, *kinds))}
    return paths.pop() if len(paths) == 1 else None


def _by_path(name: str, paths: list[str]) -> str | None:
    """The note whose vault path ``name`` is: as written first, then the same once Unicode
    is normalised (NFC/NFD), then whatever the case; None when it is no one path."""
    given = name.strip().replace("\\", "/").removeprefix("./")
    if not (given.lower().endswith(".md") or "/" in given):
        return None
    nfc = unicodedata.normalize("NFC", given)
    for same in (lambda p: p == given, lambda p: unicodedata.normalize("NFC", p) == nfc,
                 lambda p: unicodedata.normalize("NFC", p).casefold() == nfc.casefold()):
        hits = [p for p in paths if same(p)]
        if len(hits) == 1:
            return hits[0]
    return None


def starts_words(key: str, words: list[str]) -> bool:
    """Every typed word starts a word of the key (``ada lov`` → ``ada lovelace``)."""
    key_words = key.split()
    return all(any(kw.startswith(w) for kw in key_words) for w in words) if words else False


def _ambiguous(name: str, paths: list[str], names: dict[str, str]) -> Ambiguous:
    shown = ", ".join(f"{names[p]} ({p})" for p in paths[:8])
    more = f" and {len(paths) - 8} more" if len(paths) > 8 else ""
    return Ambiguous(f"{name!r} matches several notes: {shown}{more}. Did you mean one of "
                     "them? Type more of the name, or the file name.")

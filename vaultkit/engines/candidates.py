"""The few contacts a topic may concern, found without reading everyone.

Many contacts share the same ``needs``, ``offers``, ``interests``, ``tags`` or ``role``: each
distinct value is tested once, and only the contacts holding a value that passes are read
(``who`` and ``share`` then score them as before). The test must let through every value
the scoring could use: it is a quick filter, never the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from vaultkit.engines.terms import Keyed
from vaultkit.store.index import Index

if TYPE_CHECKING:
    from vaultkit.engines.intros import Terms


def holding(index: Index, terms: Terms, may: Callable[[Keyed], bool], fields: Iterable[str],
            implied_offers: bool = False) -> set[str]:
    """The contacts (the user always among them) with a value of ``fields`` whose phrase
    ``may`` pass; with ``implied_offers``, also those with a need whose implied offer
    (``Terms.implied``: who recruits offers a job) passes. A group of phrases meets keys when
    one of its phrases does: testing each value is testing each list."""
    fields = list(fields)
    columns = [*fields, *(["needs"] if implied_offers and "needs" not in fields else [])]
    passes: dict[str, bool] = {}  # each value once: many lists share their values
    offers: dict[str, bool] = {}

    def direct(item: str) -> bool:
        found = passes.get(item)
        if found is None:
            phrase = terms.item(item)
            found = passes[item] = phrase is not None and may(phrase)
        return found

    def implied(item: str) -> bool:
        found = offers.get(item)
        if found is None:
            found = offers[item] = any(may(x) for x in terms.implied(item))
        return found

    wanted: dict[str, list[str | None]] = {}
    for column, values in index.contact_values(columns).items():
        tests = [*([direct] if column in fields else []), *([implied] if implied_offers and column == "needs" else [])]
        wanted[column] = [text for text, items in values.items() if any(t(i) for t in tests for i in items)]
    return index.contacts_holding(wanted)

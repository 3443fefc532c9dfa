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
    """The contacts (the user always among them) with a value of ``fields`` whose phrases
    ``may`` pass; with ``implied_offers``, also those with a need whose implied offer
    (``Terms.implied``: who recruits offers a job) passes."""
    fields = list(fields)
    columns = [*fields, *(["needs"] if implied_offers and "needs" not in fields else [])]
    wanted: dict[str, list[str | None]] = {}
    for column, values in index.contact_values(columns).items():
        direct = column in fields
        wanted[column] = [
            text for text, items in values.items() if items and (
                (direct and may(terms.group(items)))
                or (implied_offers and column == "needs"
                    and any(may(x) for item in dict.fromkeys(items) for x in terms.implied(item))))]
    return index.contacts_holding(wanted)

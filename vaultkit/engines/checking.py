"""`vaultkit check`: every problem in the vault, one list, for the command and the pre-commit hook.

The notes' own problems, unresolved links, duplicate contacts and copies left by an
interrupted write come from the store (``store/queries.py``); two spellings of one company
from ``engines/companies.py``; placeholders of the user's message templates from
``engines/drafts.py``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from vaultkit.config import CONFIG_DIR

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index


def problems(index: Index, config: Config, today: str, paths: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every problem as ``{path, line, level, message}``, sorted; with ``paths`` (the notes
    being committed), only theirs (the templates are then left out: they are no note)."""
    from vaultkit.engines.companies import company_warnings
    from vaultkit.engines.drafts import template_problems
    from vaultkit.store.queries import check

    if paths is not None and not paths:
        return []
    chosen = None if paths is None else set(paths)
    items = check(index, paths)
    items += [w for w in company_warnings(index, today) if chosen is None or w["path"] in chosen]
    items.sort(key=lambda i: (i["path"], i["line"], i["message"]))
    if chosen is None:
        items += [{"path": f"{CONFIG_DIR}/templates/{name}", "line": line, "level": "error", "message": message}
                  for name, line, message in template_problems(config.templates_dir)]
    return items

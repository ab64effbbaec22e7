"""The store: SQLAlchemy tables, migrations, de-duplication and the Store class.

Names are loaded when first used, so `connectors.store.lite` (the CLI's SQLite import) and the
import code it shares never load SQLAlchemy through this package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connectors.store.dedupe import MatchRules
    from connectors.store.store import LOCAL_OWNER, Store
    from connectors.store.summary import ImportSummary

__all__ = ["LOCAL_OWNER", "ImportSummary", "MatchRules", "Store"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "LOCAL_OWNER"):
        from connectors.store import store

        return getattr(store, name)
    if name == "ImportSummary":
        from connectors.store.summary import ImportSummary

        return ImportSummary
    if name == "MatchRules":
        from connectors.store.dedupe import MatchRules

        return MatchRules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

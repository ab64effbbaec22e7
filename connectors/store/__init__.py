"""The store: SQLAlchemy tables, migrations, de-duplication and the Store class."""

from connectors.store.dedupe import MatchRules
from connectors.store.store import LOCAL_OWNER, ImportSummary, Store

__all__ = ["LOCAL_OWNER", "ImportSummary", "MatchRules", "Store"]

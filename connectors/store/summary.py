"""What one import did: the counts, errors and warnings the pages and the CLI show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    """What one import did. `errors` hold per-row problems and whole-file refusals."""

    import_id: int | None
    file_name: str
    format: str | None
    new: int = 0
    merged: int = 0
    skipped: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: str = "ok"
    error_count: int = 0  # all row errors; `errors` keeps the first clean.MAX_LOGGED

    @property
    def read_anything(self) -> bool:
        return self.new + self.merged + self.skipped + self.updated > 0

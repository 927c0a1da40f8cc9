"""The assessment history: every successful run in SQLite, so the next one can say what changed
and where a client stands among the others.

The database is `history.sqlite3` in the user's data folder (platformdirs), or wherever `--db` or
GENERATOR_DB points. Each row keeps the report itself as JSON, not only its scores, so a later
trend can compare plans and partner health, and fields added to the report later (quadrants)
are stored without a schema change. The schema version is SQLite's `user_version`; MIGRATIONS
are applied in order from the stored version up, inside one transaction each.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from generator.errors import HistoryError
from generator.inputs import AssessmentInput
from generator.report import AssessmentReport
from generator.run import RunInfo

APP_NAME = "partner-readiness"
# Another run recording its result holds the lock for milliseconds.
LOCK_WAIT_S = 5.0

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        organisation TEXT,
        org_key TEXT,
        framework TEXT NOT NULL,
        assessed_on TEXT NOT NULL,
        input_sha256 TEXT NOT NULL,
        drafter TEXT NOT NULL,
        model TEXT,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL,
        out_dir TEXT,
        created_at TEXT NOT NULL,
        generator_version TEXT NOT NULL,
        industry TEXT,
        size_band TEXT,
        overall REAL NOT NULL,
        report TEXT NOT NULL,
        UNIQUE (framework, input_sha256)
    );
    CREATE INDEX assessments_org ON assessments (framework, org_key, assessed_on);
    """,
    # Runs were recorded as "readiness" whatever their framework; the stored report names it.
    """
    UPDATE assessments SET framework = json_extract(report, '$.framework.id')
    WHERE json_valid(report) AND json_extract(report, '$.framework.id') IS NOT NULL
    """,
)
# Partner counts that separate size bands (from the roster, or the count the notes state).
SIZE_BANDS: tuple[tuple[int, str], ...] = ((10, "1-9"), (50, "10-49"), (200, "50-199"))


def default_path() -> Path:
    """GENERATOR_DB, else history.sqlite3 in the user's data folder."""
    env = os.environ.get("GENERATOR_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "history.sqlite3"


def input_digest(data: AssessmentInput) -> str:
    """Hash of the input as loaded: a roster read from a CSV beside the YAML counts, and two
    files that load to the same input are the same assessment."""
    return hashlib.sha256(data.model_dump_json().encode("utf-8")).hexdigest()


def org_key(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) if name else None


def size_band(partners: int | None) -> str | None:
    if not partners:
        return None
    return next((band for limit, band in SIZE_BANDS if partners < limit), "200+")


@dataclass
class Stored:
    """One recorded assessment."""

    id: int
    organisation: str | None
    framework: str
    assessed_on: date
    input_sha256: str
    drafter: str
    model: str | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    out_dir: str | None
    created_at: str
    industry: str | None
    size_band: str | None
    overall: float
    report_json: str

    def report(self) -> AssessmentReport | None:
        """The stored report, or None if an older version wrote one this model cannot read."""
        try:
            return AssessmentReport.model_validate_json(self.report_json)
        except ValidationError:
            return None


_COLUMNS = (
    "id, organisation, framework, assessed_on, input_sha256, drafter, model, prompt_tokens, "
    "completion_tokens, cost_usd, out_dir, created_at, industry, size_band, overall, report"
)


def _row(row: tuple[object, ...]) -> Stored:
    values = list(row)
    values[3] = date.fromisoformat(str(values[3]))
    return Stored(*values)  # type: ignore[arg-type]


class History:
    """An open history database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=LOCK_WAIT_S, isolation_level=None)
            migrate(self._db, path)
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(
                f"cannot open the history database {path} ({exc}); set --db or GENERATOR_DB to "
                "a writable file, or pass --no-history"
            ) from None

    def close(self) -> None:
        self._db.close()

    def record(
        self,
        data: AssessmentInput,
        report: AssessmentReport,
        run: RunInfo,
        out_dir: Path | None,
    ) -> None:
        """Store a run; a rerun of an identical input replaces its earlier record."""
        stored = report.model_copy(update={"trend": None, "benchmark": None})
        values = (
            report.organisation,
            org_key(report.organisation),
            report.framework.id,
            report.assessed_on.isoformat(),
            run.input_sha256 or input_digest(data),
            run.drafter,
            run.model,
            run.prompt_tokens,
            run.completion_tokens,
            run.cost_usd,
            str(out_dir.resolve()) if out_dir is not None else None,
            run.created_at,
            run.generator_version,
            data.industry,
            size_band(report.performance_dashboard.kpis.total_partners),
            report.executive_summary.overall_score,
            stored.model_dump_json(exclude_none=True),
        )
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO assessments (organisation, org_key, framework, "
                "assessed_on, input_sha256, drafter, model, prompt_tokens, completion_tokens, "
                "cost_usd, out_dir, created_at, generator_version, industry, size_band, overall, "
                "report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    def earlier(self, report: AssessmentReport, input_sha256: str) -> list[Stored]:
        """The organisation's other assessments with this one's framework up to its date,
        oldest first; a record of this very input is not an earlier assessment."""
        key = org_key(report.organisation)
        if key is None:
            return []
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM assessments WHERE framework = ? AND org_key = ? "
            "AND assessed_on <= ? AND input_sha256 != ? ORDER BY assessed_on, created_at, id",
            (report.framework.id, key, report.assessed_on.isoformat(), input_sha256),
        ).fetchall()
        return [_row(r) for r in rows]

    def latest_per_organisation(
        self,
        framework: str,
        exclude: str | None,
        industry: str | None = None,
        band: str | None = None,
    ) -> list[Stored]:
        """Each other named organisation's latest assessment with this framework, optionally of
        one industry or size band: the sample a benchmark compares with."""
        query = (
            f"SELECT {_COLUMNS} FROM assessments a WHERE framework = ? AND org_key IS NOT NULL "
            "AND org_key IS NOT ? AND id = (SELECT b.id FROM assessments b WHERE "
            "b.framework = a.framework AND b.org_key = a.org_key "
            "ORDER BY b.assessed_on DESC, b.created_at DESC, b.id DESC LIMIT 1)"
        )
        params: list[object] = [framework, org_key(exclude)]
        if industry is not None:
            query += " AND lower(trim(industry)) = ?"
            params.append(industry.strip().lower())
        if band is not None:
            query += " AND size_band = ?"
            params.append(band)
        return [_row(r) for r in self._db.execute(query, params).fetchall()]

    def listing(self, organisation: str | None = None) -> list[Stored]:
        """Every record (or one organisation's), oldest first."""
        if organisation is None:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM assessments ORDER BY org_key, assessed_on, created_at"
            ).fetchall()
        else:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM assessments WHERE org_key = ? "
                "ORDER BY assessed_on, created_at",
                (org_key(organisation),),
            ).fetchall()
        return [_row(r) for r in rows]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to len(MIGRATIONS), one step at a time; refuse a newer database."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise HistoryError(
                f"the history database {path} has schema version {version}, newer than this "
                f"generator's {len(MIGRATIONS)}; upgrade the generator or point --db elsewhere"
            )
        for step in range(version, len(MIGRATIONS)):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        # PRAGMA takes no parameters; the value is our own integer.
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextlib.contextmanager
def opened(path: Path | None = None) -> Iterator[History]:
    history = History(path or default_path())
    try:
        yield history
    finally:
        history.close()

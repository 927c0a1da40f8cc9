"""SQLite cache of successful model answers, so an identical rerun costs no tokens."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from generator.errors import CacheLockedError, ModelConfigError

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    answer TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_usd REAL
)
"""
# Another process writing the cache holds its lock for milliseconds; one that holds it longer
# is not waited on (the run goes on without the cache rather than stalling).
LOCK_WAIT_S = 1.0


def _locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def cache_key(parts: dict[str, Any]) -> str:
    """Stable key over everything that changes the answer: model, messages, schema, params."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "cache.sqlite3"
        self.skipped: str | None = None  # why a read or write was skipped, if one was
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=LOCK_WAIT_S)
            self._db.execute(SCHEMA)
        except sqlite3.Error as exc:
            if _locked(exc):
                raise CacheLockedError(f"{self.path} is locked by another process") from None
            raise ModelConfigError(
                f"cannot open the response cache at {self.path} ({exc}); set GENERATOR_CACHE_DIR "
                "to a writable folder or pass --no-cache"
            ) from None
        except OSError as exc:
            raise ModelConfigError(
                f"cannot open the response cache at {self.path} ({exc}); set GENERATOR_CACHE_DIR "
                "to a writable folder or pass --no-cache"
            ) from None

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer, or None; an unreadable entry counts as a miss."""
        try:
            row = self._db.execute(
                "SELECT answer, prompt_tokens, completion_tokens, cost_usd FROM responses "
                "WHERE key = ?",
                (key,),
            ).fetchone()
        except sqlite3.Error as exc:
            if _locked(exc):
                self.skipped = f"{self.path} is locked by another process"
            return None
        if row is None:
            return None
        answer, prompt_tokens, completion_tokens, cost = row
        try:
            parsed = json.loads(answer)
        except (TypeError, ValueError):
            return None
        return {
            "answer": parsed,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "cost_usd": cost,
        }

    def put(
        self,
        key: str,
        model: str,
        answer: dict[str, Any],
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: float | None,
    ) -> bool:
        """Store an answer; False if the cache could not be written (the answer is still used:
        a paid-for answer is never lost to a locked or full cache)."""
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        model,
                        time.time(),
                        json.dumps(answer),
                        prompt_tokens,
                        completion_tokens,
                        cost_usd,
                    ),
                )
        except sqlite3.Error as exc:
            if _locked(exc):
                self.skipped = f"{self.path} is locked by another process (answer not cached)"
            return False
        return True

    def close(self) -> None:
        self._db.close()

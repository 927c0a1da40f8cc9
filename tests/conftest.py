"""Shared fixtures: every test runs in its own folder and cannot reach the network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The pipeline runs readiness inputs only, until it takes its framework from the input; an
# example for another framework is checked by that framework's own tests.
EXAMPLE_FILES = [
    path
    for path in sorted(EXAMPLES.glob("*.yaml"))
    if yaml.safe_load(path.read_text(encoding="utf-8")).get("framework", "readiness") == "readiness"
]

MINIMAL = {
    "partner_context": "We have 12 channel partners and a partner portal.",
    "objectives": "Grow partner revenue by 20% next year.",
    "constraints": "One partner manager; no budget for new tools.",
}

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"}):
        return _real_connect(self, address)
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    raise RuntimeError(f"tests may not reach the network (tried {address!r})")


@pytest.fixture(scope="session", autouse=True)
def _user_state_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures run before the per-test isolation below: point the
    history and the cache away from the user's home for them too."""
    folder = tmp_path_factory.mktemp("user-state")
    saved = {name: os.environ.get(name) for name in ("GENERATOR_DB", "GENERATOR_CACHE_DIR")}
    os.environ["GENERATOR_DB"] = str(folder / "history.sqlite3")
    os.environ["GENERATOR_CACHE_DIR"] = str(folder / "cache")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in a temporary folder (reports/ lands there) with the network blocked."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    for name in (
        "GENERATOR_DEBUG",
        "GENERATOR_MODEL",
        "GENERATOR_API_BASE",
        "GENERATOR_MODE",
        "GENERATOR_NO_CACHE",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    # User state (the answer cache, the history) lives in the test's folder; backoff is shortened.
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GENERATOR_DB", str(tmp_path / "history.sqlite3"))
    monkeypatch.setenv("GENERATOR_BACKOFF_BASE", "0.01")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    yield


def write_yaml(folder: Path, text: str, name: str = "input.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path

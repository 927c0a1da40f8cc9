"""Atomic file output: each file appears complete or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from generator.errors import OutputError


def write_outputs(out_dir: str | Path, contents: dict[str, str]) -> dict[str, Path]:
    """Write every file to a temporary name first, then rename them all into place."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file; give a folder for the report")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror}; choose another --out") from None
    staged: dict[str, str] = {}
    try:
        for name, text in contents.items():
            fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
            staged[name] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        paths = {}
        for name, tmp in staged.items():
            os.replace(tmp, out / name)
            paths[name] = out / name
        return paths
    except OSError as exc:
        raise OutputError(f"cannot write the report to {out}: {exc.strerror}") from None
    finally:
        for tmp in staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)

"""Writing a new file whole or not at all, never over an existing one."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from generator.errors import OutputError
from generator.inputs import display_path


def write_new(path: Path, fill: Callable[[Path], object]) -> Path:
    """Have `fill` write a temporary file beside `path`, then link it into place.

    Linking fails when the name exists, so a file that appeared meanwhile is kept, and a
    failed `fill` leaves nothing behind.
    """
    if path.exists():
        raise OutputError(f"{display_path(path)} already exists; choose another name or move it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        # Created with the umask's permissions, as any file the user saves would be.
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise OutputError(f"cannot write {display_path(path)}: {exc.strerror}") from None
    try:
        fill(temp)
        os.link(temp, path)
    except FileExistsError:
        raise OutputError(
            f"{display_path(path)} already exists; choose another name or move it"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {display_path(path)}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)
    return path

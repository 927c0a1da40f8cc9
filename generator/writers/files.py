"""Whole-or-nothing output: a set of files appears complete, from one run, or not at all.

Renaming files into a folder one by one can never be atomic as a set: a kill between two renames
leaves files from two runs side by side. So the whole set is written into a hidden sibling folder,
`.<name>.staging-<token>`, and the two folders are swapped in one step with Linux's
renameat2(RENAME_EXCHANGE). Where the kernel or file system lacks it, the old folder is renamed
aside to `.<name>.old-<token>` and the staged one renamed into place: a kill between those two
renames leaves no folder (never a mixed one), and the next run puts the old folder back first.

Files in the folder that are not part of the set survive: they are hard-linked (copied where a
link is refused) into the staged folder before the swap. Names the set owns (`replaces`) are not
carried over, so a shorter set never keeps a stale file from a longer one. Sub-folders cannot be
linked, so a folder holding one is refused rather than swapped.

Writers of one parent folder take turns under an flock on that folder. Holding it, a run first
clears what killed runs left behind: staged folders, set-aside folders (restored if the folder
itself is missing), and the temporary files of the older file-by-file writer. Files are created
with mode 0666 so the umask decides their permissions, as for any other program's output.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.errors import OutputError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
STAGING = "staging"
SET_ASIDE = "old"


def write_outputs(
    out_dir: str | Path, contents: Mapping[str, str | bytes], replaces: Iterable[str] = ()
) -> dict[str, Path]:
    """Write {file name: text (UTF-8) or bytes} into out_dir as one set; `replaces` names files of earlier sets
    that are dropped when this set does not include them. Returns {file name: path}."""
    out = _target(out_dir)
    owned = set(contents) | set(replaces)
    created = _missing_ancestors(out.parent)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out.parent):
            _clear_leftovers(out)
            _refuse_subfolders(out, owned)
            stage = _sibling(out, STAGING)
            os.mkdir(stage)
            try:
                for name, data in contents.items():
                    _write_file(stage / name, data)
                if out.is_dir():
                    _carry_foreign_files(out, stage, owned)
                    os.chmod(stage, os.stat(out).st_mode & 0o7777)
                _fsync(stage)
                _swap(stage, out)
                _fsync(out.parent)
            finally:
                # After a swap this is the previous folder; after a failure, the partial stage.
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as exc:
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write the report to {out}: {reason}; fix that or choose another --out"
        ) from None
    return {name: Path(out_dir) / name for name in contents}


def _target(out_dir: str | Path) -> Path:
    if not str(out_dir).strip():
        raise OutputError("--out is empty; give a folder for the report, e.g. --out reports/acme")
    out = Path(out_dir).expanduser().resolve()
    here = Path.cwd().resolve()
    if out == out.parent or out == here or out in here.parents:
        raise OutputError(
            f"--out {out_dir} is the current folder or one above it; give a folder of its own"
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out_dir} is a file; give a folder for the report")
    return out


def _missing_ancestors(folder: Path) -> list[Path]:
    """The folders mkdir would create, deepest first, so a failed run can remove them."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        # Some network file systems refuse locks; one writer at a time is then the user's care.
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _sibling(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}-{secrets.token_hex(6)}"


def _leftovers(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.{kind}-"
    return [out.parent / n for n in os.listdir(out.parent) if n.startswith(prefix)]


def _clear_leftovers(out: Path) -> None:
    """Undo what a killed run left: restore a set-aside folder if the folder itself is gone,
    then remove every staged or set-aside folder."""
    aside = _leftovers(out, SET_ASIDE)
    if aside and not out.exists():
        os.rename(aside.pop(), out)
    for folder in aside + _leftovers(out, STAGING):
        shutil.rmtree(folder, ignore_errors=True)


def _refuse_subfolders(out: Path, owned: set[str]) -> None:
    if not out.is_dir():
        return
    for entry in os.scandir(out):
        if not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name in owned:
            raise OutputError(
                f"{out / entry.name} is a folder; move it away or choose another --out"
            )
        raise OutputError(
            f"--out {out} holds the folder {entry.name!r}; give the report a folder of its own"
        )


def _is_old_temp(name: str, owned: set[str]) -> bool:
    """A temporary file of the file-by-file writer this one replaced: `.report.md.XXXX.tmp`."""
    return name.endswith(".tmp") and any(name.startswith(f".{n}.") for n in owned)


def _carry_foreign_files(out: Path, stage: Path, owned: set[str]) -> None:
    for entry in os.scandir(out):
        if entry.name in owned or _is_old_temp(entry.name, owned):
            continue
        try:
            os.link(entry.path, stage / entry.name, follow_symlinks=False)
        except OSError:
            shutil.copy2(entry.path, stage / entry.name, follow_symlinks=False)


def _write_file(path: Path, data: str | bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where renameat2 or RENAME_EXCHANGE is unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}:
        return False
    raise OSError(code, os.strerror(code))


def _swap(stage: Path, out: Path) -> None:
    """Put the staged folder at `out`, leaving the previous folder (if any) at `stage`."""
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        return
    aside = _sibling(out, SET_ASIDE)
    os.rename(out, aside)
    os.rename(stage, out)
    os.rename(aside, stage)

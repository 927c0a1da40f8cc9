"""Debian packages the format tests drive (chromium, chromium-driver, poppler-utils, fonts):
installed with apt-get when missing, so a fresh machine runs the browser and PDF tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

# {a file the package provides: the package}
NEEDED = {
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf": "fonts-liberation",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "fonts-dejavu-core",
}


def _present(name: str) -> bool:
    return Path(name).exists() if name.startswith("/") else shutil.which(name) is not None


@cache
def ensure() -> str | None:
    """Install what is missing; None when all is there, else why it could not be installed."""
    missing = sorted({pkg for name, pkg in NEEDED.items() if not _present(name)})
    if not missing:
        return None
    if os.geteuid() != 0:
        return f"not root, cannot apt-get install {' '.join(missing)}"
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", *missing]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            return f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}"
    return None

"""Model settings: explicit argument, then environment variable, then default."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from generator.errors import ModelConfigError

Mode = Literal["tools", "json", "json_schema", "md_json"]
MODES: tuple[Mode, ...] = ("tools", "json", "json_schema", "md_json")

# Eval cases wait on the model, not the CPU: all at once is fastest, up to this many.
EVAL_MAX_CONCURRENCY = 16

# Providers whose models are usually served locally and rarely support tool calling well.
LOCAL_PREFIXES = ("ollama/", "ollama_chat/", "llamafile/", "lm_studio/", "hosted_vllm/")


@dataclass(frozen=True)
class ModelSettings:
    model: str
    api_base: str | None = None
    mode: Mode | None = None
    temperature: float = 0.2
    max_tokens: int = 8000
    timeout: float = 120.0
    max_attempts: int = 3
    transient_retries: int = 4
    use_cache: bool = True
    cache_dir: Path | None = field(default=None)
    context: int | None = None
    retry_timeouts: bool | None = None

    @property
    def on_private_server(self) -> bool:
        """A server at a loopback or private address (or a local provider's default one)."""
        if self.api_base is None:
            return self.model.startswith(LOCAL_PREFIXES)
        host = urlsplit(self.api_base).hostname or ""
        if host == "localhost" or host.endswith((".local", ".internal", ".lan")):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or address.is_private or address.is_link_local

    @property
    def retries_timeouts(self) -> bool:
        """A single-slot local server keeps computing after the client gives up, so a retried
        timeout queues a second full generation behind the first: not by default there."""
        if self.retry_timeouts is not None:
            return self.retry_timeouts
        return not self.on_private_server

    @property
    def is_local(self) -> bool:
        return self.api_base is not None or self.model.startswith(LOCAL_PREFIXES)

    @property
    def resolved_mode(self) -> Mode:
        """Tool calling for hosted APIs; plain JSON for local servers, unless overridden."""
        if self.mode is not None:
            return self.mode
        return "json" if self.is_local else "tools"


def _env_float(name: str, value: float | None, default: float) -> float:
    if value is not None:
        return value
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ModelConfigError(
            f"{name}={raw!r} is not a number; set a number or unset it"
        ) from None


def _env_int(name: str, value: int | None) -> int | None:
    if value is not None:
        return value
    raw = os.environ.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ModelConfigError(
            f"{name}={raw!r} is not a whole number; set one or unset it"
        ) from None


def resolve(
    model: str | None = None,
    api_base: str | None = None,
    mode: str | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    timeout: float | None = None,
    max_attempts: int | None = None,
    use_cache: bool = True,
    context: int | None = None,
    retry_timeouts: bool | None = None,
) -> ModelSettings | None:
    """Settings from arguments and GENERATOR_* variables; None when no model is configured."""
    chosen = model or os.environ.get("GENERATOR_MODEL") or None
    if chosen is None:
        return None
    base = api_base or os.environ.get("GENERATOR_API_BASE") or None
    chosen_mode = mode or os.environ.get("GENERATOR_MODE") or None
    if chosen_mode is not None and chosen_mode not in MODES:
        raise ModelConfigError(f"mode {chosen_mode!r} is not known; use one of {', '.join(MODES)}")
    settings = ModelSettings(
        model=chosen,
        api_base=base,
        mode=chosen_mode,
        temperature=_env_float("GENERATOR_TEMPERATURE", temperature, 0.2),
        max_tokens=int(_env_float("GENERATOR_MAX_TOKENS", max_tokens, 8000)),
        timeout=_env_float("GENERATOR_TIMEOUT", timeout, 120.0),
        max_attempts=int(_env_float("GENERATOR_MAX_ATTEMPTS", max_attempts, 3)),
        use_cache=use_cache and not os.environ.get("GENERATOR_NO_CACHE"),
        context=_env_int("GENERATOR_CONTEXT", context),
        retry_timeouts=retry_timeouts,
    )
    checks = [
        (
            0 <= settings.temperature <= 2,
            f"--temperature {settings.temperature:g} is out of range; use 0 to 2",
        ),
        # Any positive limit is allowed: a small one is how a cut-off answer is tried on purpose.
        (
            settings.max_tokens >= 1,
            f"--max-tokens {settings.max_tokens} is out of range; use 1 or more (default 8000)",
        ),
        (
            settings.timeout > 0,
            f"--timeout {settings.timeout:g} is out of range; use more than 0 seconds",
        ),
        (
            1 <= settings.max_attempts <= 10,
            f"--max-attempts {settings.max_attempts} is out of range; use 1 to 10",
        ),
        (
            settings.context is None or settings.context > settings.max_tokens,
            f"--context {settings.context} must be larger than --max-tokens "
            f"{settings.max_tokens}; lower --max-tokens or check the server's context size",
        ),
    ]
    for ok, message in checks:
        if not ok:
            raise ModelConfigError(message)
    return settings


def cache_dir(settings: ModelSettings) -> Path:
    if settings.cache_dir is not None:
        return settings.cache_dir
    env = os.environ.get("GENERATOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "partner-readiness"


__all__ = ["EVAL_MAX_CONCURRENCY", "MODES", "Mode", "ModelSettings", "cache_dir", "resolve"]

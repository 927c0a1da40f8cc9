"""The one error hierarchy. Every message says what went wrong and how to fix it."""

from __future__ import annotations

from generator.run import Usage


class GeneratorError(Exception):
    """Base class: the CLI prints the message (one or two lines) and exits with exit_code."""

    exit_code = 2


class InputFileError(GeneratorError):
    """An input file cannot be read: missing, binary, too large, malformed YAML or CSV."""


class InputValidationError(GeneratorError):
    """The input was read but a field is missing, unknown or out of range."""


class ReportFileError(GeneratorError):
    """A report JSON given to `validate` cannot be read or is not a report."""


class ReportInvalidError(GeneratorError):
    """A drafted report failed the validators; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, findings: list[object]) -> None:
        super().__init__(message)
        self.findings = findings


class OutputError(GeneratorError):
    """The report could not be written (permissions, a file where a folder should be)."""


class FormatError(GeneratorError):
    """An output format or theme cannot be used: unknown, its library missing, a bad theme file."""


class HistoryError(GeneratorError):
    """The history database cannot be opened, or was written by a newer version."""


class ModelConfigError(GeneratorError):
    """The model settings are incomplete: a missing API key, an unknown mode, a bad value."""


class CacheLockedError(ModelConfigError):
    """The response cache is locked by another process; the run goes on without it."""


class ModelError(GeneratorError):
    """The model could not produce a valid report. Subclasses say why, for embedders to branch
    on; every one carries what was spent, so the user sees the tokens even when nothing was
    written."""

    exit_code = 1

    def __init__(self, message: str, usage: Usage | None = None) -> None:
        self.usage = usage or Usage(attempts=0)
        super().__init__(message + spent(self.usage))

    @property
    def prompt_tokens(self) -> int:
        return self.usage.prompt_tokens

    @property
    def completion_tokens(self) -> int:
        return self.usage.completion_tokens

    @property
    def attempts(self) -> int:
        return self.usage.attempts

    @property
    def cost_usd(self) -> float | None:
        return self.usage.cost_usd


class ModelHTTPError(ModelError):
    """The server answered with an error status; `body` is the first line of what it said."""

    def __init__(self, message: str, status: int | None, body: str, usage: Usage | None = None):
        super().__init__(message, usage)
        self.status = status
        self.body = body


class ModelAuthError(ModelHTTPError):
    """The server refused the credentials (401/403). Not retried."""


class ModelModeUnsupportedError(ModelHTTPError):
    """The server cannot do the structured-output --mode asked of it. Not retried."""

    def __init__(
        self, message: str, status: int | None, body: str, mode: str, usage: Usage | None = None
    ):
        super().__init__(message, status, body, usage)
        self.mode = mode


class ModelUnreachableError(ModelError):
    """No connection (`dropped` False), or the connection closed mid-answer (`dropped` True)."""

    def __init__(self, message: str, dropped: bool, usage: Usage | None = None) -> None:
        super().__init__(message, usage)
        self.dropped = dropped


class ModelTimeoutError(ModelError):
    """The client stopped waiting after `timeout_s`; the server may still be computing."""

    def __init__(self, message: str, timeout_s: float, usage: Usage | None = None) -> None:
        super().__init__(message, usage)
        self.timeout_s = timeout_s


class ModelTruncatedError(ModelError):
    """The answer was cut off at --max-tokens: raising it can help."""

    def __init__(self, message: str, max_tokens: int, usage: Usage | None = None) -> None:
        super().__init__(message, usage)
        self.max_tokens = max_tokens


class ModelContextError(ModelError):
    """Prompt and answer do not fit the model's context window: raising --max-tokens cannot
    help. `context` is None when the window's size is not known (the server said so)."""

    def __init__(
        self,
        message: str,
        context: int | None,
        prompt_tokens_estimate: int | None,
        usage: Usage | None = None,
    ) -> None:
        super().__init__(message, usage)
        self.context = context
        self.prompt_tokens_estimate = prompt_tokens_estimate


class ModelReasksExhaustedError(ModelError):
    """Every attempt answered, and every answer failed the schema or the validators."""

    def __init__(self, message: str, problems: str, usage: Usage | None = None) -> None:
        super().__init__(message, usage)
        self.problems = problems


def spent(usage: Usage) -> str:
    """What a failed request cost, as counted: answers, calls that got none, tokens, cost."""
    tokens = f"{usage.prompt_tokens + usage.completion_tokens:,} tokens"
    cost = f", ${usage.cost_usd:.4f}" if usage.cost_usd is not None else ""
    if not usage.failed_calls:
        return f" ({usage.attempts} attempt(s), {tokens}{cost})"
    calls = usage.attempts + usage.failed_calls
    parts = [f"{usage.attempts} answered"]
    if usage.timeouts:
        parts.append(f"{usage.timeouts} timed out")
    if usage.failed_calls > usage.timeouts:
        parts.append(f"{usage.failed_calls - usage.timeouts} failed")
    return f" ({calls} call(s): {', '.join(parts)}; {tokens}{cost})"


class FrameworkError(GeneratorError):
    """A framework folder cannot be loaded: the message names the file, the line and the fix."""

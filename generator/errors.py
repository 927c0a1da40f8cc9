"""The one error hierarchy. Every message says what went wrong and how to fix it."""

from __future__ import annotations


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


class ModelConfigError(GeneratorError):
    """The model settings are incomplete: a missing API key, an unknown mode, a bad value."""


class ModelError(GeneratorError):
    """The model could not produce a valid report: attempts exhausted, truncated, refused.

    Carries what was spent, so the user sees the tokens even when nothing was written.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        attempts: int = 0,
        cost_usd: float | None = None,
    ) -> None:
        spent = f" ({attempts} attempt(s), {prompt_tokens + completion_tokens:,} tokens"
        spent += f", ${cost_usd:.4f})" if cost_usd is not None else ")"
        super().__init__(message + spent)
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.attempts = attempts
        self.cost_usd = cost_usd

"""Calling a model for a structured answer: litellm reaches it, instructor shapes each answer.

Two bounded retry layers that never multiply:
- failed calls are classified once, here, by exception type and HTTP status; the transient ones
  (429, 5xx, dropped connections, and timeouts on hosted APIs) back off exponentially with
  jitter, honouring Retry-After, inside the completion call itself;
- an answer that fails the schema or the validators is re-asked by our own loop around single
  instructor calls, with the validator messages but without resending the failed answer (which
  could fill a small context window on its own), up to max_attempts.
Before every call the prompt is measured against the model's context window. litellm's own
retries are off. Every call is counted, answered or not. Successful answers are cached, so an
identical request costs nothing the second time.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import (
    CacheLockedError,
    ModelAuthError,
    ModelConfigError,
    ModelContextError,
    ModelError,
    ModelHTTPError,
    ModelModeUnsupportedError,
    ModelReasksExhaustedError,
    ModelTimeoutError,
    ModelTruncatedError,
    ModelUnreachableError,
)
from generator.run import Usage
from generator.settings import MODES, ModelSettings, cache_dir
from generator.store import ResponseCache, cache_key

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]

MAX_BACKOFF_S = 60.0
TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}
# litellm counts with a GPT tokenizer whatever the model; a local model's tokenizer can need
# more tokens for the same text.
TOKEN_MARGIN = 1.15
REASK_PROBLEMS_CHARS = 4000
# Words a server uses when it cannot do the structured-output parameter it was sent (llama.cpp:
# "Input should be 'text' or 'json_object'"); matched only on error bodies, never on answers.
_MODE_WORDS = ("response_format", "json_schema", "json_object", "tool_choice", "tools")
_UNSUPPORTED_WORDS = ("unsupported", "not supported", "input should be", "not permitted", "unknown")
# A context overflow that litellm did not recognise reaches us as a plain 400 (llama.cpp: "the
# request exceeds the available context size").
_CONTEXT_WORDS = ("context size", "context length", "context window", "exceed context")
# litellm stacks its class names in front of the server's message ("litellm.BadRequestError:
# ContextWindowExceededError: OpenAIException - ..."); one prefix is removed per pass.
_PREFIX = re.compile(r"(?:litellm\.)?[A-Za-z]*(?:Error|Exception)(?::| -) ?")

Kind = Literal[
    "timeout",
    "unreachable",
    "dropped",
    "auth",
    "mode",
    "context",
    "rate_limit",
    "server",
    "refused",
]


@dataclass(frozen=True)
class Failure:
    """A failed call, classified once: what happened, the status and body, and whether to retry."""

    kind: Kind
    status: int | None
    body: str
    retry: bool


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def server_message(exc: BaseException) -> str:
    """The first line of what the server said, without litellm's stacked prefixes."""
    text = str(getattr(exc, "message", None) or exc).strip()
    for _ in range(6):
        match = _PREFIX.match(text)
        if match is None or match.end() == 0:
            break
        text = text[match.end() :].lstrip()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        error = parsed.get("error", parsed)
        detail = error.get("message") if isinstance(error, dict) else error
        text = str(detail or text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return type(exc).__name__
    # A first line that only announces what follows (llama-cpp-python's 500 for an unsupported
    # response_format: "1 validation error:", then the error itself) says nothing alone.
    line = lines[0]
    if line.endswith(":") and len(lines) > 1:
        line = f"{line} {lines[1]}"
    return line[:300]


def classify(exc: BaseException, settings: ModelSettings) -> Failure:
    """One failed litellm call, by exception type and HTTP status."""
    import httpx
    import openai
    from litellm import exceptions as litellm

    status = _status(exc)
    body = server_message(exc)
    lowered = body.lower()
    chain = _chain(exc)
    # Timeout subclasses APIConnectionError in openai's hierarchy, so it is checked first; and
    # litellm reports a failed connection as an InternalServerError (500) caused by one.
    if any(isinstance(e, litellm.Timeout | httpx.TimeoutException) for e in chain):
        return Failure("timeout", None, body, settings.retries_timeouts)
    if any(isinstance(e, openai.APIConnectionError | httpx.TransportError) for e in chain):
        return Failure("unreachable" if _unreachable(chain) else "dropped", None, body, True)
    if isinstance(exc, litellm.ContextWindowExceededError) or (
        status == 400 and any(w in lowered for w in _CONTEXT_WORDS)
    ):
        return Failure("context", status, body, False)
    if isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError) or status in {
        401,
        403,
    }:
        return Failure("auth", status, body, False)
    if (
        status in {400, 422, 500}
        and any(w in lowered for w in _MODE_WORDS)
        and any(w in lowered for w in _UNSUPPORTED_WORDS)
    ):
        return Failure("mode", status, body, False)
    if isinstance(exc, litellm.RateLimitError) or status == 429:
        return Failure("rate_limit", status, body, True)
    if isinstance(
        exc, litellm.ServiceUnavailableError | litellm.InternalServerError | litellm.BadGatewayError
    ) or (status in TRANSIENT_STATUS):
        return Failure("server", status, body, True)
    return Failure("refused", status, body, False)


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _unreachable(chain: list[BaseException]) -> bool:
    """No connection was made at all, as opposed to one that closed mid-answer."""
    import httpx

    if any(isinstance(e, httpx.ConnectError | ConnectionRefusedError) for e in chain):
        return True
    # An exception re-raised without its cause keeps the transport's words.
    text = " ".join(str(e) for e in chain)
    return "Connection refused" in text or "Name or service not known" in text


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait, from Retry-After (seconds) if it sent one."""
    sources = [getattr(exc, "litellm_response_headers", None)]
    response = getattr(exc, "response", None)
    sources.append(getattr(response, "headers", None))
    for headers in sources:
        if not headers:
            continue
        value = headers.get("retry-after") or headers.get("Retry-After")
        if value is None:
            continue
        try:
            return max(0.0, float(value))
        except (TypeError, ValueError):
            return None
    return None


def backoff(attempt: int, exc: BaseException, base: float) -> float:
    """Exponential backoff with full jitter; a Retry-After from the server wins if longer."""
    delay = random.uniform(0, min(MAX_BACKOFF_S, base * 2 ** (attempt - 1)))
    asked = retry_after(exc)
    return min(MAX_BACKOFF_S, max(delay, asked)) if asked is not None else delay


@dataclass
class Meter:
    """Every call of one request: answers with their tokens and cost, and calls without one."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    answers: int = 0
    failures: list[Failure] = field(default_factory=list)
    retries: int = 0

    def add(self, response: Any, cost: float | None) -> None:
        prompt, completion = _tokens(response)
        self.answers += 1
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        if cost is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost

    def usage(self) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cost_usd=self.cost_usd,
            attempts=self.answers,
            failed_calls=len(self.failures),
            timeouts=sum(1 for f in self.failures if f.kind == "timeout"),
        )


def _tokens(response: Any) -> tuple[int, int]:
    usage = getattr(response, "usage", None)
    return (
        int(getattr(usage, "prompt_tokens", 0) or 0),
        int(getattr(usage, "completion_tokens", 0) or 0),
    )


def _import_llm() -> tuple[Any, Any]:
    # No network here for litellm's price map, and its aiohttp transport would bypass the
    # HTTP layer that tests replay; both are set before the (slow) import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("DISABLE_AIOHTTP_TRANSPORT", "True")
    try:
        import instructor
        import litellm
    except ImportError as exc:  # pragma: no cover - both are core dependencies
        raise ModelConfigError(
            f"{exc.name} is not installed; run `pip install -e .` in the project"
        ) from None
    litellm.suppress_debug_info = True
    litellm.drop_params = True
    # Both libraries log each failed attempt; the CLI reports the outcome in one line instead.
    for name in ("instructor", "LiteLLM", "litellm"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return litellm, instructor


def _api_key(litellm: Any, settings: ModelSettings) -> str | None:
    """The key litellm will use; a local server gets a placeholder when none is set."""
    if settings.api_base:
        # A provider's key is never sent to a server the user named by URL; a server that
        # needs one gets GENERATOR_API_KEY.
        return os.environ.get("GENERATOR_API_KEY") or "no-key"
    try:
        status = litellm.validate_environment(model=settings.model)
    except Exception:  # an unknown provider: let the call itself report it
        return None
    missing = status.get("missing_keys") or []
    if missing:
        names = " and ".join(missing)
        raise ModelConfigError(
            f"model {settings.model} needs {names}: export {missing[0]}=... before running, "
            "or use --api-base for a local OpenAI-compatible server"
        )
    return None


def context_window(litellm: Any, settings: ModelSettings) -> int | None:
    """The model's context in tokens: --context, else litellm's model info, else unknown."""
    if settings.context is not None:
        return settings.context
    try:
        info = litellm.get_model_info(settings.model)
    except Exception:  # a model litellm has no card for (every local one): unknown
        return None
    size = info.get("max_input_tokens") or info.get("max_tokens")
    return int(size) if isinstance(size, int) and size > 0 else None


def estimate_prompt_tokens(litellm: Any, kwargs: dict[str, Any]) -> int:
    """Prompt tokens of a request as sent (messages, and any tools or schema), with a margin."""
    text = [str(m.get("content") or "") for m in kwargs.get("messages", [])]
    for extra in ("tools", "response_format"):
        if kwargs.get(extra):
            text.append(json.dumps(kwargs[extra], separators=(",", ":")))
    counted = litellm.token_counter(model="gpt-4o", text="\n".join(text))
    return int(counted * TOKEN_MARGIN) + 4 * len(kwargs.get("messages", []))


def compact_schema_text(kwargs: dict[str, Any], schema: type[BaseModel]) -> None:
    """instructor's JSON modes paste the schema into the system message indented, about a
    fifth of the request; the same schema without the indentation says the same."""
    document = schema.model_json_schema()
    indented = json.dumps(document, indent=2, ensure_ascii=False)
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    for message in kwargs.get("messages", []):
        content = message.get("content")
        if isinstance(content, str) and indented in content:
            message["content"] = content.replace(indented, compact)


@dataclass
class Answer:
    """A structured answer with what it cost."""

    value: Any
    usage: Usage


class ModelClient:
    """One model, its settings, and the retry, accounting and cache rules above."""

    def __init__(
        self, settings: ModelSettings, backoff_base: float | None = None, router: Any = None
    ) -> None:
        self.settings = settings
        # A litellm Router spreads calls over the deployments of settings.model's group.
        self.router = router
        env_base = os.environ.get("GENERATOR_BACKOFF_BASE")
        self.backoff_base = backoff_base if backoff_base is not None else float(env_base or 1.0)

    def request_parts(self, messages: list[Message], schema: type[BaseModel]) -> dict[str, Any]:
        s = self.settings
        return {
            "model": s.model,
            "api_base": s.api_base,
            "mode": s.resolved_mode,
            "messages": messages,
            "schema": schema.model_json_schema(),
            "temperature": s.temperature,
            "max_tokens": s.max_tokens,
        }

    def ask(
        self,
        messages: list[Message],
        schema: type[T],
        checked: type[T] | None = None,
        accept: Callable[[T], bool] = lambda _: True,
    ) -> Answer:
        """An instance of schema. `checked` is a subclass whose validators also run on every
        answer (their messages drive re-asks); `accept` decides whether a cached answer still
        holds."""
        s = self.settings
        cache, note = self._open_cache()
        key = cache_key(self.request_parts(messages, schema))
        try:
            if cache is not None:
                hit = cache.get(key)
                if hit is not None:
                    try:
                        value = schema.model_validate(hit["answer"])
                    except ValidationError:
                        value = None  # written by an older schema: ask again
                    if value is not None and accept(value):
                        return Answer(value, Usage(attempts=0, cached=True))
            value, meter = self._ask(messages, schema, checked or schema)
            if cache is not None:
                cache.put(
                    key,
                    s.model,
                    value.model_dump(mode="json"),
                    meter.prompt_tokens,
                    meter.completion_tokens,
                    meter.cost_usd,
                )
        finally:
            if cache is not None:
                cache.close()
                note = _warn_skipped(cache.skipped)
        usage = meter.usage()
        usage.cache_note = note
        return Answer(value, usage)

    def _open_cache(self) -> tuple[ResponseCache | None, str | None]:
        """The cache, or None and why: a cache held by another process is skipped, not
        waited on, since the run can go on without it."""
        if not self.settings.use_cache:
            return None, None
        try:
            return ResponseCache(cache_dir(self.settings)), None
        except CacheLockedError as exc:
            return None, _warn_skipped(str(exc))

    def _error(self, failure: Failure, meter: Meter) -> ModelError:
        """The typed error for a call that failed, with what the request spent so far."""
        s, usage = self.settings, meter.usage()
        where = s.api_base or "the provider"
        status = f"HTTP {failure.status}" if failure.status else "no status"
        if failure.kind == "timeout":
            return ModelTimeoutError(
                f"no answer within {s.timeout:g} s; raise --timeout, or the server may still be "
                "working on it",
                s.timeout,
                usage,
            )
        if failure.kind == "unreachable":
            return ModelUnreachableError(
                f"could not connect to {where} after {len(meter.failures)} tries; check the "
                "server is running and --api-base is right",
                False,
                usage,
            )
        if failure.kind == "dropped":
            return ModelUnreachableError(
                f"the connection to {where} closed before the answer was complete "
                f"({len(meter.failures)} tries); check the server's log: it may have crashed or "
                "run out of memory",
                True,
                usage,
            )
        if failure.kind == "auth":
            return ModelAuthError(
                f"{s.model} rejected the API key ({status}); check the provider key variable "
                "(e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY, or GENERATOR_API_KEY for --api-base)",
                failure.status,
                failure.body,
                usage,
            )
        if failure.kind == "mode":
            others = " or ".join(f"--mode {m}" for m in MODES if m != s.resolved_mode)
            return ModelModeUnsupportedError(
                f"the server does not support --mode {s.resolved_mode} ({status}: "
                f"{failure.body}); try {others}",
                failure.status,
                failure.body,
                s.resolved_mode,
                usage,
            )
        if failure.kind == "context":
            return ModelContextError(
                f"the model's context window is full: the server refused the prompt ({status}: "
                f"{failure.body}); lower --max-tokens, shorten the input or use a larger context",
                s.context,
                None,
                usage,
            )
        if failure.kind in {"rate_limit", "server"}:
            return ModelHTTPError(
                f"the model API kept failing ({status}: {failure.body}) after "
                f"{len(meter.failures)} tries with backoff; try again later",
                failure.status,
                failure.body,
                usage,
            )
        return ModelHTTPError(
            f"the model call failed ({status}): {failure.body}", failure.status, failure.body, usage
        )

    def _completion(
        self, litellm: Any, meter: Meter, schema: type[BaseModel], context: int | None
    ) -> Callable[..., Any]:
        """litellm.completion, measured against the context, with bounded backoff on transient
        failures, raising typed errors.

        The retry budget is shared by every answer of one request, so validation re-asks and
        transient retries add up (at most max_attempts + transient_retries calls) rather than
        multiply.
        """
        s = self.settings

        def call(*args: Any, **kwargs: Any) -> Any:
            # instructor owns the name max_retries; litellm's (its HTTP client's) is set here.
            kwargs["max_retries"] = 0
            compact_schema_text(kwargs, schema)
            if context is not None:
                needed = estimate_prompt_tokens(litellm, kwargs)
                if needed + s.max_tokens > context:
                    raise ModelContextError(
                        f"the model's context window is full: the prompt needs about "
                        f"{needed:,} tokens and --max-tokens {s.max_tokens:,} more, but the "
                        f"context holds {context:,}; lower --max-tokens, shorten the input or "
                        "give a larger --context",
                        context,
                        needed,
                        meter.usage(),
                    )
            complete = self.router.completion if self.router is not None else litellm.completion
            while True:
                try:
                    return complete(*args, **kwargs)
                except Exception as exc:
                    failure = classify(exc, s)
                    meter.failures.append(failure)
                    if not failure.retry or meter.retries >= s.transient_retries:
                        raise self._error(failure, meter) from None
                    meter.retries += 1
                    time.sleep(backoff(meter.retries, exc, self.backoff_base))

        return call

    def _ask(self, messages: list[Message], schema: type[T], checked: type[T]) -> tuple[T, Meter]:
        litellm, instructor = _import_llm()
        from instructor.core import IncompleteOutputException, InstructorRetryException
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        s = self.settings
        # A router's deployments carry their own keys and bases.
        api_key = _api_key(litellm, s) if self.router is None else None
        meter = Meter()
        context = context_window(litellm, s)
        last: list[Any] = []

        def on_response(response: Any) -> None:
            try:
                cost = litellm.completion_cost(completion_response=response)
            except Exception:  # price unknown for this model: leave cost empty
                cost = None
            meter.add(response, cost)
            last[:] = [response]

        mode = {
            "tools": instructor.Mode.TOOLS,
            "json": instructor.Mode.JSON,
            "json_schema": instructor.Mode.JSON_SCHEMA,
            "md_json": instructor.Mode.MD_JSON,
        }[s.resolved_mode]
        client = instructor.from_litellm(
            self._completion(litellm, meter, checked, context), mode=mode
        )
        client.on("completion:response", on_response)
        kwargs: dict[str, Any] = {
            "model": s.model,
            "temperature": s.temperature,
            "max_tokens": s.max_tokens,
            "timeout": s.timeout,
            "num_retries": 0,
        }
        if s.api_base and self.router is None:
            kwargs["api_base"] = s.api_base
        if api_key:
            kwargs["api_key"] = api_key
        problems = ""
        for attempt in range(1, s.max_attempts + 1):
            sent = messages if attempt == 1 else [*messages, reask_message(problems)]
            # One answer per instructor call: the re-ask is ours (see the module docstring).
            single = Retrying(
                stop=stop_after_attempt(1), retry=retry_if_exception_type(()), reraise=True
            )
            try:
                answer = client.chat.completions.create(
                    response_model=checked, max_retries=single, messages=sent, **kwargs
                )
                return schema.model_validate(answer.model_dump()), meter
            except IncompleteOutputException as exc:
                raise self._cut_off(exc.last_completion, meter, context) from None
            except InstructorRetryException as exc:
                cause = exc.__cause__
                if isinstance(cause, ModelError):
                    raise cause from None
                if not isinstance(cause, ValidationError | ValueError):
                    raise self._error(
                        Failure("refused", None, server_message(cause or exc), False), meter
                    ) from None
                response = last[0] if last else None
                if response is not None and _is_json_error(cause):
                    if self._looks_cut_off(response, context):
                        raise self._cut_off(response, meter, context) from None
                    try:
                        lenient = _lenient_parse(response, checked)
                    except ValidationError as again:
                        cause = again
                    else:
                        if lenient is not None:
                            return schema.model_validate(lenient.model_dump()), meter
                problems = describe_problems(cause)
        raise ModelReasksExhaustedError(
            f"the model's answer still failed validation after {s.max_attempts} attempt(s); "
            f"nothing was written. Last problems: {_first(problems)}",
            problems,
            meter.usage(),
        )

    def _looks_cut_off(self, response: Any, context: int | None) -> bool:
        """An unparsable answer that used every token it could was cut off, whatever the
        finish reason says (llama.cpp reports 'tool_calls' for cut tool arguments)."""
        prompt, completion = _tokens(response)
        if completion and completion >= self.settings.max_tokens:
            return True
        return bool(context and completion and prompt + completion >= context)

    def _cut_off(self, response: Any, meter: Meter, context: int | None) -> ModelError:
        s = self.settings
        prompt, completion = _tokens(response)
        reason = _finish_reason(response)
        # A server lowers the token limit to what fits in its context and stops there, so an
        # answer that stopped short of --max-tokens ran into the context, not the limit.
        context_full = bool(completion and completion < s.max_tokens) or bool(
            context and prompt + completion >= context
        )
        if context_full:
            size = f"{context:,}-token " if context else ""
            return ModelContextError(
                f"the model's context window is full: the answer stopped after {completion:,} of "
                f"--max-tokens {s.max_tokens:,} tokens (finish reason '{reason}') with a "
                f"{prompt:,}-token prompt; raising --max-tokens cannot help: use a larger "
                f"{size}context (the server's context size, and --context) or a shorter input",
                context,
                prompt,
                meter.usage(),
            )
        return ModelTruncatedError(
            f"the model's answer was cut off at --max-tokens {s.max_tokens} (finish reason "
            f"'{reason}'); raise --max-tokens and run again",
            s.max_tokens,
            meter.usage(),
        )


def load_router(path: Path, settings: ModelSettings) -> Any:
    """A litellm Router from a YAML file: litellm's own `model_list` (and optional
    `router_settings`), as in a litellm proxy config. `settings.model` names a model_name group."""
    import yaml

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ModelConfigError(f"cannot read the router config {path}: {exc}") from None
    groups = (
        [m.get("model_name") for m in config.get("model_list") or [] if isinstance(m, dict)]
        if isinstance(config, dict)
        else []
    )
    if not groups:
        raise ModelConfigError(
            f"{path} has no model_list; see the README's router example (model_list: - "
            "model_name: ..., litellm_params: {model: ..., api_key: ...})"
        )
    if settings.model not in groups:
        raise ModelConfigError(
            f"--model {settings.model} is not a model_name in {path}; use one of "
            f"{', '.join(sorted({str(g) for g in groups}))}"
        )
    litellm, _ = _import_llm()
    # Our retry layer owns retries (see the module docstring) unless the config says otherwise.
    options = {"num_retries": 0, **(config.get("router_settings") or {})}
    try:
        return litellm.Router(model_list=config["model_list"], **options)
    except Exception as exc:
        raise ModelConfigError(f"litellm could not build a Router from {path}: {exc}") from None


def _warn_skipped(reason: str | None) -> str | None:
    if reason is None:
        return None
    note = f"response cache skipped: {reason}"
    print(f"warning: {note}; the run went on without it", file=sys.stderr)
    return note


def _finish_reason(response: Any) -> str:
    choices = getattr(response, "choices", None) or [None]
    return str(getattr(choices[0], "finish_reason", None) or "unknown")


def _raw_answer(response: Any) -> str | None:
    """The answer's text as sent: the tool call's arguments, or the message content."""
    choices = getattr(response, "choices", None)
    if not choices:
        return None
    message = choices[0].message
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        arguments = calls[0].function.arguments
        return arguments if isinstance(arguments, str) else None
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None


def _lenient_parse(response: Any, model: type[T]) -> T | None:
    """Grammar-constrained servers put raw newlines inside JSON strings, which strict JSON
    refuses; Python's parser accepts them with strict=False. None when it is not JSON at all;
    a ValidationError when it parses but does not validate."""
    text = _raw_answer(response)
    if text is None:
        return None
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        return None
    return model.model_validate(data)


def _is_json_error(exc: BaseException) -> bool:
    if isinstance(exc, json.JSONDecodeError):
        return True
    if isinstance(exc, ValidationError):
        return any(e["type"] == "json_invalid" for e in exc.errors(include_url=False))
    return type(exc).__name__ == "ResponseParsingError"


def describe_problems(exc: BaseException) -> str:
    """Every problem with an answer, one per line, for the re-ask and the final message."""
    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors(include_url=False):
            message = str(err["msg"]).removeprefix("Value error, ")
            where = ".".join(str(p) for p in err["loc"])
            lines.append(f"{where}: {message}" if where else message)
        return "\n".join(lines)[:REASK_PROBLEMS_CHARS]
    return str(exc).strip()[:REASK_PROBLEMS_CHARS] or type(exc).__name__


def _first(problems: str, limit: int = 3) -> str:
    return "; ".join(problems.splitlines()[:limit])[:1200]


def reask_message(problems: str) -> Message:
    return {
        "role": "user",
        "content": "Your previous answer was not accepted, for these reasons:\n"
        f"{problems}\nAnswer again in full through the requested structured output, fixing "
        "every problem.",
    }

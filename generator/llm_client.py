"""Calling a model for a structured answer: litellm reaches it, instructor shapes the answer.

Two bounded retry layers that never multiply:
- transient API failures (429, 5xx, timeouts, dropped connections) back off exponentially with
  jitter, honouring Retry-After, inside the completion call itself;
- an answer that fails the schema or the validators is re-asked by instructor, with the
  validator messages, up to max_attempts.
litellm's own retries are off. Every attempt's tokens are counted. Successful answers are
cached, so an identical request costs nothing the second time.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ModelConfigError, ModelError
from generator.run import Usage
from generator.settings import ModelSettings, cache_dir
from generator.store import ResponseCache, cache_key

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]

MAX_BACKOFF_S = 60.0
TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}
NOT_RETRIED = (
    "AuthenticationError",
    "PermissionDeniedError",
    "BadRequestError",
    "NotFoundError",
    "ContextWindowExceededError",
    "ContentPolicyViolationError",
    "UnprocessableEntityError",
)


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def is_transient(exc: BaseException) -> bool:
    name = type(exc).__name__
    if name in NOT_RETRIED:
        return False
    if name in {
        "Timeout",
        "APIConnectionError",
        "RateLimitError",
        "ServiceUnavailableError",
        "InternalServerError",
        "BadGatewayError",
        "APITimeoutError",
    }:
        return True
    status = _status(exc)
    return status in TRANSIENT_STATUS


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
    """Tokens, cost and attempts over every answer the model gave."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    answers: int = 0
    transient_failures: list[str] = field(default_factory=list)

    def add(self, response: Any, cost: float | None) -> None:
        usage = getattr(response, "usage", None)
        self.answers += 1
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        if cost is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost

    def error(self, message: str) -> ModelError:
        return ModelError(
            message, self.prompt_tokens, self.completion_tokens, max(self.answers, 1), self.cost_usd
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


@dataclass
class Answer:
    """A structured answer with what it cost."""

    value: Any
    usage: Usage


class ModelClient:
    """One model, its settings, and the retry, accounting and cache rules above."""

    def __init__(self, settings: ModelSettings, backoff_base: float | None = None) -> None:
        self.settings = settings
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
        cache = ResponseCache(cache_dir(s)) if s.use_cache else None
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
        usage = Usage(meter.prompt_tokens, meter.completion_tokens, meter.cost_usd, meter.answers)
        return Answer(value, usage)

    def _completion(self, litellm: Any, meter: Meter) -> Callable[..., Any]:
        """litellm.completion with bounded backoff on transient failures.

        The retry budget is shared by every answer of one request, so validation re-asks and
        transient retries add up (at most max_attempts + transient_retries calls) rather than
        multiply.
        """
        limit = self.settings.transient_retries

        def call(*args: Any, **kwargs: Any) -> Any:
            # instructor owns the name max_retries; litellm's (its HTTP client's) is set here.
            kwargs["max_retries"] = 0
            while True:
                try:
                    return litellm.completion(*args, **kwargs)
                except Exception as exc:
                    used = len(meter.transient_failures)
                    if not is_transient(exc) or used >= limit:
                        raise
                    meter.transient_failures.append(type(exc).__name__)
                    time.sleep(backoff(used + 1, exc, self.backoff_base))

        return call

    def _ask(self, messages: list[Message], schema: type[T], checked: type[T]) -> tuple[T, Meter]:
        litellm, instructor = _import_llm()
        from instructor.core import IncompleteOutputException, InstructorRetryException
        from instructor.core.exceptions import ResponseParsingError
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        s = self.settings
        api_key = _api_key(litellm, s)
        meter = Meter()

        def on_response(response: Any) -> None:
            try:
                cost = litellm.completion_cost(completion_response=response)
            except Exception:  # price unknown for this model: leave cost empty
                cost = None
            meter.add(response, cost)

        mode = {
            "tools": instructor.Mode.TOOLS,
            "json": instructor.Mode.JSON,
            "json_schema": instructor.Mode.JSON_SCHEMA,
            "md_json": instructor.Mode.MD_JSON,
        }[s.resolved_mode]
        client = instructor.from_litellm(self._completion(litellm, meter), mode=mode)
        client.on("completion:response", on_response)
        reask = Retrying(
            stop=stop_after_attempt(s.max_attempts),
            retry=retry_if_exception_type(
                (ValidationError, json.JSONDecodeError, ResponseParsingError)
            ),
            reraise=True,
        )
        kwargs: dict[str, Any] = {
            "model": s.model,
            "messages": messages,
            "temperature": s.temperature,
            "max_tokens": s.max_tokens,
            "timeout": s.timeout,
            "num_retries": 0,
        }
        if s.api_base:
            kwargs["api_base"] = s.api_base
        if api_key:
            kwargs["api_key"] = api_key
        try:
            answer = client.chat.completions.create(
                response_model=checked, max_retries=reask, **kwargs
            )
        except IncompleteOutputException:
            raise meter.error(
                f"the model's answer was cut off at --max-tokens {s.max_tokens} (finish reason "
                "'length'); raise --max-tokens and run again"
            ) from None
        except InstructorRetryException as exc:
            raise self._failure(exc, meter) from None
        except Exception as exc:
            raise self._api_failure(exc, meter) from None
        return schema.model_validate(answer.model_dump()), meter

    def _failure(self, exc: Any, meter: Meter) -> ModelError:
        cause = exc.__cause__
        if isinstance(cause, ValidationError | json.JSONDecodeError) or type(cause).__name__ in {
            "ValidationError",
            "JSONDecodeError",
            "ResponseParsingError",
        }:
            detail = _first_problems(cause)
            return meter.error(
                f"the model's answer still failed validation after {exc.n_attempts} attempt(s); "
                f"nothing was written. Last problems: {detail}"
            )
        if cause is not None and type(cause).__name__ == "IncompleteOutputException":
            return meter.error(
                f"the model's answer was cut off at --max-tokens {self.settings.max_tokens} "
                "(finish reason 'length'); raise --max-tokens and run again"
            )
        return self._api_failure(cause or exc, meter)

    def _api_failure(self, exc: BaseException, meter: Meter) -> ModelError:
        name = type(exc).__name__
        status = _status(exc)
        if name == "AuthenticationError" or status == 401:
            return meter.error(
                f"{self.settings.model} rejected the API key (401); check the provider key "
                "variable (e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY)"
            )
        if is_transient(exc) and _unreachable(exc):
            where = self.settings.api_base or "the provider"
            return meter.error(
                f"could not connect to {where} after {len(meter.transient_failures) + 1} tries; "
                "check the server is running and --api-base is right"
            )
        if is_transient(exc):
            tries = len(meter.transient_failures) + 1
            return meter.error(
                f"the model API kept failing ({name}, HTTP {status or 'n/a'}) after {tries} "
                "tries with backoff; try again later"
            )
        message = str(exc).splitlines()[0][:300] if str(exc) else name
        return meter.error(f"the model call failed ({name}): {message}")


def _unreachable(exc: BaseException) -> bool:
    chain: list[BaseException | None] = [exc, exc.__cause__, exc.__context__]
    text = " ".join(f"{type(e).__name__} {e}" for e in chain if e is not None)
    return any(
        word in text
        for word in (
            "Connection refused",
            "Connection error",
            "ConnectError",
            "APIConnectionError",
            "Name or service not known",
        )
    )


def _first_problems(exc: BaseException, limit: int = 3) -> str:
    if isinstance(exc, ValidationError):
        problems = []
        for err in exc.errors(include_url=False)[:limit]:
            message = str(err["msg"]).removeprefix("Value error, ")
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: {message}" if where else message)
        return "; ".join(problems)[:1200]
    return str(exc).splitlines()[0][:400]

"""The one vcrpy configuration used to record and to replay model traffic."""

from __future__ import annotations

from typing import Any

import vcr

# Every header or query parameter a provider uses for credentials (OpenAI, Azure, Anthropic,
# Gemini, Bedrock, generic gateways).
SECRET_HEADERS = [
    "authorization",
    "proxy-authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "anthropic-api-key",
    "x-goog-api-key",
    "x-amz-security-token",
    "cookie",
    "set-cookie",
]
SECRET_QUERY = ["key", "api_key", "api-key", "access_token", "token", "sig"]


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def recorder(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path", "body"],
        filter_headers=SECRET_HEADERS,
        filter_query_parameters=SECRET_QUERY,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )

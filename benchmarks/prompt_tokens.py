"""Prompt tokens per example: the project's estimate and, if litellm imports, its count.

Usage: python benchmarks/prompt_tokens.py [--model gpt-4o-mini] [--roster N ...]

The estimate is what `generator run --model ...` reports before sending (characters / 4);
litellm's token_counter uses the model's tokenizer (tiktoken for OpenAI models). The schema
instructor sends with the request (tools or JSON instructions) is counted separately, since it
is the same for every input. --roster adds synthetic rosters of N partners, to show how the
prompt grows with the roster.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from make_roster import write
from timing import ROOT


def _counter(model: str) -> Any:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError:
        return None
    return lambda **kw: litellm.token_counter(model=model, **kw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="gpt-4o-mini", help="tokenizer for litellm's count")
    parser.add_argument("--roster", type=int, nargs="*", default=[], metavar="N")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generator.api import render_prompt
    from generator.drafting.narrative import Narrative

    count = _counter(args.model)
    who = f"litellm ({args.model})" if count else "litellm not importable"
    print(f"{'input':<32} {'chars':>8} {'estimate':>9} {who:>24}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = sorted((ROOT / "examples").glob("*.yaml"))
        inputs += [write(n, Path(tmp)) for n in args.roster]
        for path in inputs:
            messages, estimate = render_prompt(path)
            chars = sum(len(m["content"]) for m in messages)
            counted = f"{count(messages=messages):,}" if count else "-"
            print(f"{path.stem:<32} {chars:>8,} {estimate:>9,} {counted:>24}")
    schema = json.dumps(Narrative.model_json_schema())
    counted = f"{count(text=schema):,}" if count else "-"
    print(
        f"{'+ response schema (each call)':<32} {len(schema):>8,} {len(schema) // 4:>9,} {counted:>24}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

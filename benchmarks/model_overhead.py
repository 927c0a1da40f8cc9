"""What the generator adds to a model call: `generator run --model` against a bare call.

Usage: python benchmarks/model_overhead.py [--example PATH] [--repeat N]

Both sides send the same request (the generator's own messages, the Narrative schema, JSON
mode, the same temperature and token limit) to the same local fake OpenAI-compatible server
(tests/fake_llm.py), which answers at once with a valid narrative. Each side runs as a fresh
process, imports included, as a user would run it:

- model path: `python -m generator run EXAMPLE --model openai/fake --api-base URL --no-cache`
  (load, analyse, prompt, call, validators, assemble, write the three files);
- bare call: a script that imports instructor and litellm and makes the one call.

The difference is the generator's overhead on the model path; no network is used.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from timing import ROOT, generator_cmd, interleaved

BARE = """
import json, os, sys
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("DISABLE_AIOHTTP_TRANSPORT", "True")
import instructor, litellm
from generator.drafting.narrative import Narrative
request = json.load(open(sys.argv[1]))
client = instructor.from_litellm(litellm.completion, mode=instructor.Mode.JSON)
client.chat.completions.create(response_model=Narrative, max_retries=1, **request)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", type=Path, default=ROOT / "examples/services_firm.yaml")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (median)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generator.api import assess, render_prompt
    from tests.fake_llm import fake_server, good, narrative_from

    messages, _ = render_prompt(args.example)
    narrative = narrative_from(assess(args.example, write=False).report)
    with tempfile.TemporaryDirectory() as tmp, fake_server(good(narrative)) as server:
        request = {
            "model": "openai/fake",
            "messages": messages,
            "api_base": server.api_base,
            "api_key": "fake",
            "temperature": 0.2,
            "max_tokens": 8000,
            "num_retries": 0,
        }
        request_file = Path(tmp, "request.json")
        request_file.write_text(json.dumps(request), encoding="utf-8")
        run = generator_cmd(
            "run", str(args.example), "--out", f"{tmp}/out", "--quiet",
            "--model", "openai/fake", "--api-base", server.api_base, "--no-cache",
        )  # fmt: skip
        bare_call = [sys.executable, "-c", BARE, str(request_file)]
        bare, full = interleaved([bare_call, run], args.repeat, env={"GENERATOR_CACHE_DIR": tmp})
        # The bare script makes exactly one call per run; the rest are the generator's.
        model_calls = len(server.requests) - args.repeat
    print(
        f"example: {args.example.name}, median of {args.repeat}, fake server at {server.api_base}"
    )
    print(f"{'bare instructor + litellm call':<34} {bare.seconds:>7.3f} s {bare.peak_mb:>6.0f} MB")
    print(f"{'generator run --model (full)':<34} {full.seconds:>7.3f} s {full.peak_mb:>6.0f} MB")
    overhead = full.seconds - bare.seconds
    print(
        f"{'overhead':<34} {overhead:>7.3f} s ({overhead / bare.seconds:+.0%}); "
        f"model calls per run: {model_calls / args.repeat:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

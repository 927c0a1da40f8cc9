"""Record the model-traffic cassettes that tests/test_cassettes.py replays.

    python tests/record_cassettes.py                         # against the local fake server
    python tests/record_cassettes.py --model openai/gpt-4o-mini [--example FILE ...]

The second form calls the real provider (its key comes from the usual variable, e.g.
OPENAI_API_KEY) and costs tokens. Keys and auth headers are filtered out of every cassette.
Each cassette has a .json sidecar saying how to replay it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASSETTES = ROOT / "tests" / "cassettes"
FAKE_PORT = 18080  # fixed so the recorded URLs replay; nothing listens there at replay time


def record(example: Path, model: str, api_base: str | None, name: str) -> Path:
    from generator.api import assess
    from generator.drafting.llm import LLMDrafter
    from generator.settings import ModelSettings
    from tests.cassette_setup import recorder

    settings = ModelSettings(model=model, api_base=api_base, use_cache=False)
    path = CASSETTES / f"{name}.yaml"
    path.unlink(missing_ok=True)
    with recorder("all").use_cassette(str(path)):
        result = assess(example, drafter=LLMDrafter(settings), write=False)
    meta = {
        "example": example.name,
        "model": model,
        "api_base": api_base,
        "attempts": result.run.attempts,
        "overall_score": result.report.executive_summary.overall_score,
    }
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a real litellm model string (costs tokens)")
    parser.add_argument("--api-base", help="base URL, for a real local server")
    parser.add_argument(
        "--example", action="append", type=Path, help="example input(s) to record (default: all)"
    )
    args = parser.parse_args()
    os.environ.setdefault("GENERATOR_CACHE_DIR", tempfile.mkdtemp())
    os.environ["DISABLE_AIOHTTP_TRANSPORT"] = "True"
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    examples = args.example or sorted((ROOT / "examples").glob("*.yaml"))
    if args.model:
        slug = re.sub(r"[^a-z0-9]+", "-", args.model.lower()).strip("-")
        for example in examples:
            print(record(example, args.model, args.api_base, f"live-{slug}-{example.stem}"))
        return 0
    from generator.drafting.engine import draft_report
    from generator.evidence import analyse
    from generator.inputs import load_input
    from tests.fake_llm import answer, fake_server, good, narrative_from

    for example in examples:
        narrative = narrative_from(draft_report(analyse(load_input(example))))
        # One bad answer first, so the replay covers a validator-driven re-ask too.
        bad = narrative.model_dump(mode="json")
        facts = analyse(load_input(example))
        # Off the scale on a dimension the model scores (code keeps a ratings-fixed score, so
        # where ratings fix every one, the plan goes missing instead).
        judged = [d for d in bad["dimensions"] if facts.dimension(d["dimension"]).basis != "ratings"]
        if judged:
            judged[0]["score"] = 9.0
        else:
            del bad["plan"]
        with fake_server(answer(bad), good(narrative), port=FAKE_PORT) as server:
            print(record(example, "openai/fake-model", server.api_base, f"fake-{example.stem}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

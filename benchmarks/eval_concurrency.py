"""Wall time of `eval --model` over every case against a fake server that takes 1 s per answer,
with the default concurrency (every case at once, up to 16) and with --concurrency 4 and 1.

    PYTHONPATH=. python benchmarks/eval_concurrency.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LATENCY_S = 1.0


def main() -> int:
    os.environ["GENERATOR_CACHE_DIR"] = tempfile.mkdtemp()
    os.environ["DISABLE_AIOHTTP_TRANSPORT"] = "True"
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    from generator.cli import main as cli
    from generator.drafting.engine import draft_report
    from generator.evaluation.cases import find_cases, load_case
    from generator.evidence import analyse
    from generator.llm_client import _import_llm
    from tests.fake_llm import Reply, answer, fake_server, narrative_from, slow

    _import_llm()  # the first import takes seconds; keep it out of the timings
    narratives: dict[str, Any] = {}
    for path in find_cases([], ROOT):
        case = load_case(path, ROOT)
        narrative = narrative_from(draft_report(analyse(case.data)))
        narratives[json.dumps(case.data.organisation or path.stem)] = narrative

    def step(body: dict[str, Any]) -> Reply:
        text = body["messages"][-1]["content"]
        notes = text.split("## CLIENT NOTES", 1)[1]
        key = next(k for k in narratives if f'"organisation": {k}' in notes)
        return answer(narratives[key].model_dump(mode="json"))(body)

    with fake_server(slow(LATENCY_S, step)) as server:
        for extra in ([], ["--concurrency", "4"], ["--concurrency", "1"]):
            out = tempfile.mkdtemp()
            args = ["eval", "--model", "openai/fake", "--api-base", server.api_base]
            started = time.perf_counter()
            cli([*args, "--no-cache", "--quiet", "--out", out, *extra])
            label = " ".join(extra) or "default (all at once)"
            print(f"{len(narratives)} cases, {label}: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where the time goes: `python -m bench.hotspots [--size N] [--build]` (needs pyinstrument).

Profiles warm `Bot.reply` calls over the dev-set turns on the default corpus, or on a
synthetic corpus of N passages; `--build` profiles building that corpus's index instead.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from bench.paths import default_eval_path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hotspots")
    parser.add_argument("--size", type=int, default=0, help="synthetic corpus size (0: default)")
    parser.add_argument("--build", action="store_true", help="profile the index build")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to profile replies")
    parser.add_argument("--eval", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument is missing: pip install pyinstrument") from None

    from bench.synthetic import synthetic_passages
    from bench.workload import load_turns
    from bot import Bot
    from knowledge.build import KnowledgeConfig, build_index, load_passages, make_analyzer
    from knowledge.index import KnowledgeIndex

    config = KnowledgeConfig.default()

    def build() -> KnowledgeIndex:
        if not args.size:
            return build_index(config)
        passages = synthetic_passages(load_passages(config), args.size)
        return KnowledgeIndex.build(passages, make_analyzer(config))

    profiler = Profiler()
    if args.build:
        with profiler:
            build()
    else:
        bot = Bot(build())
        turns = load_turns(bot, args.eval or default_eval_path())
        deadline = time.perf_counter() + args.seconds
        with profiler:
            while time.perf_counter() < deadline:
                for turn in turns:
                    bot.reply(turn.message, turn.context)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()

"""Measure what each speed trick in briefgen saves: one command run with the trick, and with it switched off.

Each trick is switched off inside the child process, by a patch applied
before `briefgen.cli` runs; the run with the trick imports the same module
without patching it, so both pay the same imports. Runs alternate, with and
without, so that a change in machine load touches both alike; the medians are
reported, with the time saved. See bench/README.md for what each trick is.

    python bench/tricks.py                 # every trick, 5 runs each way
    python bench/tricks.py --reps 3 templates gc_freeze
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bigstore import write_store
from run import child_env, run_child

HERE = Path(__file__).resolve().parent
PERIOD = "2026-11"


@dataclass(frozen=True)
class Trick:
    """A trick, the command that shows it, and how to switch it off (Python run in the child before the command)."""

    what: str
    command: tuple[str, ...]  # briefgen's arguments; {facts100} is the 100x store, {out} a new folder
    module: str  # imported by both runs
    off: str  # then run by the run without the trick
    cache: str = "warm"  # the file cache: "warm" (filled by a warm-up run) or "off"


PDF_FR = ("build", "--lang", "fr", "--format", "pdf", "--jobs", "1", "--period", PERIOD, "--out", "{out}")
YEAR_PARALLEL = ("build", "--period", "2026-01", "--until", "2026-12", "--quiet", "--out", "{out}")
YEAR = (*YEAR_PARALLEL, "--jobs", "1")
VALIDATE = ("facts", "validate", "--facts", "{facts100}")

TRICKS = {
    "gc_freeze": Trick("objects frozen before the workers fork (gc.freeze in pool.render_months)", YEAR_PARALLEL,
                       "briefgen.pool",
                       "import gc; gc.freeze = gc.unfreeze = lambda: None"),
    "templates": Trick("templates compiled once per process (narrative/environment.py)", YEAR,
                       "briefgen.narrative.environment",
                       "import briefgen.narrative.environment as m; m._COMPILED = None"),
    "styles": Trick("the DOCX style sheet applied once per process (docx_styles._styled_package)",
                    (*YEAR, "--format", "docx"), "briefgen.writers.docx_styles",
                    "import briefgen.writers.docx_styles as m; m._styled_package = m._styled_package.__wrapped__"),
    "restyle": Trick("DOCX styles set on the XML elements, not through python-docx's style setter (docx._Builder)",
                     (*YEAR, "--format", "docx"), "briefgen.writers.docx",
                     "import briefgen.writers.docx as m\n"
                     "def restyle(self, paragraph, name): paragraph.style = self.doc.styles[name]\n"
                     "m._Builder.restyle = restyle"),
    "drawings": Trick("PDF drawings kept as data, not converted by svglib (writers/pdf_drawings.py)", PDF_FR,
                      "briefgen.writers.pdf_figures",
                      "import briefgen.writers.pdf_figures as m; m._kept_drawing = lambda data: None"),
    "wrap_once": Trick("a paragraph's lines found once per width (pdf_template.BodyParagraph.wrap)", PDF_FR,
                       "briefgen.writers.pdf_template",
                       "import briefgen.writers.pdf_template as m; del m.BodyParagraph.wrap"),
    "first_pass": Trick("the first layout pass draws no text (pdf_template.BodyParagraph.draw)", PDF_FR,
                        "briefgen.writers.pdf_template",
                        "import briefgen.writers.pdf_template as m; del m.BodyParagraph.draw"),
    "rl_accel": Trick("reportlab's C accelerators (the rl_accel package)", PDF_FR, "briefgen.cli",
                      "sys.modules['_rl_accel'] = None"),
    "plain_yaml": Trick("plain YAML built from libyaml's nodes in one pass (yamlfile._load_plain)", VALIDATE,
                        "briefgen.facts.yamlfile",
                        "import briefgen.facts.yamlfile as m\n"
                        "def refuse(text): raise m._NotPlain\n"
                        "m._load_plain = refuse", cache="off"),
    "libyaml": Trick("YAML parsed by libyaml, not PyYAML's Python parser (yamlfile._FastLocatingLoader)", VALIDATE,
                     "briefgen.facts.yamlfile",
                     "import briefgen.facts.yamlfile as m; m._parse = lambda text: m._load(m._LocatingLoader, text)",
                     cache="off"),
    "facts_kept": Trick("checked topic files kept between runs (facts/kept.KeptTopics)", VALIDATE, "briefgen.facts.kept",
                        "import briefgen.facts.kept as m; m.KeptTopics.read = lambda self, path, check, problems: check()"),
    "no_gc": Trick("the cycle collector paused while a store is read (loader._no_cycle_collection)", VALIDATE,
                   "briefgen.facts.loader",
                   "import contextlib, briefgen.facts.loader as m; m._no_cycle_collection = contextlib.nullcontext",
                   cache="off"),
}

_CHILD = """
import sys
name, module, off, *args = sys.argv[1:]
__import__(module)
if off:
    exec(off)
sys.argv = ["briefgen", *args]
from briefgen.cli import entry
entry()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tricks", nargs="*", metavar="TRICK", help=f"any of {', '.join(TRICKS)} (default: all)")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="repository to measure (default: this one)")
    parser.add_argument("--reps", type=int, default=5, help="runs each way (default 5)")
    options = parser.parse_args()
    unknown = [name for name in options.tricks if name not in TRICKS]
    if unknown:
        parser.error(f"unknown tricks: {', '.join(unknown)}")
    root = options.root.resolve()
    env = child_env(root, False, Path(tempfile.gettempdir()) / "briefgen-bench-pycache")
    work = Path(tempfile.mkdtemp(prefix="briefgen-tricks-"))
    inputs = ["--facts", str(root / "facts"), "--templates", str(root / "templates"), "--config",
              str(root / "briefgen.toml")]
    facts100 = work / "facts-100x"
    write_store(root / "facts", facts100, 100, 10)
    runs = iter(range(1_000_000))
    print(f"{'trick':<12}{'with s':>8}{'without s':>11}{'saved s':>9}{'cpu saved s':>13}{'peak MiB':>14}  what")
    try:
        for name in options.tricks or TRICKS:
            trick = TRICKS[name]
            cache = "off" if trick.cache == "off" else str(work / f"cache-{name}")

            def once(off: bool):
                args = [a.format(facts100=facts100, out=work / f"out-{next(runs)}") for a in trick.command]
                if args[0] == "build":
                    args += inputs
                argv = [sys.executable, "-c", _CHILD, name, trick.module, trick.off if off else "", *args]
                return run_child(argv, {**env, "BRIEFGEN_CACHE_DIR": cache}, root)

            once(False)  # warm-up: bytecode, the file cache
            once(True)
            samples = {False: [], True: []}
            for _ in range(options.reps):
                for off in (False, True):
                    samples[off].append(once(off))
            with_, without = ({f: statistics.median(getattr(s, f) for s in samples[off])
                               for f in ("wall", "cpu", "maxrss_mib")} for off in (False, True))
            print(f"{name:<12}{with_['wall']:>8.3f}{without['wall']:>11.3f}{without['wall'] - with_['wall']:>9.3f}"
                  f"{without['cpu'] - with_['cpu']:>13.3f}{with_['maxrss_mib']:>7.0f}/{without['maxrss_mib']:<6.0f}"
                  f"  {trick.what}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

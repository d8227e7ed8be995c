"""Start-up of the command line, with the interpreter of the README's virtual environment.

    python bench/startup.py [--venv DIR] [--rounds N]

The venv is made with the README's command (`python3 -m venv DIR && DIR/bin/pip install .`)
unless DIR already holds one; pass a fresh DIR after changing the code. Figures (same run):
- `calldiary --version` vs `python -c pass` (goal <= 2x);
- `calldiary --help` vs `python -c pass`;
- `calldiary list`, one week of a 10k-call diary, vs `calcurse -Q` for the same week of the same
  appointments (goal <= 1.5x; also with a settings file, as a sync user has), and vs a process
  that only reads and parses the file with orjson;
then what each import of `calldiary list` costs (`python -X importtime`, best of the rounds).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import best_of, ratio_row
from bench.synth import NOW, TZ, build, calcurse_dir

ROOT = Path(__file__).resolve().parents[1]


def readme_venv(folder: Path) -> Path:
    if not (folder / "bin" / "calldiary").exists():
        print(f"making the README's venv in {folder} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(folder / "bin" / "pip"), "install", "-q", str(ROOT)], check=True)
    return folder / "bin"


def seal_with(calldiary: str, docs: list[dict], env: dict[str, str]) -> None:
    """Let the calldiary under test write the diary once (a past call marked kept), so the file
    is one that calldiary wrote: its own schema and seal, as a user's diary is after any change."""
    past = next(doc["id"] for doc in docs if doc["start"] < "2026-11-26")
    subprocess.run([calldiary, "mark", past[:8], "kept"], env=env, check=True, capture_output=True)


def import_costs(cmd: list[str], env: dict[str, str], rounds: int) -> list[tuple[int, str, int, int]]:
    """(depth, module, self us, cumulative us) per import, in import order, best of `rounds`."""
    best: dict[str, list[int]] = {}
    order: list[str] = []
    for _ in range(rounds):
        err = subprocess.run(cmd, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, capture_output=True, text=True).stderr
        for line in err.splitlines():
            found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not found:
                continue
            name, depth = found[4], (len(found[3]) - 1) // 2
            own, total = int(found[1]), int(found[2])
            if name not in best:
                best[name] = [depth, own, total]
                order.append(name)
            else:
                best[name][1] = min(best[name][1], own)
                best[name][2] = min(best[name][2], total)
    return [(best[n][0], n, best[n][1], best[n][2]) for n in order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "calldiary-readme-venv")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    bin_ = readme_venv(args.venv)
    python, calldiary = str(bin_ / "python"), str(bin_ / "calldiary")
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        db = folder / "diary-10k.json"
        docs = build(db, 10_000)
        env = dict(os.environ, CALLDIARY_DB=str(db), CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ="UTC")
        env["XDG_CONFIG_HOME"] = str(folder / "config")  # no settings file
        for name in ("CALLDIARY_CONFIG", "PYTHONPATH"):
            env.pop(name, None)
        seal_with(calldiary, docs, env)
        commands = {
            "pass": [python, "-c", "pass"],
            "version": [calldiary, "--version"],
            "help": [calldiary, "--help"],
            "list": [calldiary, "list"],
            "list+settings": [calldiary, "list"],
            "parse": [python, "-c", f"import orjson\nwith open({str(db)!r}, 'rb') as f: orjson.loads(f.read())"],
        }
        calcurse = shutil.which("calcurse")
        if calcurse:
            cdir = calcurse_dir(folder / "calcurse", docs)
            commands["calcurse"] = [calcurse, "-D", str(cdir), "-Q", "--from", "11/23/2026", "--days", "7"]
        settings = folder / "settings.toml"  # a sync user's settings file
        settings.write_text(
            'week_start = "monday"\nremind_before = [30, 10]\n[caldav]\nurl = "https://dav.example.com/"\n'
            'username = "ann"\npassword_command = "pass show dav"\n'
        )
        got = best_of(commands, env, args.rounds, {"list+settings": {"CALLDIARY_CONFIG": str(settings)}})
        print(f"start-up, {args.rounds} interleaved rounds, best of each ({python})")
        print(ratio_row("calldiary --version vs python -c pass", got["version"], got["pass"], "goal <= 2x"))
        print(ratio_row("calldiary --help vs python -c pass", got["help"], got["pass"]))
        if calcurse:
            print(ratio_row("calldiary list (10k) vs calcurse -Q", got["list"], got["calcurse"], "goal <= 1.5x"))
            print(ratio_row("  the same with a settings file", got["list+settings"], got["calcurse"]))
            print(ratio_row("(orjson parse-only process vs calcurse)", got["parse"], got["calcurse"]))
        else:
            print("  calcurse not installed (apt-get install calcurse): no comparison with it")
        print(ratio_row("calldiary list (10k) vs parse-only", got["list"], got["parse"]))

        print("\nimports of `calldiary list` (python -X importtime, best of the rounds; ms)")
        rows = import_costs([calldiary, "list"], env, max(5, args.rounds // 3))
        total = sum(total for depth, _, _, total in rows if depth == 0)
        print(f"  all imports: {total / 1000:.1f} ms")
        for depth, name, _own, cumulative in rows:
            if depth <= 1 and cumulative >= 500 and not name.startswith(("encodings", "_")):
                print(f"  {'  ' * depth}{name:<34} {cumulative / 1000:6.1f}")
        print(f"\n(payload: {len(orjson.dumps(docs)) / 1e6:.1f} MB of calls)")


if __name__ == "__main__":
    main()

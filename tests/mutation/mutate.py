"""A small mutation tester of our own: do the tests notice when a rule is changed?

Usage (from the project's root)::

    uv run python tests/mutation/mutate.py                      # the default targets
    uv run python tests/mutation/mutate.py --module tsj_desk/domain/meters.py
    uv run python tests/mutation/mutate.py --module "tsj_desk/services/journal.py::answer_request"
    uv run python tests/mutation/mutate.py --max 40 --seed 1 --rev HEAD --reuse-trace
    uv run python tests/mutation/mutate.py --rerun last.json --budget 0  # the survivors, every test
    uv run python tests/mutation/mutate.py --list              # only list the mutants

Nothing here is collected by pytest (no ``test_*`` file); the suite does not run it.

Each mutant changes one place of one module (the operators below), found with
``ast`` and rewritten at that exact position of the source text; the rewritten
module must parse to exactly the intended tree, or the mutant is skipped. The
package and the tests are copied to a temporary folder (the working tree, or
``--rev`` of git) and the tests run there with ``PYTHONPATH`` pointing at the copy:
the working tree is never modified, and the copy is deleted at the end, on Ctrl+C too.

A first, unmutated run records which lines of the package every test runs (see
``mutation_plugin.py``; ``--reuse-trace`` keeps it for the next run of the same
sources). Each mutant then runs the tests that ran its line, then the other tests of
their files (a module-scoped fixture runs a line for all of them), unit tests and
fast ones first, as many as fit in ``--budget`` seconds of their traced time; with
``-x`` and a timeout per mutant scaled from those tests' own durations. A survivor
says how many of the tests running its line it ran; ``--rerun FILE --budget 0``
runs the survivors of an earlier ``--json FILE`` against all of them. Tests that
fail without any mutant (someone's unfinished work) are left out and named.

Operators: ``cmp`` (``<``↔``<=``, ``>``↔``>=``, ``==``↔``!=``), ``arith`` (``+``↔``-``,
also ``+=``↔``-=``), ``int`` (an integer constant ±1), ``boolop`` (``and``↔``or``),
``bool`` (``True``↔``False``), ``not`` (a ``not`` removed).

Outcomes: *killed* (a test failed), *timeout* (killed by the timeout), *survived*
(every test passed), *no test* (no test runs that line: survived without a run),
*error* (pytest could not run: not counted). Score = (killed + timeout) / (killed +
timeout + survived + no test).
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OPERATORS = ("cmp", "arith", "int", "boolop", "bool", "not")

# The domain rules, whole; in the services, the functions holding the checks.
DEFAULT_TARGETS = [
    "tsj_desk/domain/*.py",
    "tsj_desk/services/journal.py::register_request,answer_request,schedule_inspection,"
    "record_inspection_act,close_request,issue_register",
    "tsj_desk/services/readings/import_check.py::check_readings",
    "tsj_desk/services/readings/entry.py::check_entry,save_entries",
    "tsj_desk/services/readings/verification.py::verification_due",
    "tsj_desk/services/readings/threshold_settings.py::set_threshold",
    "tsj_desk/services/readings_tracks.py::MeterHistory._load,MeterHistory.facts_at,total_between",
    "tsj_desk/services/readings_match.py::MeterIndex.find,house_of_address",
    "tsj_desk/services/readings_new_meters.py::NewMeters.take,NewMeters.problems,NewMeter.take",
    "tsj_desk/services/meters.py::replace_meter",
]
DEFAULT_TESTS = ["tests/domain", "tests/core"]
COPIED = ["tsj_desk", "tests", "ui", "resources", "pyproject.toml"]  # resources: the .docx templates

_CMP_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
             ast.NotEq: ast.Eq}
_CMP_TEXT = {ast.Lt: r"<(?![=<])", ast.LtE: r"<=", ast.Gt: r">(?![=>])", ast.GtE: r">=", ast.Eq: r"==",
             ast.NotEq: r"!="}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.Add: "+", ast.Sub: "-", ast.And: "and", ast.Or: "or"}
_ARITH_TEXT = {ast.Add: r"\+", ast.Sub: r"-"}


@dataclass
class Mutant:
    path: str  # relative to the root, with "/"
    line: int
    col: int
    operator: str
    original: str
    replacement: str
    start: int  # character offsets into the source
    end: int
    runtime_lines: tuple[int, ...] | None  # None: runs when the module is imported
    text: str = ""  # the mutated source
    outcome: str = ""
    detail: str = ""
    seconds: float = 0.0
    tests: int = 0  # run
    covering: int = 0  # tests that run its line

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}:{self.col}  {self.operator}: {self.original} → {self.replacement}"


# ---------------------------------------------------------------- finding the mutants


class _Source:
    """Offsets between ast's (line, UTF-8 byte column) and characters of the text."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return self.starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high - 1:
            middle = (low + high) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle
        return low + 1


def _strip_comments(gap: str) -> str:
    """The text between two operands holds no strings: a '#' starts a comment."""
    return re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), gap)


def _parents(tree: ast.AST) -> dict[ast.AST, tuple[ast.AST, str]]:
    parents = {}
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST):
                    parents[child] = (node, name)
    return parents


def _functions(tree: ast.AST, names: set[str]) -> list[ast.AST]:
    """The functions named ``name`` or ``Class.name`` (methods), at any depth."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualified = f"{prefix}{child.name}"
                if child.name in names or qualified in names:
                    found.append(child)
                visit(child, f"{qualified}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _runtime_lines(node: ast.AST, parents: dict) -> tuple[int, ...] | None:
    """The lines whose running runs ``node``: those of its outermost expression when it
    sits in a function's body, None when it runs at import (module or class level,
    a default value, a decorator, an annotation)."""
    outer = node
    while outer in parents and isinstance(parents[outer][0], ast.expr) and not isinstance(
            parents[outer][0], ast.Lambda):
        outer = parents[outer][0]
    current = node
    while current in parents:
        parent, name = parents[current]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if name == "body":
                return tuple(range(outer.lineno, outer.end_lineno + 1))
            # defaults, decorators, annotations: evaluated where the function is defined
        current = parent
    return None


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if value is old:
                setattr(node, name, new)
                return
            if isinstance(value, list):
                for index, child in enumerate(value):
                    if child is old:
                        value[index] = new
                        return
    raise LookupError(old)


def find_mutants(path: str, text: str, functions: set[str], operators: set[str]) -> tuple[list[Mutant], int]:
    """The mutants of one module, and how many sites could not be rewritten exactly."""
    source = _Source(text)
    tree = ast.parse(text)
    parents = _parents(tree)
    if functions:
        scopes = _functions(tree, functions)
        missing = functions - {f.name for f in scopes} - {
            n for n in functions if "." in n and any(n.endswith("." + f.name) for f in scopes)}
        if missing:  # renamed or moved since the targets were written: say so, go on
            print(f"warning: {path}: no function {', '.join(sorted(missing))}", file=sys.stderr)
        allowed = {id(n) for scope in scopes for n in ast.walk(scope)}
    else:
        allowed = None
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    nodes = list(ast.walk(tree))
    index_of = {id(node): index for index, node in enumerate(nodes)}
    mutants: list[Mutant] = []
    unplaced = 0

    def add(node: ast.AST, operator: str, start: int, end: int, replacement: str, change) -> None:
        """``change(copy_of_node, copied_tree)`` makes the expected tree."""
        nonlocal unplaced
        original = text[start:end]
        mutated = text[:start] + replacement + text[end:]
        expected = copy.deepcopy(tree)
        expected_nodes = list(ast.walk(expected))
        change(expected_nodes[index_of[id(node)]], expected)
        try:
            ok = ast.dump(ast.parse(mutated)) == ast.dump(expected)
        except SyntaxError:
            ok = False
        if not ok:
            unplaced += 1
            return
        line = source.line_of(start)
        mutants.append(Mutant(path, line, start - source.starts[line - 1] + 1, operator, original.strip() or original,
                              replacement.strip() or "(removed)", start, end,
                              _runtime_lines(node, parents), mutated))

    def gap_match(left: ast.AST, right: ast.AST, pattern: str):
        start, end = source.end(left), source.start(right)
        found = list(re.finditer(pattern, _strip_comments(text[start:end])))
        if len(found) != 1:
            return None
        return start + found[0].start(), start + found[0].end()

    for node in nodes:
        if allowed is not None and id(node) not in allowed:
            continue
        if "cmp" in operators and isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) not in _CMP_SWAP:
                    continue
                left = node.left if i == 0 else node.comparators[i - 1]
                where = gap_match(left, node.comparators[i], _CMP_TEXT[type(op)])
                if where is None:
                    unplaced += 1
                    continue
                new_op = _CMP_SWAP[type(op)]

                def change(n, _t, i=i, new_op=new_op):
                    n.ops[i] = new_op()

                add(node, "cmp", *where, _SYMBOL[new_op], change)
        elif "arith" in operators and isinstance(node, ast.BinOp) and type(node.op) in _ARITH_TEXT:
            if any(isinstance(side, (ast.JoinedStr, ast.List, ast.Tuple)) or (
                    isinstance(side, ast.Constant) and isinstance(side.value, (str, bytes)))
                   for side in (node.left, node.right)):
                continue  # joining texts or lists: a TypeError, not a rule changed
            where = gap_match(node.left, node.right, _ARITH_TEXT[type(node.op)])
            if where is None:
                unplaced += 1
                continue
            new_op = ast.Sub if isinstance(node.op, ast.Add) else ast.Add

            def change(n, _t, new_op=new_op):
                n.op = new_op()

            add(node, "arith", *where, _SYMBOL[new_op], change)
        elif "arith" in operators and isinstance(node, ast.AugAssign) and type(node.op) in _ARITH_TEXT:
            if isinstance(node.value, (ast.JoinedStr, ast.List, ast.Tuple)) or (
                    isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, bytes))):
                continue
            where = gap_match(node.target, node.value, _ARITH_TEXT[type(node.op)] + "=")
            if where is None:
                unplaced += 1
                continue
            new_op = ast.Sub if isinstance(node.op, ast.Add) else ast.Add

            def change(n, _t, new_op=new_op):
                n.op = new_op()

            add(node, "arith", *where, _SYMBOL[new_op] + "=", change)
        elif isinstance(node, ast.Constant) and id(node) not in docstrings:
            if isinstance(node.value, bool):
                if "bool" in operators:
                    new_value = not node.value

                    def change(n, _t, new_value=new_value):
                        n.value = new_value

                    add(node, "bool", source.start(node), source.end(node), repr(new_value), change)
            elif isinstance(node.value, int) and "int" in operators:
                for delta in (+1, -1):
                    new_value = node.value + delta
                    replacement = repr(new_value) if new_value >= 0 else f"({new_value})"

                    def change(n, t, replacement=replacement):
                        _replace(t, n, ast.parse(replacement, mode="eval").body)

                    add(node, "int", source.start(node), source.end(node), replacement, change)
        elif "boolop" in operators and isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            other = "or" if word == "and" else "and"
            places = [gap_match(a, b, rf"\b{word}\b") for a, b in zip(node.values, node.values[1:])]
            if any(p is None for p in places):
                unplaced += 1
                continue
            # every connector of the chain at once: ``a and b and c`` → ``a or b or c``
            start, end = places[0][0], places[-1][1]
            segment = text[start:end]
            for p_start, p_end in reversed(places):
                segment = segment[:p_start - start] + other + segment[p_end - start:]

            def change(n, _t, new_op=ast.Or if word == "and" else ast.And):
                n.op = new_op()

            before = len(mutants)
            add(node, "boolop", start, end, segment, change)
            if len(mutants) > before:
                mutants[-1].original, mutants[-1].replacement = word, other
        elif "not" in operators and isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            start = source.start(node)
            match = re.match(r"not\b\s*", text[start:])
            if not match:
                unplaced += 1
                continue

            def change(n, t):
                _replace(t, n, n.operand)

            before = len(mutants)
            add(node, "not", start, start + match.end(), "", change)
            if len(mutants) > before:
                mutants[-1].original, mutants[-1].replacement = "not …", "…"
    mutants.sort(key=lambda m: (m.start, m.operator, m.replacement))
    return mutants, unplaced


# ---------------------------------------------------------------- running the tests


class Workspace:
    """A copy of the package and the tests in a temporary folder."""

    def __init__(self, base: Path, rev: str | None):
        self.root = Path(tempfile.mkdtemp(prefix="tsj-mutation-", dir=base))
        if rev:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev,
                                      *[c for c in COPIED if (ROOT / c).exists()]],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(self.root)], input=archive, check=True)
        else:
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
            for name in COPIED:
                source = ROOT / name
                if source.is_dir():
                    shutil.copytree(source, self.root / name, ignore=ignore)
                elif source.exists():
                    shutil.copy2(source, self.root / name)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(PYTHONPATH=os.pathsep.join([str(self.root), str(HERE)]), PYTHONDONTWRITEBYTECODE="1",
                   QT_QPA_PLATFORM="offscreen", CI="1", PYTHONHASHSEED="0")
        env.update(extra)
        return env


class Runner:
    def __init__(self) -> None:
        self.processes: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.stopping = False

    def run(self, args: list[str], cwd: Path, env: dict, timeout: float | None) -> tuple[int | None, str, float]:
        """(return code or None on timeout, output, seconds)."""
        started = time.monotonic()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace", start_new_session=True)
        with self.lock:
            self.processes[process.pid] = process
        try:
            output, _ = process.communicate(timeout=timeout)
            return process.returncode, output, time.monotonic() - started
        except subprocess.TimeoutExpired:
            self._kill(process)
            output, _ = process.communicate()
            return None, output, time.monotonic() - started
        finally:
            with self.lock:
                self.processes.pop(process.pid, None)

    @staticmethod
    def _kill(process: subprocess.Popen) -> None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # our own child's group: it and what it started
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        self.stopping = True
        with self.lock:
            for process in list(self.processes.values()):
                self._kill(process)


def pytest_args(tests: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "mutation_plugin",
            "-m", "not slow", "--no-header", *tests]


@dataclass
class Coverage:
    by_line: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (path, line) → tests
    by_file: dict[str, list[str]] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    overhead: float = 0.0  # seconds of a pytest start and collection
    naming: dict[str, set[str]] = field(default_factory=dict)  # module → test files naming it


def baseline(workspace: Workspace, runner: Runner, targets: list[str], tests: list[str]) -> Coverage:
    out = workspace.root / "trace.json"
    files = [str(workspace.root / t) for t in targets]
    check = subprocess.run([sys.executable, "-c", "import tsj_desk, sys; print(tsj_desk.__file__)"],
                           cwd=workspace.root, env=workspace.env(), capture_output=True, text=True)
    if not check.stdout.strip().startswith(str(workspace.root)):
        raise SystemExit(f"the copy is not the package imported: {check.stdout.strip()} {check.stderr.strip()}")
    args = [a for a in pytest_args(tests) if a != "-x"]
    code, output, seconds = runner.run(args, workspace.root, workspace.env(
        MUTATION_TRACE_OUT=str(out), MUTATION_TRACE_FILES=os.pathsep.join(files)), timeout=None)
    if not out.exists():
        raise SystemExit(f"the unmutated run left no trace (exit {code}):\n{output[-3000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    coverage = Coverage(durations=data["durations"])
    if data["failed"]:
        # tracing slows every test: a test with a time limit may fail only under it
        select = workspace.root / "failed.txt"
        select.write_text("\n".join(data["failed"]) + "\n", encoding="utf-8")
        files = sorted({t.split("::")[0] for t in data["failed"]})
        _, output, _ = runner.run([a for a in pytest_args(files) if a != "-x"] + ["-rfE"], workspace.root,
                                  workspace.env(MUTATION_SELECT=str(select)), timeout=None)
        again = set(re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M))
        coverage.failed = [t for t in data["failed"] if t in again or "::" not in t]
    prefix = str(workspace.root) + os.sep
    for index, (test, lines) in enumerate(data["lines"].items()):
        for file, line in lines:
            path = file[len(prefix):].replace(os.sep, "/") if file.startswith(prefix) else file
            if test:
                coverage.by_line.setdefault((path, line), []).append(test)
                coverage.by_file.setdefault(path, [])
                if test not in coverage.by_file[path]:
                    coverage.by_file[path].append(test)
            else:
                coverage.by_file.setdefault(path, [])
    coverage.order = {test: index for index, test in enumerate(data["durations"])}
    test_files = {t.split("::")[0] for t in coverage.durations}
    for target in targets:
        package, _, name = target.removesuffix(".py").replace("/", ".").rpartition(".")
        pattern = re.compile(rf"\b{re.escape(package)}\.{name}\b|\bfrom {re.escape(package)} import [^\n]*\b{name}\b")
        coverage.naming[target] = {f for f in test_files
                                   if pattern.search((workspace.root / f).read_text(encoding="utf-8"))}
    _, _, coverage.overhead = runner.run([*pytest_args(tests), "--collect-only"], workspace.root,
                                         workspace.env(), timeout=None)
    return coverage


def fingerprint(workspace: Workspace, tests: list[str]) -> str:
    """What a trace depends on: the copied sources and tests, the test paths."""
    digest = hashlib.sha256(json.dumps(tests).encode())
    for name in ("tsj_desk", "tests", "pyproject.toml"):
        top = workspace.root / name
        for path in sorted([top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())):
            digest.update(path.relative_to(workspace.root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_or_trace(workspace: Workspace, runner: Runner, tests: list[str], reuse: bool) -> Coverage:
    """The trace covers every module of the package, so that it serves any ``--module``."""
    targets = sorted(p.relative_to(workspace.root).as_posix() for p in (workspace.root / "tsj_desk").rglob("*.py"))
    cache = Path(tempfile.gettempdir()) / f"tsj-mutation-trace-{fingerprint(workspace, tests)}.json"
    if reuse and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        data["by_line"] = {(path, line): tests for path, line, tests in data["by_line"]}
        data["naming"] = {path: set(files) for path, files in data["naming"].items()}
        print(f"  the trace of an identical earlier run: {cache.name}", flush=True)
        return Coverage(**data)
    coverage = baseline(workspace, runner, targets, tests)
    if reuse:
        data = dict(coverage.__dict__)
        data["by_line"] = [[path, line, tests] for (path, line), tests in coverage.by_line.items()]
        data["naming"] = {path: sorted(files) for path, files in coverage.naming.items()}
        cache.write_text(json.dumps(data), encoding="utf-8")
    return coverage


def tests_for(mutant: Mutant, coverage: Coverage, budget: float) -> tuple[list[str], int]:
    """The tests to run on ``mutant`` and how many tests may run its line in all.

    A line run in a function: the tests that ran it, then the other tests of their
    files. A line run at import: the tests that ran any line of the module, and every
    test of a test file naming the module (a test may only read a constant). In each
    group unit tests (tests/domain) first, then the fastest; with a ``budget`` (seconds
    of the tests' own time in the traced run), only as many as fit in it, at least one.
    """
    if mutant.runtime_lines is None:
        chosen = set(coverage.by_file.get(mutant.path, []))
        files = coverage.naming.get(mutant.path, set())
        chosen |= {t for t in coverage.durations if t.split("::")[0] in files}
    else:
        chosen = {t for line in mutant.runtime_lines for t in coverage.by_line.get((mutant.path, line), [])}
    # a year of the calendar, a module-scoped fixture: built once, by the first test of
    # a file that needs it, so the other tests of that file run the line unseen
    files = {t.split("::")[0] for t in chosen}
    siblings = {t for t in coverage.durations if t.split("::")[0] in files} - chosen
    failed = set(coverage.failed)
    chosen -= failed
    siblings -= failed

    def rank(test: str) -> tuple:
        # unit tests before service tests, those that ran the line before their neighbours
        unit = test.startswith("tests/domain/")
        return (not unit, test not in chosen, coverage.durations.get(test, 0.0), coverage.order.get(test, 0))

    ranked = sorted(chosen | siblings, key=rank)
    if budget <= 0:
        return ranked, len(ranked)
    taken, spent = [], 0.0
    for test in ranked:
        spent += coverage.durations.get(test, 0.0)
        if taken and spent > budget:
            break
        taken.append(test)
    return taken, len(ranked)


def run_mutant(mutant: Mutant, workspace: Workspace, runner: Runner, coverage: Coverage,
               timeout_factor: float, budget: float) -> None:
    selected, mutant.covering = tests_for(mutant, coverage, budget)
    mutant.tests = len(selected)
    if not selected:
        mutant.outcome = "no test"
        return
    files = sorted({t.split("::")[0] for t in selected}, key=lambda f: min(
        coverage.order.get(t, 0) for t in selected if t.startswith(f + "::")))
    select = workspace.root / f"select-{threading.get_ident()}.txt"
    select.write_text("\n".join(selected) + "\n", encoding="utf-8")
    expected = sum(coverage.durations.get(t, 0.0) for t in selected)
    timeout = timeout_factor * (expected + coverage.overhead) + 10
    module = workspace.root / mutant.path
    original = module.read_text(encoding="utf-8")
    try:
        module.write_text(mutant.text, encoding="utf-8")
        code, output, mutant.seconds = runner.run(pytest_args(files), workspace.root,
                                                  workspace.env(MUTATION_SELECT=str(select)), timeout)
    finally:
        module.write_text(original, encoding="utf-8")
    if runner.stopping:
        mutant.outcome = "interrupted"
    elif code is None:
        mutant.outcome = "timeout"
    elif code == 0:
        mutant.outcome = "survived"
    elif code in (1, 2):  # tests failed, or the mutated module broke the collection
        mutant.outcome = "killed"
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M)
        mutant.detail = failed[0] if failed else output.strip().splitlines()[-1] if output.strip() else ""
    else:
        mutant.outcome = "error"
        mutant.detail = f"pytest exit {code}: " + (output.strip().splitlines()[-1] if output.strip() else "")


# ---------------------------------------------------------------- the command line


def parse_targets(specs: list[str]) -> list[tuple[str, set[str]]]:
    targets: list[tuple[str, set[str]]] = []
    for spec in specs:
        pattern, _, names = spec.partition("::")
        functions = {n.strip() for n in names.split(",") if n.strip()}
        matched = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern)) if any(
            ch in pattern for ch in "*?[") else [pattern]
        for path in matched:
            if path.endswith("__init__.py") or not (ROOT / path).is_file():
                if not any(ch in pattern for ch in "*?["):
                    raise SystemExit(f"no module {path}")
                continue
            targets.append((path, functions))
    return targets


def report(mutants: list[Mutant], unplaced: Counter, excluded: list[str]) -> float:
    by_module: dict[str, Counter] = defaultdict(Counter)
    for m in mutants:
        by_module[m.path][m.outcome or "not run"] += 1
    columns = ["killed", "timeout", "survived", "no test", "error"]
    print()
    print(f"{'module':48} " + " ".join(f"{c:>8}" for c in columns) + f" {'score':>7}")
    total = Counter()
    for path in sorted(by_module):
        counts = by_module[path]
        total.update(counts)
        print(f"{path:48} " + " ".join(f"{counts[c]:>8}" for c in columns) + f" {_score(counts):>7}")
    print(f"{'all':48} " + " ".join(f"{total[c]:>8}" for c in columns) + f" {_score(total):>7}")
    if sum(unplaced.values()):
        print("\nsites not rewritable exactly (skipped): "
              + ", ".join(f"{path} {count}" for path, count in sorted(unplaced.items()) if count))
    if total["not run"] or total["interrupted"]:
        print(f"not run (interrupted): {total['not run'] + total['interrupted']}")
    for title, outcome in (("Surviving mutants", "survived"), ("No test runs these lines", "no test"),
                           ("Killed by the timeout", "timeout"), ("Errors", "error")):
        chosen = [m for m in mutants if m.outcome == outcome]
        if chosen:
            print(f"\n{title} ({len(chosen)}):")
            for m in chosen:
                extra = f"  [{m.detail}]" if m.detail and outcome == "error" else ""
                ran = (f"{m.tests} tests" if m.tests == m.covering
                       else f"{m.tests} of the {m.covering} tests running it")
                print(f"  {m.label}   ({ran}){extra}")
    if excluded:
        print(f"\nTests failing without any mutant, left out ({len(excluded)}):")
        for test in excluded[:40]:
            print(f"  {test}")
        if len(excluded) > 40:
            print(f"  … and {len(excluded) - 40} more")
    killed = total["killed"] + total["timeout"]
    counted = killed + total["survived"] + total["no test"]
    return killed / counted if counted else 1.0


def _score(counts: Counter) -> str:
    killed = counts["killed"] + counts["timeout"]
    counted = killed + counts["survived"] + counts["no test"]
    return f"{100 * killed / counted:.0f}%" if counted else "—"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # a kill cleans up like Ctrl+C
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--module", action="append", metavar="PATH[::FUNC,…]",
                        help="a module (a glob) to mutate, optionally only some functions "
                             "(name or Class.name); repeatable; default: the domain and the service checks")
    parser.add_argument("--tests", action="append", metavar="PATH",
                        help=f"test paths to choose from (default: {' '.join(DEFAULT_TESTS)}); repeatable")
    parser.add_argument("--operator", action="append", choices=OPERATORS,
                        help="only these operators (repeatable; default: all)")
    parser.add_argument("--max", type=int, default=0, metavar="N",
                        help="at most N mutants per module, sampled with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--line", type=int, action="append", help="only mutants on these lines")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--budget", type=float, default=30.0, metavar="SECONDS",
                        help="per mutant, run only the fastest tests covering its line that fit in "
                             "SECONDS of their traced time (unit tests first; default 30; 0: all)")
    parser.add_argument("--timeout-factor", type=float, default=3.0,
                        help="timeout = factor × (the selected tests' own time + pytest's start) + 10 s")
    parser.add_argument("--rev", help="take the package and the tests from this git revision "
                                      "instead of the working tree (e.g. HEAD)")
    parser.add_argument("--reuse-trace", action="store_true",
                        help="keep the unmutated run's trace in the temporary folder and reuse it while "
                             "the sources, the tests and the arguments are the same")
    parser.add_argument("--rerun", metavar="FILE",
                        help="only the mutants that were not killed in the --json FILE of an earlier run "
                             "(the same sources): e.g. again with --budget 0")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--json", metavar="FILE", help="also write every mutant's outcome here")
    args = parser.parse_args(argv)

    operators = set(args.operator or OPERATORS)
    targets = parse_targets(args.module or DEFAULT_TARGETS)
    tests = args.tests or DEFAULT_TESTS
    rng = random.Random(args.seed)
    rerun = None
    if args.rerun:
        rerun = {(m["path"], m["line"], m["col"], m["operator"], m["replacement"])
                 for m in json.loads(Path(args.rerun).read_text(encoding="utf-8"))
                 if m["outcome"] in ("survived", "no test", "timeout", "error")}
    mutants: list[Mutant] = []
    unplaced: Counter = Counter()
    for path, functions in targets:
        if args.rev:
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.rev}:{path}"], capture_output=True,
                                  text=True, check=True).stdout
        else:
            text = (ROOT / path).read_text(encoding="utf-8")
        found, unplaced[path] = find_mutants(path, text, functions, operators)
        if args.line:
            found = [m for m in found if m.line in args.line]
        if rerun is not None:
            found = [m for m in found if (m.path, m.line, m.col, m.operator, m.replacement) in rerun]
        if args.max and len(found) > args.max:
            found = sorted(rng.sample(found, args.max), key=lambda m: m.start)
        mutants.extend(found)
    if args.list:
        for m in mutants:
            print(m.label)
        print(f"{len(mutants)} mutants")
        return 0
    if not mutants:
        print("no mutants")
        return 0

    base = Path(tempfile.gettempdir())
    runner = Runner()
    workspaces: list[Workspace] = []
    try:
        workspaces.append(Workspace(base, args.rev))
        started = time.monotonic()
        print(f"{len(mutants)} mutants in {len(targets)} modules; the unmutated run (with line tracing)…",
              flush=True)
        coverage = load_or_trace(workspaces[0], runner, tests, args.reuse_trace)
        print(f"  {len(coverage.durations)} tests in {time.monotonic() - started:.0f} s"
              + (f"; {len(coverage.failed)} fail without any mutant and are left out" if coverage.failed else ""),
              flush=True)
        for _ in range(max(1, args.jobs) - 1):
            workspaces.append(Workspace(base, args.rev))
        free = list(workspaces)
        free_lock = threading.Lock()
        done = [0]
        interrupted = False

        def work(mutant: Mutant) -> None:
            if runner.stopping:
                return
            with free_lock:
                workspace = free.pop()
            try:
                run_mutant(mutant, workspace, runner, coverage, args.timeout_factor, args.budget)
            finally:
                with free_lock:
                    free.append(workspace)
                    done[0] += 1
                    mark = {"killed": ".", "timeout": "T", "survived": "S", "no test": "-", "error": "E"}
                    print(mark.get(mutant.outcome, "?"), end="\n" if done[0] % 60 == 0 else "", flush=True)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(work, m) for m in mutants]
            try:
                for future in futures:
                    future.result()
            except KeyboardInterrupt:
                runner.stop_all()
                for future in futures:
                    future.cancel()
                interrupted = True
                print("\ninterrupted: the report below covers the mutants run so far")
        print(f"\n{time.monotonic() - started:.0f} s")
    except KeyboardInterrupt:
        runner.stop_all()
        print("\ninterrupted")
        return 130
    finally:
        runner.stop_all()
        for workspace in workspaces:
            shutil.rmtree(workspace.root, ignore_errors=True)
    score = report(mutants, unplaced, coverage.failed)
    print(f"\nmutation score: {100 * score:.1f}%")
    if args.json:
        Path(args.json).write_text(json.dumps([
            {"path": m.path, "line": m.line, "col": m.col, "operator": m.operator, "original": m.original,
             "replacement": m.replacement, "outcome": m.outcome, "tests": m.tests, "covering": m.covering,
             "detail": m.detail}
            for m in mutants], ensure_ascii=False, indent=1), encoding="utf-8")
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load and validate YAML question/rubric files, reporting each problem as ``file:line: message``.

Loading is safe: only plain YAML is accepted (``yaml.SafeLoader``); a tag such as
``!!python/object/apply`` is reported and never constructed. Texts are kept verbatim, so template
syntax (``{x}``, ``{{x}}``) stays literal everywhere.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .limits import MAX_FILE_BYTES, check_limits
from .schema import Question, QuestionFile, Rubric, RubricFile

YAML_SUFFIXES = (".yaml", ".yml")
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~6x faster


@dataclass
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class Bank:
    questions: dict[str, Question] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # question id -> "file:line"
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions.values()})

    def rubric_for(self, q: Question) -> Rubric:
        return q.rubric if isinstance(q.rubric, Rubric) else self.rubrics[q.rubric]

    def question(self, qid: str) -> Question:
        from ..errors import InputError

        try:
            return self.questions[qid]
        except KeyError:
            raise InputError("error.unknown_question", qid=qid) from None


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    return []


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """Walk a composed YAML node tree along a pydantic error location; deepest node found."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if str(k.value) == str(part)), None)
            if nxt is None:
                return node
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        # pydantic adds union branch names (e.g. 'Rubric', 'str') to locations: skip them.
    return node


def _line_at(node: yaml.Node | None, loc: tuple[Any, ...], default: int = 1) -> int:
    """The 1-based line to report for an error at ``loc``: the line of the key that holds the
    offending value (or, for a missing key, the key of the mapping it is missing from)."""
    if node is None:
        return default
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
            if hit is None:
                return line  # missing key: report where its parent key is
            line = hit[0].start_mark.line + 1
            node = hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _duplicate_keys(node: yaml.Node, file: str, out: list[Problem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = str(k.value)
            if key in seen:
                out.append(
                    Problem(file, k.start_mark.line + 1, f"key '{key}' repeated (first at line {seen[key]})")
                )
            else:
                seen[key] = k.start_mark.line + 1
            _duplicate_keys(v, file, out)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _duplicate_keys(v, file, out)


_LANG_NAMES = {"fr": "French", "en": "English"}


def _humanize(err: Any) -> str:
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()) and p not in ("str",)]
    where = ".".join(str(p) for p in loc)
    last = loc[-1] if loc else ""
    kind = err["type"]
    if kind == "missing":
        if last in _LANG_NAMES:
            return f"{where}: missing {_LANG_NAMES[last]} translation ('{last}:')"
        return f"{where}: required field '{last}' is missing"
    if kind == "extra_forbidden":
        return f"{where}: unknown field '{last}' (check the spelling; see schemas/ for allowed fields)"
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return f"{where}: text too long ({len(str(err.get('input', '')))} characters, limit {limit})"
    if kind == "string_too_short":
        return f"{where}: text is empty"
    if kind == "string_pattern_mismatch":
        return f"{where}: '{err.get('input')}' is not a valid id (lowercase letters, digits, '_', '.', '-')"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{where}: {msg}" if where else msg


def _parse(path: Path, display: str, problems: list[Problem], raw: bytes | None = None) -> tuple[Any, yaml.Node | None]:
    """``raw``: the file's bytes when already read (decoded as ``read_text`` would: universal newlines)."""
    try:
        if (len(raw) if raw is not None else path.stat().st_size) > MAX_FILE_BYTES:
            problems.append(Problem(display, 1, f"file larger than {MAX_FILE_BYTES:,} bytes (the file is refused)"))
            return None, None
        if raw is None:
            text = path.read_text(encoding="utf-8")
        else:
            text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        problems.append(Problem(display, 1, "file is not UTF-8 text"))
        return None, None
    except OSError as exc:
        problems.append(Problem(display, 1, f"cannot read file: {exc.strerror}"))
        return None, None
    too_big = check_limits(text, _SafeLoader)
    if too_big is not None:
        problems.append(Problem(display, too_big.line, too_big.message))
        return None, None
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
        data = _SafeLoader(text).construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 1
        problems.append(
            Problem(display, line, f"YAML tag not allowed ({exc.problem}); only plain YAML is read, tags are never executed")
        )
        return None, None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(display, line, f"YAML syntax error: {problem}"))
        return None, None
    if node is not None:
        _duplicate_keys(node, display, problems)
    return data, node


def load_bank(
    paths: list[Path], *, override_paths: list[Path] | None = None, base: Path | None = None,
    lint: bool = False,
) -> Bank:
    """Load every YAML file under ``paths`` then ``override_paths`` (user dirs; their ids win).

    ``lint`` adds the checks of :mod:`.lint` (``bank validate``): leaking hints, rephrases and probes
    are errors there; French typography, glossary and stale review dates are warnings."""
    bank = Bank()
    base = base or Path.cwd()
    pending: list[tuple[Question, str, int, bool, dict[str, int], list]] = []
    ordered = [(p, False) for p in paths] + [(p, True) for p in (override_paths or [])]
    seen_files: set[Path] = set()
    for root, is_user in ordered:
        if not root.exists():
            if not is_user:
                bank.problems.append(Problem(str(root), 0, "path does not exist"))
            continue
        for f in _yaml_files(root):
            rf = f.resolve()
            if rf in seen_files:
                continue
            seen_files.add(rf)
            try:
                display = os.path.relpath(f, base)
            except ValueError:
                display = str(f)
            if display.startswith(".."):
                display = str(f)  # outside the working directory: show the absolute path
            _load_file(f, display, bank, pending, is_user)
    # Resolve questions after all rubrics are known.
    by_id: dict[str, tuple[Question, str, int, bool, dict[str, int], list]] = {}
    for q, display, line, is_user, lines, warnings in pending:
        prev = by_id.get(q.id)
        if prev is not None:
            if is_user and not prev[3]:
                bank.problems.append(
                    Problem(display, line, f"question '{q.id}' overrides the shipped one at {prev[1]}:{prev[2]}", "warning")
                )
            else:
                bank.problems.append(
                    Problem(display, line, f"duplicate question id '{q.id}' (also at {prev[1]}:{prev[2]})")
                )
                continue
        by_id[q.id] = (q, display, line, is_user, lines, warnings)
    for qid, (q, display, line, _, lines, warnings) in by_id.items():
        rubric = q.rubric if isinstance(q.rubric, Rubric) else bank.rubrics.get(q.rubric)
        if rubric is None:
            known = ", ".join(sorted(bank.rubrics)) or "none loaded"
            bank.problems.append(
                Problem(display, lines["rubric"], f"question '{qid}': rubric '{q.rubric}' does not exist (known: {known})")
            )
            continue
        crit = {c.id for c in rubric.criteria}
        bad = [(lines[f"kp:{k.id}"], f"key point '{k.id}'", k.criterion) for k in q.key_points if k.criterion not in crit]
        bad += [(lines[f"probe:{j}"], f"probe {j + 1}", p.criterion) for j, p in enumerate(q.probes)
                if p.criterion not in crit]
        for bline, what, cname in bad:
            bank.problems.append(
                Problem(display, bline, f"question '{qid}': {what} names criterion '{cname}', which is not in "
                        f"rubric '{rubric.id}' ({', '.join(sorted(crit))})")
            )
        if bad:
            continue
        bank.questions[qid] = q
        bank.origin[qid] = f"{display}:{line}"
        bank.problems += [Problem(display, wl, msg, "warning") for wl, msg in warnings]
        if lint:
            from .lint import lint_question

            bank.problems += [Problem(display, wl, msg, sev) for wl, msg, sev in lint_question(q, lines, line)]
    if lint:
        from .lint import lone_overlap_tags

        for qid, tag in lone_overlap_tags(bank.questions.values()):
            file, _, qline = bank.origin[qid].rpartition(":")
            bank.problems.append(Problem(file, int(qline), f"question '{qid}': tag '{tag}' has no other question, "
                                         "so it excludes nothing; tag the question it overlaps with, or drop it", "warning"))
    return bank


KEY_POINT_WORDS = 25  # one idea a candidate could say in one sentence (guideline, not an error)


def word_count(text: str) -> int:
    """Words as a reader counts them: punctuation set apart by a (no-break) space is not a word."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def style_warnings(q: Question, lines: dict[str, int], line: int) -> list[tuple[int, str]]:
    """Bank guidelines, reported as warnings: banks converted by machine must still load."""
    out = []
    for k in q.key_points:
        for lang in ("en", "fr"):
            n = word_count(k.text.get(lang))
            if n > KEY_POINT_WORDS:
                out.append((lines.get(f"kp:{k.id}", line), f"key point '{k.id}' ({lang}) has {n} words (guideline: one "
                            f"idea, at most {KEY_POINT_WORDS}); split it"))
    if q.kind == "technical" and not q.misconceptions:
        out.append((line, f"question '{q.id}' lists no misconceptions (wrong beliefs the scorer and report use)"))
    if q.kind == "technical" and not q.hints:
        out.append((line, f"question '{q.id}' lists no hints (the recruiter then turns a probe into one)"))
    probed = {k for p in q.probes for k in p.key_points}
    core = [k.id for k in q.key_points if k.weight >= 2 and k.id not in probed]
    if q.probes and core:
        out.append((line, f"question '{q.id}': core key points with no probe: {', '.join(core)}"))
    return out


def _scalar_lines(node: yaml.Node | None, prefix: str, out: dict[str, int]) -> None:
    """The line of every scalar under ``node``, by dotted path (``hints.0.fr``)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            path = f"{prefix}.{k.value}" if prefix else str(k.value)
            out.setdefault(path, k.start_mark.line + 1)
            _scalar_lines(v, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for j, v in enumerate(node.value):
            path = f"{prefix}.{j}" if prefix else str(j)
            out.setdefault(path, v.start_mark.line + 1)
            _scalar_lines(v, path, out)


@dataclass
class _FileResult:
    """What one file contributes, in file order, independent of the other files: problems, rubrics (top
    level, or inline in a question) and questions with their lines and style warnings. Cached by
    content, so a reload re-parses only the files that changed."""

    events: list[tuple] = field(default_factory=list)


_file_cache: dict[tuple[str, str, str], _FileResult] = {}
_file_cache_lock = threading.Lock()
_FILE_CACHE_MAX = 1024


def _load_file(
    path: Path, display: str, bank: Bank, pending: list[tuple[Question, str, int, bool, dict[str, int], list]],
    is_user: bool,
) -> None:
    """Add one file to ``bank`` and ``pending``: parsed once per content (see ``_FileResult``)."""
    key, raw = None, None
    try:
        if path.stat().st_size <= MAX_FILE_BYTES:
            raw = path.read_bytes()
            key = (str(path.resolve()), display, hashlib.sha256(raw).hexdigest())
    except OSError:
        pass  # _parse reports it
    with _file_cache_lock:
        result = _file_cache.get(key) if key else None
    if result is None:
        result = _read_file(path, display, raw)
        if key is not None:
            with _file_cache_lock:
                if len(_file_cache) >= _FILE_CACHE_MAX:
                    _file_cache.pop(next(iter(_file_cache)))
                _file_cache[key] = result
    for ev in result.events:
        if ev[0] == "problem":
            bank.problems.append(ev[1])
        elif ev[0] == "rubric":
            _, obj, line = ev
            if obj.id in bank.rubrics:
                bank.problems.append(Problem(display, line, f"duplicate rubric id '{obj.id}'"))
            else:
                bank.rubrics[obj.id] = obj
        elif ev[0] == "inline_rubric":
            bank.rubrics.setdefault(ev[1].id, ev[1])
        else:
            _, obj, line, lines, warnings = ev
            pending.append((obj, display, line, is_user, lines, warnings))


class _Problems(list):
    """A problem list that also records each problem as a file event, in order."""

    def __init__(self, events: list[tuple]):
        super().__init__()
        self.events = events

    def append(self, p: Problem) -> None:
        super().append(p)
        self.events.append(("problem", p))


def _read_file(path: Path, display: str, raw: bytes | None) -> _FileResult:
    result = _FileResult()
    events = result.events
    problems = _Problems(events)
    data, node = _parse(path, display, problems, raw)
    if data is None and node is None:
        if not any(p.file == display for p in problems):
            problems.append(Problem(display, 1, "file is empty"))
        return result
    if not isinstance(data, dict) or not ({"questions", "rubrics"} & set(data)):
        first = node.start_mark.line + 1 if node is not None else 1
        problems.append(Problem(display, first, "top level must be a mapping with 'questions:' or 'rubrics:'"))
        return result
    model = QuestionFile if "questions" in data else RubricFile
    # Validate item by item so one bad question does not hide the others.
    key = "questions" if model is QuestionFile else "rubrics"
    extra = set(data) - {key}
    for k in sorted(extra):
        problems.append(Problem(display, _line_at(node, (k,)), f"unknown top-level key '{k}'"))
    items = data.get(key)
    if not isinstance(items, list) or not items:
        problems.append(Problem(display, _line_at(node, (key,)), f"'{key}:' must be a non-empty list"))
        return result
    item_model = Question if key == "questions" else Rubric
    for i, item in enumerate(items):
        item_node = _node_at(node, (key, i))
        line = item_node.start_mark.line + 1 if item_node else 1
        try:
            obj = item_model.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(Problem(display, _line_at(node, (key, i, *err["loc"]), line), _humanize(err)))
            continue
        if isinstance(obj, Rubric):
            events.append(("rubric", obj, line))
        else:
            if isinstance(obj.rubric, Rubric):
                events.append(("inline_rubric", obj.rubric))
            lines: dict[str, int] = {}
            _scalar_lines(item_node, "", lines)
            lines["rubric"] = _line_at(node, (key, i, "rubric"), line)
            for j, kp in enumerate(obj.key_points):
                lines[f"kp:{kp.id}"] = _line_at(node, (key, i, "key_points", j, "criterion"), line)
            for j, _p in enumerate(obj.probes):
                lines[f"probe:{j}"] = _line_at(node, (key, i, "probes", j, "criterion"), line)
            events.append(("question", obj, line, lines, style_warnings(obj, lines, line)))
    return result

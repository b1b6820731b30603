"""Bounds checked on a YAML file's event stream before anything is composed or validated.

A few hundred bytes of YAML can describe billions of nodes through nested aliases ("billion laughs"),
and deep nesting can exhaust the parser's recursion. One linear pass over the events counts the
nodes the document would have once every alias is expanded, the nesting depth and the aliases, and
refuses the file at the first line that crosses a bound; nothing is built before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_EXPANDED_NODES = 200_000  # the shipped bank's largest file has ~3,000
MAX_DEPTH = 40  # the schema needs 6
MAX_ALIASES = 1_000


@dataclass
class LimitError:
    line: int
    message: str


def _limit(line: int, message: str) -> LimitError:
    return LimitError(line, message + " (the file is refused; nothing in it is loaded)")


def check_limits(text: str, loader: Any) -> LimitError | None:
    """The first bound ``text`` crosses, or None. YAML syntax errors are left to the real parse."""
    sizes: dict[str, int] = {}  # anchor -> expanded node count of the node it names
    stack: list[list[Any]] = [[0, None]]  # [expanded count, anchor] per open collection
    aliases = 0
    try:
        for ev in yaml.parse(text, Loader=loader):
            line = ev.start_mark.line + 1 if ev.start_mark else 1
            if isinstance(ev, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    return _limit(line, f"more than {MAX_ALIASES} aliases (*name)")
                if ev.anchor not in sizes:
                    return _limit(line, f"alias *{ev.anchor} refers to a node that contains it")
                stack[-1][0] += sizes[ev.anchor]
            elif isinstance(ev, yaml.ScalarEvent):
                stack[-1][0] += 1
                if ev.anchor:
                    sizes[ev.anchor] = 1
            elif isinstance(ev, yaml.CollectionStartEvent):
                stack.append([1, ev.anchor])
                if len(stack) - 1 > MAX_DEPTH:
                    return _limit(line, f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(ev, yaml.CollectionEndEvent):
                count, anchor = stack.pop()
                if anchor:
                    sizes[anchor] = count
                stack[-1][0] += count
            else:
                continue
            if sum(c for c, _ in stack) > MAX_EXPANDED_NODES:
                return _limit(line, f"more than {MAX_EXPANDED_NODES:,} values once aliases are expanded")
    except yaml.YAMLError:
        return None
    return None

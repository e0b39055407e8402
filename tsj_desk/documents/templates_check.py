"""The checks around filling: every field known before (the allowed names), no braces left after."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from tsj_desk.documents.templates_fields import (
    _MISSING,
    TemplateProblem,
    _items,
    _lookup,
    _unknown_problem,
)
from tsj_desk.documents.templates_parse import W_P, _key, _own_text_nodes, _Template


def _check_unknown(template: _Template, context: Mapping, allowed: Collection[str] | None) -> None:
    unknown = []
    if allowed is not None:
        allowed_set = set(allowed)
        for key, shown in template.names().items():
            if key not in allowed_set:
                unknown.append(shown)
    else:
        lists: dict[str, list] = {}
        for index, para in enumerate(template.paras):
            loop = template.scope[index]
            for token in para.tokens:
                if token.loop_var is not None:
                    if _lookup(context, token.loop_list or "") is _MISSING:
                        unknown.append(token.shown)
                    continue
                name = token.name or ""
                key = _key(name, loop)
                if key is None:
                    continue
                if loop is not None and key.startswith(f"{loop.list_path}[]"):
                    if loop.list_path not in lists:
                        lists[loop.list_path] = _items(_lookup(context, loop.list_path), loop.list_path)
                    items = lists[loop.list_path]
                    _, _, rest = name.partition(".")
                    if items and rest and all(_lookup(item, rest) is _MISSING for item in items):
                        unknown.append(token.shown)
                elif _lookup(context, name) is _MISSING:
                    unknown.append(token.shown)
    if unknown:
        raise _unknown_problem(template.label, unknown)


def _check_no_braces(template: _Template, inserted: int) -> None:
    found = 0
    first = ""
    for root in template.roots:
        for p in root.iter(W_P):
            nodes = _own_text_nodes(p)
            text = "".join(t.text or "" for t in nodes)
            count = text.count("{{")
            if count and not first:
                start = text.find("{{")
                first = text[start:start + 40]
            found += count
    if found > inserted:
        raise TemplateProblem(
            f"Шаблон «{template.label}»: после заполнения в документе осталось поле "
            f"«{first.strip()}». Исправьте шаблон или удалите поле.",
            template=template.label, fields=[first.strip()],
        )

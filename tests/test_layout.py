"""The package's shape: the runtime never imports the workflow, and no module imports itself in a cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import spacy_deid

PACKAGE = Path(spacy_deid.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every spacy_deid module ``path`` imports, at module level or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] == "spacy_deid"}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: {m for m in imports(path) if m in MODULES and not (name + ".").startswith(m + ".")}
         for name, path in MODULES.items()}  # a module's own packages aside


def test_the_runtime_never_imports_the_workflow():
    runtime = [name for name in GRAPH if not name.startswith("spacy_deid.workflow")]
    assert len(runtime) > 40 and len(GRAPH) > len(runtime)
    offenders = {name: sorted(m for m in GRAPH[name] if m.startswith("spacy_deid.workflow"))
                 for name in runtime}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_import_cycles():
    """A module's imports, at module level or in a function, never lead back to it."""

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in GRAPH[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(name for name in GRAPH if name in reachable(name))
    assert cycles == []

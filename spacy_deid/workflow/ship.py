"""Ship an assembled pipeline into the package (size-checked).

``python -m spacy_deid.workflow.ship training/th_deid_cnn spacy_deid/models/th_deid_cnn``
(metrics need no shipping: the workflow writes them to ``metrics/``, which the repository keeps).
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def folder_size(path: Path) -> int:
    """Bytes in the files below ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def ship_pipeline(src: Path, dest: Path, max_mb: float = 15.0) -> Path:
    """Replace ``dest`` by a copy of the saved pipeline ``src``; refuses one over ``max_mb``."""
    src, dest = Path(src), Path(dest)
    if not (src / "config.cfg").is_file() or not (src / "meta.json").is_file():
        raise ValueError(f"{src} is not a saved spaCy pipeline (config.cfg, meta.json)")
    size = folder_size(src) / 1e6
    if size > max_mb:
        raise ValueError(f"{src} is {size:.1f} MB, over the {max_mb} MB limit for shipping")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--max-mb", type=float, default=15.0)
    args = parser.parse_args(argv)
    dest = ship_pipeline(args.src, args.dest, args.max_mb)
    print(f"shipped {args.src} → {dest} ({folder_size(dest) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

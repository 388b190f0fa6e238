"""Ship the workflow's results into the repository: pipelines (size-checked) and metrics.

``python -m spacy_deid.training.ship pipeline training/th_deid_cnn spacy_deid/models/th_deid_cnn``
``python -m spacy_deid.training.ship metrics metrics assets/metrics``
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import List, Optional


def folder_size(path: Path) -> int:
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


def ship_metrics(src: Path, dest: Path) -> List[Path]:
    """Copy the ``*.json`` and ``*.md`` metrics files of ``src`` into ``dest``."""
    files = sorted(p for p in Path(src).iterdir() if p.suffix in (".json", ".md"))
    if not files:
        raise ValueError(f"no metrics (*.json, *.md) in {src}")
    Path(dest).mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, Path(dest) / p.name)) for p in files]


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["pipeline", "metrics"])
    parser.add_argument("src", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--max-mb", type=float, default=15.0)
    args = parser.parse_args(argv)
    if args.what == "pipeline":
        dest = ship_pipeline(args.src, args.dest, args.max_mb)
        print(f"shipped {args.src} → {dest} ({folder_size(dest) / 1e6:.1f} MB)")
    else:
        files = ship_metrics(args.src, args.dest)
        print(f"copied {len(files)} metrics files → {args.dest}")


if __name__ == "__main__":
    main()

"""Copy an assembled pipeline into the package (``spacy_deid/models/<name>``), size-checked."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import List, Optional

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def ship(src: Path, name: str, max_mb: float = 15.0, models_dir: Path = MODELS_DIR) -> Path:
    """Replace ``models_dir/name`` by a copy of ``src``; refuses pipelines over ``max_mb``."""
    if not (Path(src) / "config.cfg").is_file() or not (Path(src) / "meta.json").is_file():
        raise ValueError(f"{src} is not a saved spaCy pipeline (config.cfg, meta.json)")
    size = folder_size(src) / 1e6
    if size > max_mb:
        raise ValueError(f"{src} is {size:.1f} MB, over the {max_mb} MB limit for shipping")
    dest = Path(models_dir) / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("name", help="folder name under spacy_deid/models, e.g. th_deid_cnn")
    parser.add_argument("--max-mb", type=float, default=15.0)
    args = parser.parse_args(argv)
    dest = ship(args.src, args.name, args.max_mb)
    print(f"shipped {args.src} → {dest} ({folder_size(dest) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

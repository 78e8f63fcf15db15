"""Where things live in the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
DATA = ROOT / "data" / "thamesbury"

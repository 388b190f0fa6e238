"""tests/dicom: the test file builder (build.py) is imported as ``build``."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

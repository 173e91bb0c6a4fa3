"""Re-execute notebooks/quickstart.ipynb in place, storing its outputs (so it reads well on GitHub).

    python tools/run_notebook.py          # or: make notebook
"""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"

if __name__ == "__main__":
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}},
                   record_timing=False).execute()
    nbformat.write(nb, NOTEBOOK)
    print(f"executed {NOTEBOOK}")

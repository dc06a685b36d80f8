"""``python -m alliance_lab.app.site [NOTEBOOK_DIR] [OUT_DIR]``: build the static site."""

import sys

from .build import main

if __name__ == "__main__":  # importing the module (a test walking every module) builds nothing
    sys.exit(main())

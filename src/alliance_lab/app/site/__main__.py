"""``python -m alliance_lab.app.site [NOTEBOOK_DIR] [OUT_DIR]``: build the static site."""

import sys

from .build import main

sys.exit(main())

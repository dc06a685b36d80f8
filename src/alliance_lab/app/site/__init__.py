"""The static site: every notebook executed and written as an HTML page (``make html``).

Three modules, one noun each: :mod:`.build` runs the notebooks and writes the site,
:mod:`.page` holds the page template, the title and the index, and :mod:`.flatten`
replaces each widget by what it showed. Run it with
``python -m alliance_lab.app.site [NOTEBOOK_DIR] [OUT_DIR]``.
"""

from .build import SitePage, build_site, main, site_size
from .flatten import WIDGET_STATE, WIDGET_VIEW, flatten_widgets
from .page import BUNDLE, notebook_title

__all__ = [
    "BUNDLE",
    "WIDGET_STATE",
    "WIDGET_VIEW",
    "SitePage",
    "build_site",
    "flatten_widgets",
    "main",
    "notebook_title",
    "site_size",
]

"""Interactive widgets for the notebooks (ipywidgets). Nothing else in the package imports them."""

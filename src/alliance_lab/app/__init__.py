"""The applications built on the library: the command line, presenter mode and the static site.

Nothing in ``analysis``, ``simulation``, ``plots`` or ``widgets`` imports from here; the arrows
point the other way. ``setup_check`` lives here too: it checks the machine the
applications run on.
"""

"""Class mode: a small web service where a lecture hall rates the same role-play.

Students open the join link on their phones, choose a chair (client, therapist or
observer) and fill in a teaching form; the lecturer opens and closes rounds and reads
the answers through a JSON API (``al.class_view``) or as CSV. Start it with
``alliance-lab class serve`` or, in a notebook or test, ``serve_in_background()``.
"""

from .app import create_app
from .server import ClassServer, serve_in_background

__all__ = ["ClassServer", "create_app", "serve_in_background"]

"""The address students' phones use to reach the service.

With ``--host 0.0.0.0`` the join link and QR code must carry the laptop's address on the
lecture hall's network, not ``localhost``. The address is found without sending any
traffic: ``connect()`` on a UDP socket only picks the outgoing interface. A department
server behind an HTTPS reverse proxy gives its public address instead (``--public-url``).
"""

import ipaddress
import socket

__all__ = ["base_url", "lan_address"]

_PROBE = "10.255.255.255"  # a private address: connect() on UDP sends no packet


def lan_address():
    """This computer's address on its local network, or ``127.0.0.1`` if it has none."""
    candidates = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((_PROBE, 9))
            candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        candidates += [info[4][0] for info in infos]
    except OSError:
        pass
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local):
            return address
    return "127.0.0.1"


def base_url(*, host, port, public_url=None):
    """The start of every link the service shows (no trailing slash).

    >>> base_url(host="127.0.0.1", port=8000)
    'http://127.0.0.1:8000'
    >>> base_url(host="0.0.0.0", port=8000, public_url="https://class.example.edu/alliance/")
    'https://class.example.edu/alliance'
    """
    if public_url:
        return str(public_url).rstrip("/")
    if host in ("0.0.0.0", "::", ""):
        host = lan_address()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"

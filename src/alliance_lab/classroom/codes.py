"""Join codes: short, easy to read aloud and to type on a phone.

Capital letters only, leaving out those that are easily mistaken for another letter or
a digit (B, G, I, L, O, Q, S, Z, and V next to U). Five letters from 17 give about
1.4 million codes; a guessed code is refused like an unknown one.
"""

import re
import secrets

__all__ = ["ALPHABET", "LENGTH", "clean_code", "new_code"]

ALPHABET = "ACDEFHJKMNPRTUWXY"
LENGTH = 5
_PATTERN = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code():
    """A fresh random join code.

    >>> code = new_code()
    >>> len(code) == LENGTH and set(code) <= set(ALPHABET)
    True
    """
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def clean_code(text):
    """The code a student typed, upper-cased without spaces or dashes; None if it cannot
    be a join code.

    >>> clean_code(" hk-tr p")
    'HKTRP'
    >>> clean_code("HKTRAP"), clean_code("<script>")
    (None, None)
    """
    code = re.sub(r"[\s\-]", "", str(text or "")).upper()[:20]
    return code if _PATTERN.fullmatch(code) else None

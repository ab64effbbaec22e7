"""Text that came from files or people, made safe to put inside markdown.

Names, notes and file names are data: a "[link](x)", "**", ":red[...]" or "$x$" in them must show
as typed, never be rendered. `md()` backslash-escapes every markdown and Streamlit directive
character and flattens line breaks; prefer st.text or a table where no markdown is needed.
"""

from __future__ import annotations

import re
from typing import Final

_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def md(text: object, limit: int = 200) -> str:
    """`text` escaped for st.markdown/st.success, on one line, cut to `limit` characters."""
    flat = " ".join(str("" if text is None else text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", flat)

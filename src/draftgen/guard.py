"""A rebuild never replaces a good document with a worse one silently.

Before a document is built again, the figures its unit has now (values and targets, see
:func:`draftgen.changes.unit_figures`) are compared with those of its previous build: when
most of them are gone — a data table that lost its rows, a unit whose figures vanished —
the document is not rebuilt and the previous one stays, unless the user asks for it
(``draftgen build --force``).
"""

from __future__ import annotations

from collections.abc import Mapping

# A rebuild stops when more than this share of the previous figures is gone.
MAX_LOSS = 0.5


def figure_loss(old: Mapping[str, object] | None, new: Mapping[str, object]) -> str | None:
    """Why a rebuild with the figures ``new`` would be worse than the build with ``old``
    (figures keyed ``CODE|period``), in Vietnamese; None when it is not.

    >>> old = {"THU_NS|2020": [5], "XA_NTM|2020": [3], "HO_NGHEO|2020": [4.5]}
    >>> figure_loss(old, {})
    'mất cả 3 số liệu so với lần dựng trước (HO_NGHEO|2020, THU_NS|2020, XA_NTM|2020)'
    >>> figure_loss(old, {"THU_NS|2020": [6]})
    'mất 2/3 số liệu so với lần dựng trước (HO_NGHEO|2020, XA_NTM|2020)'
    >>> figure_loss(old, {"THU_NS|2020": [6], "XA_NTM|2020": [4]}) is None
    True
    >>> figure_loss(None, {}) is None  # nothing to compare with: a first build
    True
    """
    if not old:
        return None
    gone = sorted(set(old) - set(new))
    if len(gone) <= MAX_LOSS * len(old):
        return None
    shown = ", ".join(gone[:5]) + (", …" if len(gone) > 5 else "")
    amount = f"cả {len(gone)}" if len(gone) == len(old) else f"{len(gone)}/{len(old)}"
    return f"mất {amount} số liệu so với lần dựng trước ({shown})"

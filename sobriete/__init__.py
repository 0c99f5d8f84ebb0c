"""sobriete: the carbon footprint of a French local authority's digital services, and its reduction plan.

The library is layered (see STYLE.md): units → errors → model → io (loaders) → calculation
→ scenario → report; the command line in ``sobriete.cli`` is a thin layer over it.

The Python API (DESIGN §10) is ``load_inventory``, ``footprint``, ``scenario`` and ``InputErrors``,
defined in :mod:`sobriete.api` and loaded on first use (PEP 562), so that ``import sobriete`` and
``sobriete --help`` stay fast (no pandas, pint or numpy until they are needed).
"""

__version__ = "0.1.0"

_API = ("load_inventory", "footprint", "scenario", "InputErrors")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        # By name: the package module (base layer) hands over to the facade (sobriete.api, which
        # sits above every layer, like the command line) without importing it itself.
        value = getattr(importlib.import_module("sobriete.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sobriete' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))

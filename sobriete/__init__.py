"""sobriete: the carbon footprint of a French local authority's digital services, and its reduction plan.

The library is layered (see STYLE.md): units → errors → model → io (loaders) → calculation
→ scenario → report; the command line in ``sobriete.cli`` is a thin layer over it.
"""

__version__ = "0.1.0"

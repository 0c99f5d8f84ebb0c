"""The shipped emission-factor database (data only; read with importlib.resources)."""

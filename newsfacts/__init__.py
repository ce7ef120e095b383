"""newsfacts: turn news articles into a tidy, validated dataset of what happened.

The package is the pure-Python core (no Dagster imports); the Dagster layer in
``assets/`` and ``pipelines/`` only wires it together.
"""

__version__ = "0.1.0"

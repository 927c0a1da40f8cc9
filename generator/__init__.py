"""Partner Collaboration & Strategic Alliances Readiness Assessment generator.

The Python API lives in generator.api; `python -m generator` is the command line.
"""

__version__ = "0.1.0"

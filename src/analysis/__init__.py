"""Analysis package of the Karabakh research compendium.

Public entry points: :mod:`analysis.datasets` (loaders), :mod:`analysis.figures`,
:mod:`analysis.claims`, :mod:`analysis.sources` (catalog and fetch) and the ``analysis`` command.
"""

__version__ = "0.2.1"

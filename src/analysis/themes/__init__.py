"""Each theme's computations, one module per theme (military, russia, corridors, western,
conflict). Pure functions on the tidy tables of :mod:`analysis.datasets`; notebooks call them
and keep to loading, plotting and explaining."""

"""Computations of the corridors and territory notebook (``03_corridors``), one module per job:

* :mod:`.lines` lengths along line geometries (railway extracts, pipeline routes);
* :mod:`.network` the corridor network as a graph: nodes and links merged from the curated
  tables, link lengths by method, scenarios of open and closed links, shortest routes;
* :mod:`.maps` the regional map's projection, layers and furniture (scale bar, north arrow);
* :mod:`.territory` areas from polygons in an equal-area projection, the former oblast's
  approximation and the 2020 losses;
* :mod:`.gas` Azerbaijan's gas production and exports, the two curated tables reconciled;
* :mod:`.borders` how long Armenia's borders with Turkey and Azerbaijan have been closed.
"""

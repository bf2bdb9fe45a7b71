"""The corridor network as a graph: nodes and links merged from the curated tables, each link
cut into segments between consecutive nodes, each segment's length and how it was obtained,
scenarios of open and closed links, and shortest routes through given waypoints.

Merging nodes (:func:`merge_nodes`): the network's nodes, then the accepted points of the
coordinates table for nodes that had none, then the node additions, whose rows for an existing
node replace its coordinates (the additions' notes say so) and whose other rows are new nodes.
A node still without coordinates can borrow another node's point (``stand_ins``), flagged.

Cutting links (:func:`segments`): a link runs from ``from_node`` through ``via_nodes`` to
``to_node``. Each pair of consecutive nodes is a segment; a segment belongs to the link with
the fewest nodes that contains it, so a through link (BTK Baku-Kars) keeps only the segments
no shorter link describes (Baku-Tbilisi). Lengths, in this order of preference:

1. ``published``: the segment's own link states its length;
2. ``published share``: a through link states its length; what its other segments do not
   account for is shared among its own segments in proportion to their estimates below (one
   own segment takes the whole remainder), if the remainder is within
   :data:`SHARE_BOUNDS` of the estimate;
3. ``measured``: along a route geometry (OSM railways, train 371's relation, a GEM pipeline
   route), when both end points lie within the snap distance of the lines and the snap
   distances are small against the length;
4. ``great-circle x circuity``: the geodesic distance times the mode's circuity factor,
   estimated from the links with a published length (:func:`circuity_factors`) unless given;
5. none, when a node has no coordinates: the segment stays out of the graph.

Scenarios (:data:`SCENARIOS`) say which status classes are usable: "closed" is the network as
it is (closed links closed, planned links not built), "open" reopens closed links, "built"
also builds planned ones. Routes use rail and road (pipelines carry no traffic between nodes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
import shapely

from .lines import LineNetwork, geodesic_km

STATUS_CLASSES = ("operating", "closed", "planned", "idle", "unknown")
SCENARIOS: dict[str, tuple[str, ...]] = {
    "closed": ("operating",),
    "open": ("operating", "closed"),
    "built": ("operating", "closed", "planned"),
}
TRANSPORT_MODES = ("rail", "road")
# A published remainder replaces an estimate only when the two roughly agree.
SHARE_BOUNDS = (0.75, 1.5)
# A measured length counts only when the end points are close to the lines against it.
SNAP_SHARE = 0.25
METHODS = ("published", "published share", "measured", "great-circle x circuity",
           "stand-in", "none")
COUNTRY_PREFIX = "country:"
SEGMENT_COLUMNS = ["segment_id", "link_id", "table", "corridor", "from_node", "to_node", "mode",
                   "status", "status_class", "published_km", "measured_km", "measured_on",
                   "snap_km", "great_circle_km", "length_km", "method", "geometry"]
# Pipeline nodes are cities or terminals a few km off the route's ends (Baku, Novorossiysk).
PIPELINE_SNAP_KM = 25.0


# --------------------------------------------------------------------------- nodes


def status_class(status) -> str:
    """The class of a link's status text, read from its first clause: "closed", "planned"
    (planned, under construction, design stage, proposed), "operating" (operating, used,
    open), "idle", or "unknown" (empty or anything else)."""
    if not isinstance(status, str) or not status.strip():
        return "unknown"
    first = status.split(";")[0].lower()
    if "closed" in first:
        return "closed"
    if any(w in first for w in ("planned", "under construction", "design", "proposed")):
        return "planned"
    if "idle" in first:
        return "idle"
    if any(w in first for w in ("operating", "used", "open")):
        return "operating"
    return "unknown"


def _fold(text: str) -> str:
    """Lower-case letters without diacritics, for comparing transliterations."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


def display_name(name: str, notes=None, country_names: Iterable[str] = ()) -> tuple[str, str]:
    """(English label, the source's own spelling where it differs) of a node name.

    The description after a colon or comma outside parentheses is dropped. A parenthesis
    holding "NE: X", a name in another script or a transliteration of the word before it
    (same first two letters) gives the source's spelling; a country name stays as a
    qualifier; another single name is an alternative name shown after a slash (so both
    names stand side by side: neutral labels); anything longer is a description and is
    dropped. A note "Azerbaijani name X" adds X after a slash.

    "Ganja (NE: Ganca)" -> ("Ganja", "Ganca"); "Lachin (Berdzor)" -> ("Lachin / Berdzor",
    ""); "Ayrum (Այրում): Armenian border railway station" -> ("Ayrum", "Այրում")."""
    depth, cut = 0, len(name)
    for i, ch in enumerate(name):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch in ":," and (i + 1 == len(name) or name[i + 1] == " "):
            cut = i
            break
    head = name[:cut].strip()
    spellings: list[str] = []

    def one(m: re.Match) -> str:
        inner = m.group(1).strip()
        before = _fold(head[:m.start()].split()[-1]) if head[:m.start()].split() else ""
        if inner.startswith("NE: "):
            spellings.append(inner[4:])
            return ""
        if inner in country_names:
            return f" ({inner})"
        if " " in inner or not inner.replace("-", "").isalpha():
            return ""
        if not inner.isascii() and not _fold(inner)[:1].isascii():
            spellings.append(inner)  # another script
            return ""
        if before[:2] == _fold(inner)[:2]:
            spellings.append(inner)  # a transliteration of the word before
            return ""
        return f" / {inner}"

    label = re.sub(r"\s*\(([^()]*)\)", one, head)
    label = re.sub(r"\s+", " ", label).strip()
    if isinstance(notes, str):
        other = re.search(r"Azerbaijani name (\w+)", notes)
        if other and other.group(1) not in label:
            label = f"{label} / {other.group(1)}"
    return label, "; ".join(spellings)


def merge_nodes(nodes: pd.DataFrame, coordinates: pd.DataFrame, additions: pd.DataFrame,
                stand_ins: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per node with its coordinates and where they come from (see the module
    docstring). ``coord_origin`` says which table gave the point: "nodes", "coordinates
    (accepted)", "node additions (supplement)", "node additions (new node)", "stand-in:
    <node>", or "none"."""
    cols = ["node_id", "name", "country_iso3", "node_type", "lat", "lon", "coord_source",
            "source_title", "source_url", "locator", "confidence", "notes"]
    out = nodes[cols].copy()
    out["coord_origin"] = np.where(out["lat"].notna(), "nodes", "none")
    out = out.set_index("node_id")
    accepted = coordinates[(coordinates["status"] == "accepted") & coordinates["lat"].notna()]
    for r in accepted.itertuples():
        if r.node_id in out.index and pd.isna(out.at[r.node_id, "lat"]):
            out.loc[r.node_id, ["lat", "lon", "source_title", "source_url", "locator",
                                "confidence"]] = [r.lat, r.lon, r.source_title, r.source_url,
                                                  r.locator, r.confidence]
            out.at[r.node_id, "coord_source"] = "coordinates table"
            out.at[r.node_id, "coord_origin"] = "coordinates (accepted)"
    for r in additions.itertuples():
        row = {c: getattr(r, c) for c in cols if c != "node_id"}
        if r.node_id in out.index:
            if pd.notna(r.lat):
                for c in ("lat", "lon", "coord_source", "source_title", "source_url",
                          "locator", "confidence"):
                    out.at[r.node_id, c] = row[c]
                out.at[r.node_id, "coord_origin"] = "node additions (supplement)"
        else:
            out.loc[r.node_id] = {**row, "coord_origin": "node additions (new node)"
                                  if pd.notna(r.lat) else "none"}
    for node, other in (stand_ins or {}).items():
        if node not in out.index or other not in out.index:
            raise ValueError(f"stand-in {node} -> {other}: both must be nodes of the network")
        if pd.isna(out.at[node, "lat"]) and pd.notna(out.at[other, "lat"]):
            out.loc[node, ["lat", "lon"]] = out.loc[other, ["lat", "lon"]].to_numpy()
            out.at[node, "coord_origin"] = f"stand-in: {other}"
            out.at[node, "coord_source"] = f"stand-in ({other}'s point)"
    out = out.reset_index()
    from ... import countries

    names = {countries.name(c) for c in out["country_iso3"].unique()}
    labels = [display_name(n, t, names) for n, t in zip(out["name"], out["notes"], strict=True)]
    out["label"] = [lab for lab, _ in labels]
    out["source_spelling"] = [sp for _, sp in labels]
    out["lat"] = out["lat"].astype(float)
    out["lon"] = out["lon"].astype(float)
    return out


def merge_links(links: pd.DataFrame, additions: pd.DataFrame,
                gap_links: Iterable[Sequence[str]] = ()) -> pd.DataFrame:
    """The network's links and the link additions (which repeat none of them), plus gap links
    given as ``(from, to, mode, status class)``: links no table holds that a reader chooses to
    assume (flagged ``table = "gap"``). Adds ``status_class`` and the node ``chain``."""
    both = pd.concat([links.assign(table="links"), additions.assign(table="link additions")],
                     ignore_index=True)
    dupes = both["link_id"][both["link_id"].duplicated()].tolist()
    if dupes:
        raise ValueError(f"link ids in both tables: {dupes}")
    gaps = []
    for spec in gap_links:
        if len(spec) != 4:
            raise ValueError(f"a gap link is [from, to, mode, status class], got {spec!r}")
        a, b, mode, cls = spec
        if cls not in STATUS_CLASSES or mode not in TRANSPORT_MODES:
            raise ValueError(f"gap link {spec!r}: mode one of {TRANSPORT_MODES}, status class "
                             f"one of {STATUS_CLASSES}")
        gaps.append({"link_id": f"GAP_{a}_{b}", "corridor": f"gap link {a}-{b} (assumed)",
                     "from_node": a, "to_node": b, "mode": mode, "status": f"{cls} (assumed)",
                     "table": "gap"})
    if gaps:
        both = pd.concat([both, pd.DataFrame(gaps)], ignore_index=True)
    both["status_class"] = [status_class(s) for s in both["status"]]
    both["chain"] = [chain(r.from_node, r.via_nodes, r.to_node) for r in both.itertuples()]
    return both


def chain(from_node, via_nodes, to_node) -> list[str]:
    """The nodes a link passes, in order: from, the via nodes ("A; B"), to (missing ends are
    left out)."""
    via = [v.strip() for v in via_nodes.split(";")] if isinstance(via_nodes, str) else []
    ends = [n if isinstance(n, str) and n else None for n in (from_node, to_node)]
    return [n for n in [ends[0], *via, ends[1]] if n]


# --------------------------------------------------------------------------- lengths


def great_circle_km(nodes: pd.DataFrame, a: str, b: str) -> float:
    """Geodesic distance between two nodes (NaN if either lacks coordinates)."""
    p = nodes.set_index("node_id").loc[[a, b], ["lon", "lat"]].to_numpy(dtype=float)
    if np.isnan(p).any():
        return float("nan")
    return float(geodesic_km(p[0, 0], p[0, 1], p[1, 0], p[1, 1]))


def circuity_factors(nodes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Route length over great-circle distance for every link with a published length and
    located ends, by mode: one row per mode with n, median, 25th and 75th percentiles and the
    links used."""
    rows = []
    for r in links.itertuples():
        ends = all(isinstance(n, str) and n for n in (r.from_node, r.to_node))
        if r.mode not in TRANSPORT_MODES or pd.isna(r.length_km) or not ends:
            continue
        gc = great_circle_km(nodes, r.chain[0], r.chain[-1])
        if gc > 0:
            rows.append({"mode": r.mode, "link_id": r.link_id, "ratio": r.length_km / gc})
    df = pd.DataFrame(rows, columns=["mode", "link_id", "ratio"])
    out = df.groupby("mode")["ratio"].agg(
        n="size", median="median", q25=lambda s: s.quantile(0.25),
        q75=lambda s: s.quantile(0.75)).reset_index()
    out["links"] = df.groupby("mode")["link_id"].agg(", ".join).reindex(out["mode"]).to_numpy()
    return out


def geometry_sources(geometry_file, mode: str) -> list[str]:
    """Line sources a link names in its geometry_file, as keys of the ``lines`` mapping of
    :func:`segments`; a rail link naming none is measured on the OSM extract."""
    names = []
    text = geometry_file if isinstance(geometry_file, str) else ""
    for part in (p.strip() for p in text.split(";")):
        m = re.search(r"(P\d{4})\.geojson", part)
        if m:
            names.append(f"gem:{m.group(1)}")
        elif "train371" in part:
            names.append("train371")
        elif "hotosm" in part:
            names.append("hot-georgia")
    if not names and mode == "rail":
        names.append("osm-azerbaijan-bbox")
    return names


@dataclass
class SegmentTable:
    """The result of :func:`segments`: one row per segment and the links left out."""

    segments: pd.DataFrame
    unplaced: pd.DataFrame
    circuity: dict[str, float] = field(default_factory=dict)


def segments(nodes: pd.DataFrame, links: pd.DataFrame, lines: Mapping[str, LineNetwork],
             circuity: Mapping[str, float], snap_km: float = 3.0) -> SegmentTable:
    """Cut links into segments and give each a length and method (module docstring).

    ``lines`` maps geometry-source keys ("osm-azerbaijan-bbox", "train371", "hot-georgia",
    "gem:P0644" ...) to :class:`LineNetwork` objects; ``circuity`` maps each mode to its
    factor. Columns: segment_id, link_id, table, corridor, from_node, to_node, mode, status,
    status_class, published_km (the owning link's, for a two-node link), measured_km,
    measured_on, snap_km (sum of both ends), great_circle_km, length_km, method, geometry
    (the measured path, else the straight line; None without coordinates)."""
    pos = nodes.set_index("node_id")[["lon", "lat"]]
    origin = nodes.set_index("node_id")["coord_origin"]
    known = set(pos.index)
    owner: dict[tuple, str] = {}
    unplaced = []
    order = sorted(links.itertuples(), key=lambda r: (len(r.chain), r.link_id))
    for r in order:
        missing = [n for n in r.chain if n not in known]
        ends = all(isinstance(n, str) and n for n in (r.from_node, r.to_node))
        if not ends or missing:
            # A link without both ends cannot carry its stated length onto the nodes it
            # names (NAKH_RAIL's 188 km runs beyond Julfa-Ordubad): it stays out.
            unplaced.append({"link_id": r.link_id, "mode": r.mode, "reason":
                             "no from_node or to_node" if not ends else
                             f"unknown node(s) {missing}"})
            continue
        for a, b in zip(r.chain[:-1], r.chain[1:], strict=True):
            owner.setdefault((frozenset((a, b)), r.mode), r.link_id)
    by_id = links.set_index("link_id")
    rows = []
    for (pair, mode), lid in owner.items():
        link = by_id.loc[lid]
        # Keep the direction the owning link runs in.
        a, b = next((x, y) for x, y in zip(link.chain[:-1], link.chain[1:], strict=True)
                    if frozenset((x, y)) == pair)
        gc = great_circle_km(nodes, a, b)
        measured = None
        if np.isfinite(gc):
            snap = snap_km if mode in TRANSPORT_MODES else PIPELINE_SNAP_KM
            for key in geometry_sources(link.geometry_file, mode):
                net = lines.get(key)
                m = net.measure(tuple(pos.loc[a]), tuple(pos.loc[b]), snap) if net else None
                if m is not None and m.snap_from_km + m.snap_to_km <= max(1.0, SNAP_SHARE * m.km):
                    measured = (key, m)
                    break
        own = len(link.chain) == 2 and pd.notna(link.length_km)
        stand_in = any(str(origin.get(n, "")).startswith("stand-in") for n in (a, b))
        if own:
            length, method = float(link.length_km), "published"
        elif measured is not None:
            length, method = measured[1].km, "measured"
        elif np.isfinite(gc) and mode in circuity:
            length, method = gc * circuity[mode], "great-circle x circuity"
        else:
            length, method = float("nan"), "none"
        if stand_in and method != "published":
            method = "stand-in"
        if measured is not None:
            geom = measured[1].path
        elif np.isfinite(gc):
            geom = shapely.LineString([tuple(pos.loc[a]), tuple(pos.loc[b])])
        else:
            geom = None
        rows.append({
            "segment_id": f"{lid}:{a}-{b}", "link_id": lid, "table": link.table,
            "corridor": link.corridor, "from_node": a, "to_node": b, "mode": mode,
            "status": link.status, "status_class": link.status_class,
            "published_km": float(link.length_km) if own else float("nan"),
            "measured_km": measured[1].km if measured else float("nan"),
            "measured_on": measured[0] if measured else None,
            "snap_km": (measured[1].snap_from_km + measured[1].snap_to_km) if measured
            else float("nan"),
            "great_circle_km": gc, "length_km": length, "method": method, "geometry": geom,
        })
    seg = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    seg = _share_through_lengths(seg, links)
    seg = seg.sort_values(["link_id", "segment_id"], ignore_index=True)
    return SegmentTable(seg, pd.DataFrame(unplaced, columns=["link_id", "mode", "reason"]),
                        dict(circuity))


def _share_through_lengths(seg: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Replace the estimates of a through link's own segments by its published length minus
    the lengths of its other segments (module docstring, rule 2)."""
    seg = seg.copy()
    through = links[(links["chain"].str.len() > 2) & links["length_km"].notna()]
    for r in sorted(through.itertuples(), key=lambda r: (len(r.chain), r.link_id)):
        pairs = [frozenset(p) for p in zip(r.chain[:-1], r.chain[1:], strict=True)]
        key = seg.apply(lambda s, m=r.mode: (frozenset((s.from_node, s.to_node)), s["mode"]
                                             == m), axis=1)
        in_chain = [i for i, (p, same) in key.items() if same and p in pairs]
        if len(in_chain) != len(pairs):
            continue  # a segment of the chain is not placed
        own = [i for i in in_chain if seg.at[i, "link_id"] == r.link_id]
        others = [i for i in in_chain if i not in own]
        if not own or seg.loc[in_chain, "length_km"].isna().any():
            continue
        remainder = r.length_km - seg.loc[others, "length_km"].sum()
        estimate = seg.loc[own, "length_km"].sum()
        if estimate <= 0 or not SHARE_BOUNDS[0] <= remainder / estimate <= SHARE_BOUNDS[1]:
            continue  # the published total and the estimates disagree: keep the estimates
        for i in own:
            seg.at[i, "length_km"] = remainder * seg.at[i, "length_km"] / estimate
            if seg.at[i, "method"] != "stand-in":
                seg.at[i, "method"] = "published share"
    return seg


# --------------------------------------------------------------------------- graph and routes


def graph(seg: pd.DataFrame, nodes: pd.DataFrame, scenario: str | Iterable[str] = "closed",
          closed_links: Iterable[str] = (), modes: Iterable[str] = TRANSPORT_MODES,
          name: str | None = None) -> nx.MultiGraph:
    """The routable graph of one scenario: segments of the given modes whose link's status
    class the scenario allows (a name of :data:`SCENARIOS` or a list of classes) and that
    have a length; links in ``closed_links`` are left out whatever their status. Nodes carry
    their country; edges carry the segment row."""
    if isinstance(scenario, str) and scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {sorted(SCENARIOS)}, got {scenario!r}")
    allowed = SCENARIOS[scenario] if isinstance(scenario, str) else tuple(scenario)
    bad = sorted(set(allowed) - set(STATUS_CLASSES))
    if bad:
        raise ValueError(f"status classes {bad} are not among {STATUS_CLASSES}")
    closed = set(closed_links)
    unknown = closed - set(seg["link_id"])
    if unknown:
        raise ValueError(f"closed_links names unknown link ids {sorted(unknown)}")
    label = name or (scenario if isinstance(scenario, str) else "+".join(allowed))
    g = nx.MultiGraph(scenario=label)
    for r in nodes.itertuples():
        g.add_node(r.node_id, country=r.country_iso3, label=r.label)
    usable = seg[seg["mode"].isin(list(modes)) & seg["status_class"].isin(allowed)
                 & seg["length_km"].notna() & ~seg["link_id"].isin(closed)]
    for r in usable.itertuples():
        g.add_edge(r.from_node, r.to_node, key=r.segment_id, km=float(r.length_km),
                   segment_id=r.segment_id, link_id=r.link_id, mode=r.mode,
                   status_class=r.status_class, method=r.method, table=r.table)
    return g


@dataclass
class Route:
    """A route through waypoints on one scenario's graph (``path`` empty when none exists;
    ``missing`` names the first leg without a path)."""

    name: str
    scenario: str
    waypoints: list[str]
    path: list[str]
    edges: list[dict]
    missing: str = ""

    @property
    def found(self) -> bool:
        return bool(self.path)

    @property
    def length_km(self) -> float:
        return float(sum(e["km"] for e in self.edges)) if self.found else float("nan")


def _layers(g: nx.MultiGraph, keep: set, transfer_km: float) -> nx.Graph:
    """The graph with one layer per mode: node (n, mode) for each mode reaching n, the
    shortest segment between two nodes of a mode, and a transfer of ``transfer_km`` between
    the modes that meet at a node."""
    h = nx.Graph()
    for u, v, d in g.edges(data=True):
        if u in keep and v in keep:
            a, b = (u, d["mode"]), (v, d["mode"])
            if not h.has_edge(a, b) or h[a][b]["km"] > d["km"]:
                h.add_edge(a, b, km=d["km"], seg={"from_node": u, "to_node": v, **d})
    modes: dict[str, list[str]] = {}
    for n, m in list(h.nodes):
        modes.setdefault(n, []).append(m)
    for n, ms in modes.items():
        ms = sorted(ms)
        for i, m1 in enumerate(ms):
            for m2 in ms[i + 1:]:
                h.add_edge((n, m1), (n, m2), km=float(transfer_km), seg=None)
    return h


def _ends(h: nx.Graph, g: nx.MultiGraph, token: str) -> list:
    """Layer nodes a waypoint stands for (every mode of the node, or of every node of a
    country for "country:XXX")."""
    if token.startswith(COUNTRY_PREFIX):
        code = token[len(COUNTRY_PREFIX):]
        bases = {n for n, c in g.nodes(data="country") if c == code}
    else:
        bases = {token}
    return [x for x in h.nodes if x[0] in bases]


def route(g: nx.MultiGraph, waypoints: Sequence[str], name: str = "",
          avoid: Iterable[str] = (), transfer_km: float = 0.0) -> Route:
    """The shortest route through ``waypoints`` in order; a "country:XXX" waypoint reaches
    the nearest node of that country.

    Legs are joined end to end; a leg may not pass a node an earlier leg used (no doubling
    back), nor a node in a country of ``avoid`` (waypoints excepted). A change between rail
    and road counts ``transfer_km`` in the choice of path (the cost of transshipment, an
    assumption) but not in the route's length; a route continues in the mode it arrived in."""
    if len(waypoints) < 2:
        raise ValueError(f"route {name!r}: give at least two waypoints")
    for w in waypoints:
        if not w.startswith(COUNTRY_PREFIX) and w not in g:
            raise ValueError(f"route {name!r}: waypoint {w!r} is not a node of the network")
    avoid = set(avoid)
    keep = {n for n, c in g.nodes(data="country") if c not in avoid} | set(waypoints)
    full = _layers(g, keep, transfer_km)
    scenario = str(g.graph.get("scenario"))
    walk: list[tuple] = []
    for a, b in zip(waypoints[:-1], waypoints[1:], strict=True):
        used = {x[0] for x in walk[:-1]}
        h = full.subgraph([x for x in full if x[0] not in used]).copy()
        sources = [walk[-1]] if walk else _ends(h, g, a)
        targets = _ends(h, g, b)
        src, dst = ("<from>",), ("<to>",)
        h.add_edges_from((src, x, {"km": 0.0}) for x in sources if x in h)
        h.add_edges_from((x, dst, {"km": 0.0}) for x in targets)
        try:
            leg = nx.shortest_path(h, src, dst, weight="km")[1:-1]
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            start = walk[-1][0] if walk else a
            return Route(name, scenario, list(waypoints), [], [],
                         missing=f"no path from {start} to {b}")
        walk += leg if not walk else leg[1:]
    edges = [full[x][y]["seg"] | {"from_node": x[0], "to_node": y[0]}
             for x, y in zip(walk[:-1], walk[1:], strict=True) if x[0] != y[0]]
    path = [walk[0][0]] + [e["to_node"] for e in edges]
    return Route(name, scenario, list(waypoints), path, edges)


def describe(r: Route, nodes: pd.DataFrame) -> dict:
    """One row describing a route: length, km by mode and by length method, borders crossed,
    countries in order, transit countries (neither first nor last), and the closed, planned
    and assumed (gap) links it uses."""
    base = {"route": r.name, "scenario": r.scenario, "waypoints": " > ".join(r.waypoints),
            "found": r.found, "missing": r.missing}
    if not r.found:
        return {**base, "length_km": float("nan"), "mode_changes": float("nan"),
                "borders": float("nan"), "countries": "",
                "transit": "", "path": "", "km_rail": float("nan"), "km_road": float("nan"),
                "km_published": float("nan"), "km_estimated": float("nan"),
                "closed_links": "", "planned_links": "", "gap_links": ""}
    country = nodes.set_index("node_id")["country_iso3"]
    seq = [country[n] for n in r.path]
    countries = [c for i, c in enumerate(seq) if i == 0 or c != seq[i - 1]]
    km = pd.DataFrame(r.edges)

    def links(cond) -> str:
        return ", ".join(dict.fromkeys(km.loc[cond, "link_id"]))

    published = km["method"].isin(["published", "published share"])
    modes = km["mode"].tolist()
    return {**base, "length_km": float(km["km"].sum()),
            "mode_changes": int(sum(a != b for a, b in zip(modes[:-1], modes[1:],
                                                           strict=True))),
            "borders": int(sum(a != b for a, b in zip(seq[:-1], seq[1:], strict=True))),
            "countries": " > ".join(countries),
            "transit": ", ".join(dict.fromkeys(countries[1:-1])),
            "path": " > ".join(r.path),
            "km_rail": float(km.loc[km["mode"] == "rail", "km"].sum()),
            "km_road": float(km.loc[km["mode"] == "road", "km"].sum()),
            "km_published": float(km.loc[published, "km"].sum()),
            "km_estimated": float(km.loc[~published, "km"].sum()),
            "closed_links": links(km["status_class"] == "closed"),
            "planned_links": links(km["status_class"] == "planned"),
            "gap_links": links(km["table"] == "gap")}


def compare(seg: pd.DataFrame, nodes: pd.DataFrame, routes: Mapping[str, Mapping],
            scenarios: Mapping[str, Iterable[str]] | Iterable[str] = tuple(SCENARIOS),
            closed_links: Iterable[str] = (), transfer_km: float = 0.0) -> pd.DataFrame:
    """Every route under every scenario (:func:`describe` rows). ``routes`` maps a name to
    ``{"waypoints": [...], "avoid": [ISO3 ...]}`` ("avoid" optional); ``scenarios`` are names
    of :data:`SCENARIOS` or a mapping of names to the status classes each allows."""
    rows = []
    named = scenarios if isinstance(scenarios, Mapping) else {s: SCENARIOS[s] for s in scenarios}
    for sc, classes in named.items():
        g = graph(seg, nodes, classes, closed_links, name=sc)
        for name, spec in routes.items():
            r = route(g, spec["waypoints"], name, spec.get("avoid", ()), transfer_km)
            rows.append({**describe(r, nodes), "avoid": ", ".join(spec.get("avoid", ()))})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- from the data


RAIL_TAGS = ("rail", "construction")  # OSM ways a train could use, or will


def line_sources() -> dict[str, LineNetwork]:
    """The route geometries lengths are measured on: the OSM extract around Azerbaijan (rail
    and construction ways), the HOT export of Georgia's railways, train 371's relation, and
    each GEM pipeline route (``gem:<ProjectID>``)."""
    from ... import datasets

    osm = datasets.railways("osm-azerbaijan-bbox")
    hot = datasets.railways("hot-georgia")
    t371 = datasets.train371_route()
    out = {
        "osm-azerbaijan-bbox": LineNetwork(osm.geometry[osm["railway"].isin(RAIL_TAGS)],
                                           "osm-azerbaijan-bbox"),
        "hot-georgia": LineNetwork(hot.geometry[hot["railway"] == "rail"], "hot-georgia"),
        "train371": LineNetwork(t371.geometry[t371["member_type"] == "way"], "train371"),
    }
    for r in datasets.pipeline_routes().itertuples():
        out[f"gem:{r.project_id}"] = LineNetwork([r.geometry], f"gem:{r.project_id}")
    return out


@dataclass
class Network:
    """The corridor network built from the data (:func:`build`)."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    segments: pd.DataFrame
    unplaced: pd.DataFrame
    circuity: pd.DataFrame      # estimated factors by mode (circuity_factors)
    factors: dict[str, float]   # the factors used


def build(stand_ins: Mapping[str, str] | None = None,
          gap_links: Iterable[Sequence[str]] = (),
          circuity: Mapping[str, float] | None = None, snap_km: float = 3.0,
          lines: Mapping[str, LineNetwork] | None = None) -> Network:
    """The corridor network from the curated tables and route geometries.

    ``circuity`` overrides the estimated factor of a mode (median of :func:`circuity_factors`);
    ``lines`` defaults to :func:`line_sources`."""
    from ... import datasets

    nodes = merge_nodes(datasets.corridor_nodes(), datasets.corridor_coordinates(),
                        datasets.corridor_nodes(additions=True), stand_ins)
    links = merge_links(datasets.corridor_links(), datasets.corridor_links(additions=True),
                        gap_links)
    unknown = sorted({n for c in links["chain"] for n in c} - set(nodes["node_id"]))
    if unknown:
        raise ValueError(f"links name nodes that are not in the network: {unknown}")
    est = circuity_factors(nodes, links)
    factors = dict(zip(est["mode"], est["median"], strict=True))
    factors.update(circuity or {})
    table = segments(nodes, links, lines if lines is not None else line_sources(), factors,
                     snap_km)
    return Network(nodes, links, table.segments, table.unplaced, est, factors)

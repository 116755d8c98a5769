"""The 2D foot as a triangle mesh (Abaqus CPE3), for the import of simplex
meshes (round_trip.py, case triangles).

`plantarfe mesh` with Foot/Mesh/Quadrilaterals = split triangles writes the
quadrilaterals Gmsh made by splitting each of its triangles in three (corner,
edge midpoints, centroid). Those triangles are recovered here: a node shared
by exactly three quadrilaterals of one region that is the exact centroid of
the three nodes diagonal to it, with the quadrilaterals' other corners at
the midpoints, is a triangle's centre. Every quadrilateral must belong to
exactly one triangle, and every skin or knee-end face to one triangle edge,
or the rebuild fails (but where the skin ends, 30 mm above the ground,
see triangle_faces). PlantarFE reading the triangles splits them the same
way, so the run must give the split mesh's metrics.
"""
import re

TOL = 1e-12  # m: Gmsh's and our midpoints agree to round-off


def read_inp(path):
    """Nodes {id: (x, y)}, quadrilaterals {id: (region, [4 node ids])} and
    surfaces {name: [(element, face 0-3)]} of a 2D file `plantarfe mesh`
    wrote."""
    nodes, quads, surfaces = {}, {}, {}
    section, name = None, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("**"):
                continue
            if line.startswith("*"):
                key = line.upper()
                section = ("node" if key.startswith("*NODE") else
                           "element" if key.startswith("*ELEMENT") else
                           "surface" if key.startswith("*SURFACE") else None)
                m = re.search(r"(?:ELSET|NAME)=([^,\s]+)", line)
                name = m.group(1) if m else None
                continue
            items = [s.strip() for s in line.split(",")]
            if section == "node":
                nodes[int(items[0])] = (float(items[1]), float(items[2]))
            elif section == "element":
                quads[int(items[0])] = (name, [int(s) for s in items[1:5]])
            elif section == "surface":
                surfaces.setdefault(name, []).append(
                    (int(items[0]), int(items[1][1:]) - 1))
    return nodes, quads, surfaces


def near(p, q):
    return abs(p[0] - q[0]) <= TOL and abs(p[1] - q[1]) <= TOL


def rebuild_triangles(nodes, quads):
    """[(region, [a, b, c], [quad ids])]: the triangles the quadrilaterals
    were split from."""
    around = {}
    for q, (_, ns) in quads.items():
        for n in ns:
            around.setdefault(n, []).append(q)
    triangles, claimed = [], set()
    for c, qs in around.items():
        if len(qs) != 3 or len({quads[q][0] for q in qs}) != 1:
            continue
        corners, mids = [], set()
        for q in qs:
            ns = quads[q][1]
            p = ns.index(c)
            corners.append(ns[(p + 2) % 4])
            mids.update((ns[(p + 1) % 4], ns[(p + 3) % 4]))
        if len(set(corners)) != 3 or len(mids) != 3:
            continue
        x = [nodes[v] for v in corners]
        if not near(nodes[c], (sum(p[0] for p in x) / 3,
                               sum(p[1] for p in x) / 3)):
            continue
        pairs = [(corners[i], corners[j]) for i, j in ((0, 1), (1, 2), (2, 0))]
        halves = [((nodes[a][0] + nodes[b][0]) / 2,
                   (nodes[a][1] + nodes[b][1]) / 2) for a, b in pairs]
        if not all(any(near(nodes[m], h) for h in halves) for m in mids):
            continue
        if claimed.intersection(qs):
            raise RuntimeError(f"quadrilaterals {qs} claimed twice")
        claimed.update(qs)
        triangles.append((quads[qs[0]][0], corners, qs))
    missing = set(quads) - claimed
    if missing:
        raise RuntimeError(f"{len(missing)} quadrilaterals (first "
                           f"{min(missing)}) are in no triangle")
    return triangles


def triangle_faces(nodes, quads, surfaces, triangles):
    """{name: [(triangle number, face 0-2)]}: each surface face of the
    quadrilaterals is half of a triangle edge (CPE3 S1 = corners 1-2, S2 =
    2-3, S3 = 3-1); both halves must be in the surface."""
    edges_at = {}  # corner -> [(midpoint, (triangle, face))]
    for t, (_, v, _) in enumerate(triangles, start=1):
        for k in range(3):
            a, b = v[k], v[(k + 1) % 3]
            m = ((nodes[a][0] + nodes[b][0]) / 2,
                 (nodes[a][1] + nodes[b][1]) / 2)
            for corner in (a, b):
                edges_at.setdefault(corner, []).append((m, (t, k)))
    faces = {}
    for name, list_ in surfaces.items():
        halves = {}
        for e, k in list_:
            ns = quads[e][1]
            a, b = ns[k], ns[(k + 1) % 4]
            hit = None
            for corner, mid in ((a, b), (b, a)):
                for m, edge in edges_at.get(corner, []):
                    if near(nodes[mid], m):
                        hit = edge
            if hit is None:
                raise RuntimeError(f"{name}: face S{k + 1} of element {e} "
                                   "is on no triangle edge")
            halves[hit] = halves.get(hit, 0) + 1
        # The built-in skin ends where a face's centre is 30 mm above the
        # ground: there one half of a triangle edge is skin and the other
        # is not. The whole edge is taken (a face that high never touches
        # the ground or a tool under the sole); one half elsewhere is an
        # error.
        for (t, k), n in halves.items():
            a = triangles[t - 1][1][k]
            b = triangles[t - 1][1][(k + 1) % 3]
            if n != 2 and not (name == "skin" and
                               min(nodes[a][1], nodes[b][1]) < 0.030 <
                               max(nodes[a][1], nodes[b][1])):
                raise RuntimeError(f"{name}: triangle {t} edge S{k + 1} "
                                   "has one half only")
        faces[name] = sorted(halves)
    return faces


def write_triangle_inp(source, path):
    """Reads the split-triangle foot `source` (.inp) and writes its
    triangles to `path` (.inp, CPE3). Returns (triangles, quadrilaterals)."""
    nodes, quads, surfaces = read_inp(source)
    triangles = rebuild_triangles(nodes, quads)
    faces = triangle_faces(nodes, quads, surfaces, triangles)
    used = sorted({v for _, vs, _ in triangles for v in vs})
    with open(path, "w") as f:
        f.write("** The 2D foot in triangles (tests/import/triangle_foot.py)\n")
        f.write("*NODE\n")
        for n in used:
            f.write(f"{n}, {nodes[n][0]!r}, {nodes[n][1]!r}\n")
        regions = {}
        for t, (region, vs, _) in enumerate(triangles, start=1):
            regions.setdefault(region, []).append((t, vs))
        for region, list_ in regions.items():
            f.write(f"*ELEMENT, TYPE=CPE3, ELSET={region}\n")
            for t, vs in list_:
                f.write(f"{t}, {vs[0]}, {vs[1]}, {vs[2]}\n")
        for name, list_ in faces.items():
            f.write(f"*SURFACE, NAME={name}, TYPE=ELEMENT\n")
            for t, k in list_:
                f.write(f"{t}, S{k + 1}\n")
    return len(triangles), len(quads)

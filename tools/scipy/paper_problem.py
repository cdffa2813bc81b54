"""The paper's minimum-compliance problems (Najmon & Tovar 2023) in numpy, as its scripts
Run_DBTO_SIMP.py, Run_DBTO_NN.py and Run_HBTO_NN.py state them; written anew, line by line.

- Half MBB beam, nelx x nely = 60 x 30 unit Q4 elements (the 88-line code's numbering: nodes and
  elements column by column from the top left), unit downward load at the top-left node, x fixed
  on the left edge, y fixed at the bottom-right node; plane strain E = 1, nu = 0.3.
- Material per element: DBTO C = E(theta) * C_solid (SIMP 1e-9 + theta^3 (1 - 1e-9), or the
  network's E); HBTO (C11, C12, C22, C33) = network(theta1, theta2). Every entry of the 3x3 C is
  clamped to [1e-9 C_solid, C_solid] and nothing else; the derivative is the unclamped one.
- phi = sum_e u_e' K_e u_e, d phi / d theta = -u_e' K_e(dC) u_e, then the paper's sensitivity
  filter per design field: H (theta * dc) / Hs / max(1e-3, theta) (rmin 2.7).
- Volume: DBTO mean(theta) - 0.5 with the Jacobian the paper's code returns (a vector of ones, N
  times the true gradient 1/N; `exact_dbto_jacobian` gives 1/N); HBTO 1 - mean(theta1 theta2) - 0.5
  with its exact gradient.
- Keras' `predict` casts float64 inputs to float32 (its data adapter converts numpy floats to
  floatx), so the paper's stiffness came from float32-rounded designs; `keras_float32` emulates it.
  The paper's NNJ derivative used the float64 design.
"""

import math

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import spsolve

C_SOLID = np.array([[1.3462, 0.5769, 0.0], [0.5769, 1.3462, 0.0], [0.0, 0.0, 0.3846]])


def element_stiffness_basis():
    """K_e = C11 K11 + C12 K12 + C22 K22 + C33 K33 for a unit square Q4 element (2x2 Gauss, exact
    for the bilinear element), nodes bottom-left, bottom-right, top-right, top-left, dofs (x, y)."""
    corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    g = (1 - 1 / math.sqrt(3)) / 2
    basis = {k: np.zeros((8, 8)) for k in ('C11', 'C12', 'C22', 'C33')}
    for gx in (g, 1 - g):
        for gy in (g, 1 - g):
            # N_a = (1 - |x - x_a|)(1 - |y - y_a|) on [0, 1]^2
            b = np.zeros((3, 8))
            for a, (xa, ya) in enumerate(corners):
                sx, sy = (1 if xa else -1), (1 if ya else -1)
                dndx = sx * (1 - abs(gy - ya))
                dndy = sy * (1 - abs(gx - xa))
                b[0, 2 * a] = dndx
                b[1, 2 * a + 1] = dndy
                b[2, 2 * a] = dndy
                b[2, 2 * a + 1] = dndx
            w = 0.25
            basis['C11'] += w * np.outer(b[0], b[0])
            basis['C22'] += w * np.outer(b[1], b[1])
            basis['C12'] += w * (np.outer(b[0], b[1]) + np.outer(b[1], b[0]))
            basis['C33'] += w * np.outer(b[2], b[2])
    return np.stack([basis['C11'], basis['C12'], basis['C22'], basis['C33']])  # 4 x 8 x 8


class MbbMesh:
    def __init__(self, nelx=60, nely=30):
        self.nelx, self.nely = nelx, nely
        self.n = nelx * nely
        nodes = np.arange((nelx + 1) * (nely + 1)).reshape(nely + 1, nelx + 1, order='F')
        bottom_left = nodes[1:, :-1].reshape(-1, order='F')      # element e's bottom-left node
        bottom_right = bottom_left + (nely + 1)
        top_right = bottom_right - 1
        top_left = bottom_left - 1
        corners = np.stack([bottom_left, bottom_right, top_right, top_left], axis=1)
        self.edof = np.stack([2 * corners, 2 * corners + 1], axis=2).reshape(self.n, 8)
        self.dofs = 2 * (nelx + 1) * (nely + 1)
        self.force = np.zeros(self.dofs)
        self.force[1] = -1.0
        fixed = np.concatenate([np.arange(0, 2 * (nely + 1), 2), [self.dofs - 1]])
        self.free = np.setdiff1d(np.arange(self.dofs), fixed)
        self.rows = np.repeat(self.edof, 8, axis=1).ravel()
        self.cols = np.tile(self.edof, (1, 8)).ravel()
        self.ke = element_stiffness_basis()

    def filter_matrix(self, rmin):
        """The paper's H (weights max(0, rmin - distance) within ceil(rmin) - 1 elements) and Hs."""
        rc = math.ceil(rmin)
        rows, cols, vals = [], [], []
        for i1 in range(self.nelx):
            for j1 in range(self.nely):
                e1 = i1 * self.nely + j1
                for i2 in range(max(i1 - rc + 1, 0), min(i1 + rc, self.nelx)):
                    for j2 in range(max(j1 - rc + 1, 0), min(j1 + rc, self.nely)):
                        rows.append(e1)
                        cols.append(i2 * self.nely + j2)
                        vals.append(max(0.0, rmin - math.hypot(i1 - i2, j1 - j2)))
        h = sps.csc_matrix((vals, (rows, cols)), shape=(self.n, self.n))
        return h, np.asarray(h.sum(axis=1)).ravel()

    def solve(self, c):
        """u for per-element (C11, C12, C22, C33) c (n x 4), and the element matrices."""
        ke = np.einsum('et,tij->eij', c, self.ke)
        k = sps.coo_matrix((ke.ravel(), (self.rows, self.cols)), shape=(self.dofs, self.dofs)).tocsc()
        k = 0.5 * (k + k.T)
        u = np.zeros(self.dofs)
        kf = k[self.free][:, self.free]
        u[self.free] = spsolve(kf.tocsc(), self.force[self.free])
        return u, ke


def clamp_paper(c):
    """Entry-wise clamp of the 3x3 tensor to [1e-9 C_solid, C_solid]: only C11, C12, C22, C33 move."""
    lo = 1e-9 * np.array([C_SOLID[0, 0], C_SOLID[0, 1], C_SOLID[1, 1], C_SOLID[2, 2]])
    hi = np.array([C_SOLID[0, 0], C_SOLID[0, 1], C_SOLID[1, 1], C_SOLID[2, 2]])
    return np.minimum(np.maximum(c, lo), hi)


class ComplianceProblem:
    """formulation 'dbto' (material 'simp' or a 1 -> 1 network) or 'hbto' (a 2 -> 4 network)."""

    def __init__(self, formulation, network=None, simp=False, rmin=2.7, volfrac=0.5,
                 keras_float32=True, exact_dbto_jacobian=False, nelx=60, nely=30, coupling_limit=False):
        self.formulation = formulation
        self.mesh = MbbMesh(nelx, nely)
        self.h, self.hs = self.mesh.filter_matrix(rmin)
        self.network = network
        self.simp = simp
        self.volfrac = volfrac
        self.keras_float32 = keras_float32
        self.exact_dbto_jacobian = exact_dbto_jacobian
        self.coupling_limit = coupling_limit
        self.k = 2 if formulation == 'hbto' else 1
        self.evaluations = 0
        self._cache_key = None
        self._cache = None
        self.c0 = np.array([C_SOLID[0, 0], C_SOLID[0, 1], C_SOLID[1, 1], C_SOLID[2, 2]])

    @property
    def n(self):
        return self.mesh.n * self.k

    def start(self):
        value = math.sqrt(1 - self.volfrac) if self.formulation == 'hbto' else self.volfrac
        return np.full(self.n, value)

    def _predict(self, theta):
        x = theta.astype(np.float32).astype(np.float64) if self.keras_float32 else theta
        return self.network.predict(x)

    def material(self, x):
        """(C n x 4 clamped, dC n x 4 x k unclamped)."""
        ne = self.mesh.n
        if self.formulation == 'hbto':
            theta = x.reshape(2, ne).T                       # rows (theta1, theta2)
            c = self._predict(theta)
            dc = self.network.jacobian(theta)                # n x 4 x 2
        elif self.simp:
            c = np.outer(1e-9 + x ** 3 * (1 - 1e-9), self.c0)
            dc = np.outer(3 * (1 - 1e-9) * x ** 2, self.c0)[:, :, None]
        else:
            e = self._predict(x.reshape(-1, 1)).ravel()
            de = self.network.jacobian(x.reshape(-1, 1))[:, 0, 0]
            c = np.outer(e, self.c0)
            dc = np.outer(de, self.c0)[:, :, None]
        c = clamp_paper(c)
        if self.coupling_limit and self.formulation == 'hbto':
            c[:, 1] = np.minimum(c[:, 1], 0.3 / 0.7 * np.sqrt(c[:, 0] * c[:, 2]))
        return c, dc

    def evaluate(self, x):
        key = x.tobytes()
        if key == self._cache_key:
            return self._cache
        self.evaluations += 1
        mesh = self.mesh
        c, dc = self.material(x)
        u, ke = mesh.solve(c)
        ue = u[mesh.edof]                                    # n x 8
        compliance = float(np.einsum('ei,eij,ej->', ue, ke, ue))
        energies = np.einsum('ei,tij,ej->et', ue, mesh.ke, ue)   # u' K_t u per element and term
        raw = -np.einsum('etk,et->ek', dc, energies)         # n x k
        grad = np.empty(self.n)
        ne = mesh.n
        for f in range(self.k):
            theta = x[f * ne:(f + 1) * ne]
            grad[f * ne:(f + 1) * ne] = self.h @ (theta * raw[:, f]) / self.hs / np.maximum(1e-3, theta)
        self._cache_key, self._cache = key, (compliance, grad, raw)
        return self._cache

    def fun(self, x):
        return self.evaluate(x)[0]

    def grad(self, x):
        return self.evaluate(x)[1].copy()

    def constraint(self, x):
        ne = self.mesh.n
        if self.formulation == 'hbto':
            return (ne - np.sum(x[:ne] * x[ne:])) / ne - self.volfrac
        return np.sum(x) / ne - self.volfrac

    def constraint_jacobian(self, x):
        ne = self.mesh.n
        if self.formulation == 'hbto':
            return np.concatenate([-x[ne:] / ne, -x[:ne] / ne])
        return np.full(ne, 1.0 / ne) if self.exact_dbto_jacobian else np.ones(ne)

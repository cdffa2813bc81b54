"""Reference traces of SciPy 1.10.1's trust-constr on small problems, for ntopo's unit tests:
barrier updates (all cases), rejected steps and the three trust-radius cuts (rosenbrock-bounds),
second-order corrections (maratos), and the trust-radius stop (maratos).

Each case is run as the paper calls trust-constr (no Hessian, so SciPy's BFGS() for the objective
and for the constraint; Bounds(keep_feasible=True); one NonlinearConstraint) and every row of
SciPy's verbose table (every stop_criteria call: the start, each trial step, each barrier update)
is written with full precision. tests/NeuralTopOpt.Tests/Optimization/TrustRegion/SciPyTraceTests.cs
defines the same problems and checks that TrustRegionOptions.SciPy reproduces the rows.

Also writes a BFGS reference: SciPy's BFGS (skip_update, init_scale 'auto') fed a fixed sequence
of pairs, with the outcome of each update and the final matrix.

Usage: python3 small_cases.py OUT_DIR     (writes OUT_DIR/scipy-traces.json)
"""

import json
import math
import os
import sys
import warnings

import numpy as np
from scipy.optimize import BFGS, Bounds, NonlinearConstraint, minimize


def hs071():
    """Hock & Schittkowski 71: both constraints in one NonlinearConstraint."""
    def f(x):
        return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]

    def g(x):
        s = x[0] + x[1] + x[2]
        return np.array([x[3] * s + x[0] * x[3], x[0] * x[3], x[0] * x[3] + 1, x[0] * s])

    def c(x):
        return np.array([np.dot(x, x), x[0] * x[1] * x[2] * x[3]])

    def jc(x):
        return np.array([2 * x, [x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]]])

    # keep_feasible=False: ntopo keeps only the bounds strictly feasible (the paper's constraint is an equality)
    constraint = NonlinearConstraint(c, [40, 25], [40, np.inf], jac=jc, hess=BFGS())
    return f, g, [1.5, 4.5, 3.5, 1.5], Bounds(1, 5, keep_feasible=True), constraint


def weights(n, k):
    """Deterministic weights in [0.01, 1.21]: (0.1 + ((k*i + 3) mod 11)/10)^2."""
    return np.array([(0.1 + ((k * i + 3) % 11) / 10) ** 2 for i in range(n)])


def compliance_linear(n=12, volume=0.4, lower=0.001):
    """DBTO-like: sum c_i / x_i, mean(x) = V, lower <= x <= 1 (a linear constraint: SciPy's BFGS of
    it never updates, so it adds I to the objective's)."""
    c_ = weights(n, 7)
    f = lambda x: float(np.sum(c_ / x))
    g = lambda x: -c_ / x ** 2
    constraint = NonlinearConstraint(lambda x: np.array([np.mean(x) - volume]), 0, 0,
                                     jac=lambda x: np.full((1, n), 1.0 / n), hess=BFGS(), keep_feasible=True)
    return f, g, np.full(n, volume), Bounds(lower, 1, keep_feasible=True), constraint


def compliance_bilinear(m=8, volume=0.5, lower=0.001):
    """HBTO-like: sum a_i/x1_i + b_i/x2_i, 1 - mean(x1 x2) = V, lower <= x <= 1."""
    a, b = weights(m, 5), weights(m, 3)

    def f(x):
        return float(np.sum(a / x[:m]) + np.sum(b / x[m:]))

    def g(x):
        return np.concatenate([-a / x[:m] ** 2, -b / x[m:] ** 2])

    constraint = NonlinearConstraint(lambda x: np.array([1 - np.mean(x[:m] * x[m:]) - volume]), 0, 0,
                                     jac=lambda x: np.concatenate([-x[m:] / m, -x[:m] / m]).reshape(1, -1),
                                     hess=BFGS(), keep_feasible=True)
    return f, g, np.full(2 * m, math.sqrt(1 - volume)), Bounds(lower, 1, keep_feasible=True), constraint


def rosenbrock_bounds():
    """Rosenbrock with x0 <= 0.5 active, no constraint: rejected steps and all three radius cuts."""
    f = lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2
    g = lambda x: np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])
    return f, g, [-1.2, 1.0], Bounds([-2, -2], [0.5, 2], keep_feasible=True), None


def maratos():
    """Nocedal & Wright Example 15.4, min 2(x^2 + y^2 - 1) - x on the unit circle, loose bounds:
    the Maratos effect, so second-order corrections are evaluated."""
    f = lambda x: 2 * (x[0] ** 2 + x[1] ** 2 - 1) - x[0]
    g = lambda x: np.array([4 * x[0] - 1, 4 * x[1]])
    constraint = NonlinearConstraint(lambda x: np.array([x[0] ** 2 + x[1] ** 2]), 1, 1,
                                     jac=lambda x: np.array([[2 * x[0], 2 * x[1]]]), hess=BFGS())
    return f, g, [math.cos(0.8), math.sin(0.8)], Bounds([-5, -5], [5, 5], keep_feasible=True), constraint


CASES = {
    'rosenbrock-bounds': (rosenbrock_bounds, 1e-8, 200),
    'maratos': (maratos, 1e-8, 200),
    'hs071': (hs071, 1e-8, 80),
    'compliance-linear': (compliance_linear, 1e-8, 200),
    'compliance-bilinear': (compliance_bilinear, 1e-6, 200),  # tighter: the last digits become roundoff
    'compliance-bilinear-paper-tol': (compliance_bilinear, 1e-3, 200),
}


def trace(name):
    build, tol, maxiter = CASES[name]
    f, g, x0, bounds, constraint = build()
    rows = []

    def callback(x, state):
        rows.append({
            'niter': state.nit, 'nfev': state.nfev, 'objective': float(state.fun),
            'tr_radius': float(state.tr_radius), 'barrier_parameter': float(state.barrier_parameter),
            'penalty': float(state.constr_penalty), 'optimality': float(state.optimality),
            'constr_violation': float(state.constr_violation), 'cg_niter': int(state.cg_niter),
        })
        return False

    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        result = minimize(f, np.asarray(x0, dtype=float), jac=g, method='trust-constr', bounds=bounds,
                          constraints=constraint if constraint is not None else (), tol=tol, options={'maxiter': maxiter, 'sparse_jacobian': False},
                          callback=callback)
    return {'tol': tol, 'maxiter': maxiter, 'x0': list(map(float, x0)), 'status': int(result.status),
            'message': result.message, 'nit': int(result.nit), 'x': result.x.tolist(), 'rows': rows}


def bfgs_reference():
    """SciPy's BFGS on n = 5 with a fixed pair sequence: a zero y (ignored, no scaling), a first pair
    (auto scale), applied pairs, a negative-curvature pair (skipped), and more pairs."""
    rng = np.random.default_rng(20230)
    n = 5
    a = rng.standard_normal((n, n))
    spd = a @ a.T + n * np.eye(n)
    pairs = [(rng.standard_normal(n), np.zeros(n))]
    for k in range(6):
        s = rng.standard_normal(n)
        y = spd @ s if k != 3 else -spd @ s
        pairs.append((s, y))
    bfgs = BFGS()
    bfgs.initialize(n, 'hess')
    outcomes = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for s, y in pairs:
            before = bfgs.get_matrix()
            bfgs.update(s, y)
            after = bfgs.get_matrix()
            outcomes.append('unchanged' if np.array_equal(before, after) else 'changed')
    return {'n': n, 'pairs': [{'s': s.tolist(), 'y': y.tolist()} for s, y in pairs], 'outcomes': outcomes,
            'matrix': bfgs.get_matrix().tolist()}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    os.makedirs(out, exist_ok=True)
    data = {'scipy': __import__('scipy').__version__, 'numpy': np.__version__,
            'traces': {name: trace(name) for name in CASES}, 'bfgs': bfgs_reference()}
    path = os.path.join(out, 'scipy-traces.json')
    with open(path, 'w') as fh:
        json.dump(data, fh, indent=1)
        fh.write('\n')
    for name, t in data['traces'].items():
        print(f"{name}: {len(t['rows'])} rows, status {t['status']} ({t['message']}), f = {t['rows'][-1]['objective']!r}")
    print('wrote', path)


if __name__ == '__main__':
    main()

"""Runs the paper's problems with SciPy's trust-constr exactly as the paper's scripts call it, and
records what happens inside every iteration.

The call (Run_DBTO_*.py, Run_HBTO_NN.py of edrl-purdue/nn-derivative-to):
    minimize(fun, x0, jac=grad, method='trust-constr',
             bounds=Bounds(0, 1, keep_feasible=True),
             constraints=NonlinearConstraint(vol, 0, 0, jac=dvol, keep_feasible=True),
             tol=1e-3, options={'maxiter': ..., 'verbose': 3})
No Hessian is given, so the objective and the constraint each get SciPy's BFGS() (skip_update,
init_scale 'auto'); tol sets xtol = gtol = barrier_tol = 1e-3.

`--sparse` (the default) passes sparse_jacobian=True: SciPy then projects with a sparse LU of the
augmented system instead of a dense QR of the (1 + 2n) x 3n barrier Jacobian, which the paper's
dense call factorized every iteration (86 s per HBTO iteration in the paper's log). The two give
the same projections to roundoff; `--dense` reproduces the paper's call literally (slow).

Outputs (in --out DIR):
  log.txt        SciPy's verbose table, as in the paper's logs
  iterations.csv one row per SciPy niter: objective, radius, penalty, barrier, optimality, violation,
                 accepted, the step (|dn|, |dt|, CG iterations and stop), BFGS updates of the
                 objective ('f') and the constraint ('c') since the previous row (applied/skipped,
                 s'y, s'Bs, first-update scale)
  result.json    the final numbers and the design

Usage: python3 run_trust_constr.py hbto --method nnj --maxiter 120 --out out/hbto-nnj
"""

import argparse
import contextlib
import csv
import io
import json
import os
import sys
import time

import numpy as np
from scipy.optimize import Bounds, NonlinearConstraint, minimize, BFGS
import scipy.optimize._trustregion_constr.equality_constrained_sqp as sqp_module

import paper_problem
import savedmodel

HERE = os.path.dirname(os.path.abspath(__file__))
NETWORKS = os.path.join(HERE, '..', '..', 'data', 'reference', 'paper-networks')

# ---------------------------------------------------------------------------------------------
# Instrumentation: wrappers that record and then call SciPy's own functions unchanged.

EVENTS = []


class RecordingBFGS(BFGS):
    """SciPy's BFGS, recording each update's outcome (the tests mirror BFGS.update/_update_implementation)."""

    def __init__(self, tag):
        super().__init__()
        self.tag = tag

    def initialize(self, n, approx_type):
        super().initialize(n, approx_type)
        # the same identity in Fortran order: BLAS symv/syr then work in place instead of copying
        # the n x n matrix at every product (same numbers, 10x faster at n = 3600)
        if self.B is not None:
            self.B = np.asfortranarray(self.B)

    def update(self, delta_x, delta_grad):
        event = {'kind': 'bfgs', 'tag': self.tag, 'snorm': float(np.linalg.norm(delta_x))}
        if np.all(delta_x == 0.0):
            event['outcome'] = 'zero-s'
        elif np.all(delta_grad == 0.0):
            event['outcome'] = 'zero-y'
        else:
            first = self.first_iteration
            scale = self._auto_scale(delta_x, delta_grad) if first else None
            sy = float(np.dot(delta_x, delta_grad))
            bs = self.dot(delta_x) * (scale if first else 1.0)
            sbs = float(bs.dot(delta_x))
            event.update(sy=sy, sBs=sbs, first_scale=scale,
                         outcome='skipped' if sy <= self.min_curvature * sbs else 'applied')
        EVENTS.append(event)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return super().update(delta_x, delta_grad)


_dogleg = sqp_module.modified_dogleg
_pcg = sqp_module.projected_cg


def recording_dogleg(A, Y, b, trust_radius, lb, ub):
    dn = _dogleg(A, Y, b, trust_radius, lb, ub)
    EVENTS.append({'kind': 'normal', 'dn': float(np.linalg.norm(dn)), 'radius_n': float(trust_radius),
                   'newton': bool(np.linalg.norm(dn) > 0 and np.allclose(dn, -Y.dot(b)))})
    return dn


def recording_pcg(H, c, Z, Y, b, trust_radius=np.inf, lb=None, ub=None, **kw):
    dt, info = _pcg(H, c, Z, Y, b, trust_radius, lb, ub, **kw)
    EVENTS.append({'kind': 'cg', 'dt': float(np.linalg.norm(dt)), 'cg_iter': info['niter'],
                   'cg_stop': info['stop_cond'], 'hits_boundary': bool(info['hits_boundary'])})
    return dt, info


sqp_module.modified_dogleg = recording_dogleg
sqp_module.projected_cg = recording_pcg


# ---------------------------------------------------------------------------------------------

def build_problem(args):
    if args.formulation == 'hbto':
        net = savedmodel.KerasMlp(os.path.join(NETWORKS, 'hbto-hole-cell-1e4'))
        return paper_problem.ComplianceProblem('hbto', net, keras_float32=not args.no_float32,
                                               coupling_limit=args.coupling_limit)
    if args.method == 'simp':
        return paper_problem.ComplianceProblem('dbto', simp=True, exact_dbto_jacobian=args.exact_jacobian)
    net = savedmodel.KerasMlp(os.path.join(NETWORKS, 'dbto-simp-1e4'))
    return paper_problem.ComplianceProblem('dbto', net, keras_float32=not args.no_float32,
                                           exact_dbto_jacobian=args.exact_jacobian)


def run(args):
    problem = build_problem(args)
    x0 = problem.start()
    if args.perturb is not None:
        # a roundoff-sized change of the start (relative 1e-15) to see how far roundoff alone moves a run
        x0 = x0 * (1 + 1e-15 * np.random.default_rng(args.perturb).uniform(-1, 1, x0.size))
    rows = []
    evaluations = []
    fun = problem.fun

    def objective(x):
        value = fun(x)
        EVENTS.append({'kind': 'eval', 'f': value})
        return value

    last = {'x': x0.copy(), 'events': 0}

    def callback(x, state):
        events = EVENTS[last['events']:]
        last['events'] = len(EVENTS)
        accepted = not np.array_equal(x, last['x'])
        change = float(np.max(np.abs(x - last['x'])))
        last['x'] = x.copy()
        row = {
            'niter': state.nit, 'nfev': state.nfev, 'cg_niter': state.cg_niter,
            'objective': float(state.fun), 'tr_radius': float(state.tr_radius),
            'optimality': float(state.optimality), 'constr_violation': float(state.constr_violation),
            'penalty': float(state.constr_penalty), 'barrier_parameter': float(state.barrier_parameter),
            'barrier_tolerance': float(state.barrier_tolerance), 'cg_stop_cond': state.cg_stop_cond,
            'accepted': accepted, 'max_change': change,
            'trials': sum(1 for e in events if e['kind'] == 'eval'),
        }
        normal = [e for e in events if e['kind'] == 'normal']
        cg = [e for e in events if e['kind'] == 'cg']
        if normal:
            row['dn'] = normal[-1]['dn']
            row['newton_point'] = normal[-1]['newton']
        if cg:
            row.update(dt=cg[-1]['dt'], cg_iter=cg[-1]['cg_iter'], cg_stop=cg[-1]['cg_stop'],
                       hits_boundary=cg[-1]['hits_boundary'])
        for tag in ('f', 'c'):
            ups = [e for e in events if e['kind'] == 'bfgs' and e['tag'] == tag]
            row[f'bfgs_{tag}'] = ';'.join(
                e['outcome'] + (f"(sy={e['sy']:.3e},sBs={e['sBs']:.3e}"
                                + (f",scale={e['first_scale']:.4e}" if e.get('first_scale') else '') + ')'
                                if 'sy' in e else '') for e in ups)
        rows.append(row)
        if args.progress and state.nit % args.progress == 0:
            print(f"niter {state.nit}: {state.fun:.6f} radius {state.tr_radius:.3e} mu {state.barrier_parameter:.1e}",
                  file=sys.stderr, flush=True)
        return False

    bounds = Bounds(0.0, 1.0, keep_feasible=True)
    constraint = NonlinearConstraint(problem.constraint, 0.0, 0.0, jac=problem.constraint_jacobian,
                                     hess=RecordingBFGS('c'), keep_feasible=True)
    options = {'maxiter': args.maxiter, 'disp': True, 'verbose': 3}
    if not args.dense:
        options['sparse_jacobian'] = True
    log = io.StringIO()
    start = time.time()
    with contextlib.redirect_stdout(log):
        result = minimize(objective, x0, jac=problem.grad, hess=RecordingBFGS('f'), method='trust-constr',
                          bounds=bounds, constraints=constraint, tol=1e-3, options=options, callback=callback)
    seconds = time.time() - start
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'log.txt'), 'w') as f:
        f.write(log.getvalue())
    keys = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with open(os.path.join(args.out, 'iterations.csv'), 'w', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    summary = {
        'formulation': args.formulation, 'method': args.method, 'compliance': float(result.fun),
        'iterations': int(result.nit), 'evaluations': int(result.nfev), 'cg_iterations': int(result.cg_niter),
        'optimality': float(result.optimality), 'constraint_violation': float(result.constr_violation),
        'status': int(result.status), 'message': result.message, 'seconds': seconds,
        'sparse_jacobian': not args.dense, 'keras_float32': not args.no_float32,
        'x': result.x.tolist(),
    }
    with open(os.path.join(args.out, 'result.json'), 'w') as f:
        json.dump(summary, f)
    print(f"{args.formulation}-{args.method}: compliance {result.fun:.4f} after {result.nit} iterations "
          f"({result.nfev} evaluations, {result.message}) in {seconds:.0f} s")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('formulation', choices=['dbto', 'hbto'])
    parser.add_argument('--method', default='nnj', choices=['nnj', 'simp'],
                        help='nnj: the network with its analytic Jacobian; simp: DBTO with SIMP (no network)')
    parser.add_argument('--maxiter', type=int, default=3000)
    parser.add_argument('--out', required=True)
    parser.add_argument('--dense', action='store_true', help="the paper's dense projections (slow)")
    parser.add_argument('--no-float32', action='store_true', help="no float32 cast of the network's inputs")
    parser.add_argument('--exact-jacobian', action='store_true', help='DBTO volume Jacobian 1/N instead of the paper\'s ones')
    parser.add_argument('--coupling-limit', action='store_true', help='HBTO: also limit C12 as ntopo does')
    parser.add_argument('--progress', type=int, default=0, help='print a line every N iterations')
    parser.add_argument('--perturb', type=int, help='multiply the start by 1 + 1e-15 U(-1, 1) with this seed')
    run(parser.parse_args())


if __name__ == '__main__':
    main()

"""Grid workloads for tests/test_sweep.py, run in a subprocess whose device count is fixed by
XLA_FLAGS before JAX starts: writes every result to the .npz file named by argv[1]. With three
more arguments (coordinator HOST:PORT, process count, process index) it is one process of a
multi-host run with 2 CPU devices per process, and runs the gather subset of :func:`results`."""

import sys

import jax
import numpy as np

from paperchecks.sims import lmo, momentum, spt_task, sweep
from paperchecks.sims.linreg import Problem, exact_risk_grid, iterations_to_target, monte_carlo_risk


def results(gather_only: bool = False) -> dict[str, np.ndarray]:
    """Every workload's numbers; ``gather_only``: the exact grid, the first passage, Monte Carlo and
    one LMO geometry (the multi-host test checks the gather, which every workload shares)."""
    problem = Problem.power_law(300, capacity=1.5, source=2.5, noise_var=0.01)
    lrs = np.geomspace(0.01, 0.5, 7) / problem.eigenvalues.sum()  # 7 rows: not a multiple of 4
    out = {"devices": np.array(len(sweep.devices()))}
    for k, curve in enumerate(exact_risk_grid(problem, "hb", lr=lrs, momentum=0.5, batch=4, steps=300, averaging="uniform")):
        out[f"grid_{k}"] = curve.risk
    out["first_passage"] = iterations_to_target(problem, "sgd", lr=lrs * 50, target=0.1, max_steps=5000)
    mc = monte_carlo_risk(problem, "asgd", lr=0.1, momentum=0.5, alpha=0.05, batch=2, steps=100, seeds=7, key=jax.random.key(3))
    out["mc_mean"], out["mc_se"] = mc.mean, mc.se
    if gather_only:
        run = lmo.simulate(
            lmo.bound_problems()["linf"], "linf", lr=[1e-2, 3e-2, 0.1], momentum=0.9, batch=2, steps=40, seeds=3, key=jax.random.key(1)
        )
        out["lmo_linf"], out["lmo_linf_final"] = run.mean_dual_grad, run.final
        return out
    lam = problem.eigenvalues[:100]
    out["gaps"] = momentum.contraction_gap(
        lam, "asgd", lr=np.geomspace(1e-3, 1, 37)[:, None], momentum=0.9, alpha=0.01, batch=2.0 ** np.arange(3)
    )
    out["tuned"] = momentum.tuned_gap(lam, "hb", 2.0 ** np.arange(3)).gap
    for geometry, q in lmo.bound_problems().items():
        run = lmo.simulate(q, geometry, lr=[1e-2, 3e-2, 0.1], momentum=0.9, batch=2, steps=40, seeds=3, key=jax.random.key(1))
        out[f"lmo_{geometry}"] = run.mean_dual_grad
        out[f"lmo_{geometry}_final"] = run.final
    trained = spt_task.train(spt_task.init_seeds([0, 1, 2]), "mlm", 20, seeds=[0, 1, 2], eval_every=10)
    out["spt_distance"], out["spt_wq"] = trained.distance, np.asarray(trained.params["Wq"])
    return out


if __name__ == "__main__":
    if len(sys.argv) > 2:  # one process of a multi-host run: coordinator address, processes, index
        sweep.configure(2, coordinator=sys.argv[2], processes=int(sys.argv[3]), process_id=int(sys.argv[4]))
    np.savez(sys.argv[1], **results(gather_only=len(sys.argv) > 2))

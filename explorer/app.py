"""The power-law schedule explorer page (Panel on Bokeh): ``paperchecks explore`` serves it,
``explorer.app()`` shows it inline in a notebook.

Controls on the left (problem, optimizer, schedule, LMO exponents); on the right, log-log plots with
linked step axes: the schedules (eta, 1 - beta, batch) and the exact expected risk with the
predicted slope drawn through its last point, then the LMO bound against the budget, and a table of
predicted vs fitted slope, gamma* and the LMO optimum. Every slider change recomputes only what it
affects (:mod:`explorer.compute`; the risk re-uses the compiled recursion). The state is mirrored in
the URL query string; "pin" keeps the current risk curve for comparison; downloads give the plots
as PNG and the schedule as a Python snippet. A rejected combination shows its message and keeps the
last valid curves.
"""

from __future__ import annotations

import io
import socket

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure

from paperchecks.explorer import compute
from paperchecks.explorer.compute import Controls
from paperchecks.sims import refinement

__all__ = ["EXPONENT_FIELDS", "Explorer", "PIN_COLORS", "app", "free_port", "serve"]

PIN_COLORS = ("#999999", "#bbbbbb", "#777777", "#cccccc")
EXPONENT_FIELDS = (("lr_exponent", "lr"), ("momentum_exponent", "alpha"), ("batch_exponent", "batch"))


def _widgets(c: Controls) -> dict:
    """One widget per :class:`Controls` field (name = field name)."""
    exponents = compute.optimal_exponents(c.regime)
    w = pn.widgets
    return {
        "capacity": w.FloatSlider(label="capacity a", start=1.05, end=4.0, step=0.05, value=c.capacity),
        "source": w.FloatSlider(label="source b", start=1.05, end=5.0, step=0.05, value=c.source),
        "noise": w.FloatSlider(label="noise σ²", start=0.0, end=1.0, step=0.01, value=c.noise),
        "dim": w.Select(label="dimension d", options=[100, 300, 1000, 3000], value=c.dim),
        "method": w.Select(label="optimizer", options=list(compute.METHODS), value=c.method),
        "batch": w.Select(label="batch B", options=[1, 2, 4, 8, 16, 32, 64], value=c.batch),
        "momentum": w.FloatSlider(label="momentum β (HB, ASGD)", start=0.0, end=0.99, step=0.01, value=c.momentum),
        "alpha": w.FloatSlider(label="ASGD α", start=0.0, end=0.5, step=0.01, value=c.alpha),
        "averaging": w.Select(label="averaging", options=list(compute.AVERAGINGS), value=c.averaging),
        "family": w.Select(label="schedule", options=list(compute.FAMILIES), value=c.family),
        "multiplier": w.FloatSlider(label="lr multiplier m (η = m / tr H)", start=0.01, end=2.0, step=0.01, value=c.multiplier),
        "gamma": w.FloatSlider(label="decay γ", start=0.0, end=1.0, step=0.01, value=c.gamma, css_classes=["gamma-slider"]),
        "offset": w.FloatSlider(label="offset t₀", start=0.0, end=1000.0, step=1.0, value=c.offset),
        "horizon": w.Select(label="horizon T", options=[1000, 3000, 10_000, 30_000], value=c.horizon),
        "stable_fraction": w.FloatSlider(label="WSD stable fraction", start=0.0, end=0.95, step=0.05, value=c.stable_fraction),
        "grad_profile": w.Select(
            label="gradient norms G_t (last-iterate bound)", options=list(refinement.GRADIENT_PROFILES), value=c.grad_profile
        ),
        "regime": w.Select(label="LMO regime", options=list(compute.REGIMES), value=c.regime),
        "lr_exponent": w.FloatSlider(
            label="LMO: η ∝ budget^p", start=-1.0, end=0.0, step=0.01, value=compute.or_default(c.lr_exponent, exponents["lr"])
        ),
        "momentum_exponent": w.FloatSlider(
            label="LMO: 1 − β ∝ budget^q", start=-1.0, end=0.0, step=0.01, value=compute.or_default(c.momentum_exponent, exponents["alpha"])
        ),
        "batch_exponent": w.FloatSlider(
            label="LMO: B ∝ budget^r (R4)",
            start=0.0,
            end=1.0,
            step=0.01,
            value=compute.or_default(c.batch_exponent, exponents.get("batch", 0.0)),
        ),
    }


class Explorer:
    """One page: widgets, Bokeh sources and the update logic (one instance per browser session).

    Reference: README.md, "Explore power-law schedules"; docs/papers/anytime.md §3.2, docs/papers/lmo.md §5.
    """

    def __init__(self, controls: Controls | None = None, notice: str = ""):
        self.controls = controls or Controls()
        self.widgets = _widgets(self.controls)
        self.message = pn.pane.Alert("", alert_type="danger", visible=False)
        self.notice = pn.pane.Alert(notice, alert_type="warning", visible=bool(notice), name="url-notice")
        self.table = pn.pane.Markdown("", name="summary")
        self.code = pn.pane.Markdown("")
        self.pins: list[tuple[str, np.ndarray, np.ndarray]] = []
        self.schedule_source = ColumnDataSource({"step": [], "lr": [], "one_minus_beta": [], "batch": []}, name="schedule-source")
        self.refined_source = ColumnDataSource({"step": [], "lr": []}, name="refined-source")
        self.risk_source = ColumnDataSource({"step": [], "risk": []}, name="risk-source")
        self.slope_source = ColumnDataSource({"step": [], "risk": []}, name="slope-source")
        self.pin_source = ColumnDataSource({"xs": [], "ys": [], "color": []}, name="pin-source")
        self.lmo_source = ColumnDataSource({"budget": [], "optimal": [], "chosen": []}, name="lmo-source")
        self.hyper_source = ColumnDataSource(
            {k: [] for k in ("budget", "lr", "alpha", "batch", "lr_c", "alpha_c", "batch_c")}, name="hyper-source"
        )
        self.figures = self._figures()
        self._curve = None
        self._resetting = False
        self._update(lmo=True)
        self._show_family_controls()
        for name, widget in self.widgets.items():
            widget.param.watch(lambda event, name=name: self._changed(name), "value")

    def _show_family_controls(self):
        """gamma and t0 belong to the inverse power, the stable fraction to WSD, alpha to ASGD; beta
        to HB, ASGD and the LMO regimes that hold it fixed (R1, R3)."""
        family, w = self.widgets["family"].value, self.widgets
        w["gamma"].visible = w["offset"].visible = family == "inverse_power"
        w["stable_fraction"].visible = family == "wsd"
        w["alpha"].visible = w["method"].value == "asgd"
        w["momentum"].visible = w["method"].value != "sgd" or w["regime"].value in ("R1", "R3")

    # -- layout ---------------------------------------------------------------------------------

    def _figures(self):
        common = dict(
            x_axis_type="log", y_axis_type="log", height=300, sizing_mode="stretch_width", tools="pan,wheel_zoom,box_zoom,reset,save"
        )
        sched = figure(title="schedules vs step", x_axis_label="step t", **common)
        sched.line("step", "lr", source=self.schedule_source, legend_label="η_t", line_width=2)
        sched.line("step", "one_minus_beta", source=self.schedule_source, legend_label="1 − β", color="orange", line_width=2)
        sched.line("step", "batch", source=self.schedule_source, legend_label="batch B", color="green", line_width=2)
        sched.line("step", "lr", source=self.refined_source, legend_label="refined for G_t (peak η_0)", color="black", line_dash="dashed")
        risk = figure(title="exact expected excess risk", x_axis_label="step t", x_range=sched.x_range, **common)
        risk.multi_line("xs", "ys", source=self.pin_source, color="color", line_dash="dashed", line_width=1.5)
        risk.line("step", "risk", source=self.risk_source, legend_label="exact risk", line_width=2)
        risk.line("step", "risk", source=self.slope_source, legend_label="predicted slope", color="red", line_dash="dotted", line_width=2)
        lmo = figure(title="LMO bound Φ vs budget", x_axis_label="budget", **common)
        lmo.line("budget", "optimal", source=self.lmo_source, legend_label="Φ* (tuned at every budget)", line_width=2)
        lmo.line(
            "budget",
            "chosen",
            source=self.lmo_source,
            legend_label="Φ (chosen exponents)",
            color="purple",
            line_dash="dashed",
            line_width=2,
        )
        hyper = figure(
            title="LMO-optimal hyper-parameters vs budget (dashed: chosen power laws)", x_axis_label="budget", x_range=lmo.x_range, **common
        )
        for key, label, color in (("lr", "η*", "#1f77b4"), ("alpha", "1 − β*", "orange"), ("batch", "B*", "green")):
            hyper.line("budget", key, source=self.hyper_source, legend_label=label, color=color, line_width=2)
            hyper.line("budget", f"{key}_c", source=self.hyper_source, color=color, line_dash="dashed", line_width=1.5)
        for fig in (sched, risk, lmo, hyper):
            fig.legend.location = "bottom_left"
            fig.legend.label_text_font_size = "8pt"
        return {"schedules": sched, "risk": risk, "lmo": lmo, "hyper": hyper}

    def layout(self):
        """The page: the controls (problem, optimizer, schedule, LMO bound; pin, clear and download
        buttons) in a column beside the schedule, risk and LMO-bound plots, the slope table and the
        schedule's code (README.md, "Explore power-law schedules").

        Returns:
            The Panel layout.
        """
        w = self.widgets
        pin = pn.widgets.Button(label="pin curve", color="primary")
        clear = pn.widgets.Button(label="clear pins")
        pin.on_click(lambda _: self._pin())
        clear.on_click(lambda _: self._clear_pins())
        png = pn.widgets.FileDownload(callback=self._png, filename="explorer.png", label="plots as PNG", embed=False)
        code = pn.widgets.FileDownload(callback=self._snippet_file, filename="schedule.py", label="schedule as Python", embed=False)
        groups = [
            pn.pane.Markdown("### problem"),
            *(w[k] for k in ("capacity", "source", "noise", "dim")),
            pn.pane.Markdown("### optimizer"),
            *(w[k] for k in ("method", "batch", "momentum", "alpha", "averaging")),
            pn.pane.Markdown("### schedule"),
            *(w[k] for k in ("family", "multiplier", "gamma", "offset", "horizon", "stable_fraction", "grad_profile")),
            pn.pane.Markdown("### LMO bound"),
            *(w[k] for k in ("regime", "lr_exponent", "momentum_exponent", "batch_exponent")),
            pn.Row(pin, clear),
            pn.Row(png, code),
        ]
        plots = pn.Column(
            self.notice,
            self.message,
            pn.pane.Bokeh(self.figures["schedules"]),
            pn.pane.Bokeh(self.figures["risk"]),
            pn.pane.Markdown(
                "#### The LMO bound's view (lmo paper)\nA separate model: the bound Φ of normalized SGD / Signum / Muon for the"
                " regime and exponents chosen on the left, not the risk curve above."
            ),
            pn.Row(pn.pane.Bokeh(self.figures["lmo"]), pn.pane.Bokeh(self.figures["hyper"]), sizing_mode="stretch_width"),
            self.table,
            self.code,
            sizing_mode="stretch_width",
        )
        return pn.Row(pn.Column(*groups, width=320), plots, sizing_mode="stretch_width")

    # -- updates --------------------------------------------------------------------------------

    def _changed(self, name: str):
        self.notice.visible = False  # a link's notice lasts until the first change
        if name in ("family", "method", "regime"):
            self._show_family_controls()
        if name == "regime":  # a new regime starts from its optimal exponents
            exponents = compute.optimal_exponents(self.widgets["regime"].value)
            self._resetting = True  # one update for the regime, not one per exponent slider
            try:
                for field, key in EXPONENT_FIELDS:
                    self.widgets[field].value = exponents.get(key, 0.0)
            finally:
                self._resetting = False
        elif self._resetting:
            return
        self._update(lmo=name in ("regime", "batch", "momentum", *(f for f, _ in EXPONENT_FIELDS)))

    def _read(self) -> Controls:
        values = {name: widget.value for name, widget in self.widgets.items()}
        exponents = compute.optimal_exponents(values["regime"])
        for field, key in EXPONENT_FIELDS:
            if abs(values[field] - exponents.get(key, 0.0)) < 5e-3:
                values[field] = None  # at the optimum: the URL stays short and the regime's value is used
        return Controls(**values)

    def _update(self, *, lmo: bool):
        """Recompute what changed; on a rejected combination show the message, keep the curves."""
        try:
            c = self._read()
            curve = compute.risk(c)
            slopes = compute.slopes(c, curve)
            bound = compute.bound_view(c)
            view = compute.lmo_view(c) if lmo or self._curve is None else None
        except ValueError as err:
            self.message.object = f"**Not shown:** {err}. The last valid curves stay visible."
            self.message.visible = True
            return
        self.message.visible = False
        if curve.diverged:
            note = compute.divergence_note(curve, c.horizon).removeprefix("diverged")
            self.message.object = f"**Diverged**{note}: lower the lr multiplier or the momentum."
            self.message.visible = True
        self.controls, self._curve = c, curve
        self._draw(c, curve, slopes, view, bound)
        if pn.state.location is not None and pn.state.curdoc is not None:
            pn.state.location.search = "?" + c.to_query() if c.to_query() else ""

    def _draw(self, c, curve, slopes, view, bound):
        steps = np.unique(np.geomspace(1, c.horizon, 300).round().astype(int))
        table = compute.lr_table(c)  # one tabulation per update (a new schedule closure is traced each time)
        lr = table[steps - 1]
        refined = bound.refined[np.minimum(steps, bound.refined.size) - 1] * table[0]
        self.refined_source.data = {"step": steps[refined > 0], "lr": refined[refined > 0]}
        self.schedule_source.data = {
            "step": steps,
            "lr": lr,
            # SGD has no momentum: no 1 - beta line (NaN is a gap in Bokeh), instead of one hidden under the batch line
            "one_minus_beta": np.full(steps.shape, max(1.0 - c.momentum, 1e-3) if c.method != "sgd" else np.nan),
            "batch": np.full(steps.shape, float(c.batch)),
        }
        keep = (curve.steps > 0) & (curve.risk > 0)
        x, y = curve.steps[keep], curve.risk[keep]
        self.risk_source.data = {"step": x, "risk": y}
        if curve.diverged or not x.size:  # no prediction drawn from a blown-up point
            self.slope_source.data = {"step": [], "risk": []}
        else:
            guide = np.array([x[-1] / 64, x[-1]])
            self.slope_source.data = {"step": guide, "risk": y[-1] * (guide / x[-1]) ** -slopes.predicted}
        if view is not None:
            self.lmo_source.data = {"budget": view.budgets, "optimal": view.optimal, "chosen": view.chosen}
            self.hyper_source.data = {"budget": view.budgets, **view.optimal_hyper, **{f"{k}_c": v for k, v in view.chosen_hyper.items()}}
            self._lmo = view
        self.table.object = self._summary(c, slopes, self._lmo, bound)
        self.code.object = "```python\n" + compute.snippet(c) + "```"

    def _summary(self, c, slopes, view, bound):
        def exps(d):
            return ", ".join(f"{k} {v:+.3f}" for k, v in d.items())

        return (
            "| quantity | value |\n|---|---|\n"
            f"| predicted slope ({slopes.rule}) | {slopes.predicted:.3f} |\n"
            f"| fitted slope over [T/8, T] | {slopes.note or f'{slopes.fitted:.3f}'} |\n"
            f"| γ* = max(1 − a/b, 0) | {slopes.gamma_star:.3f} |\n"
            f"| LMO optimal exponents ({c.regime}) | {exps(view.optimal_exponents)} |\n"
            f"| chosen exponents | {exps(view.chosen_exponents)} |\n"
            f"| Φ chosen / Φ* at budget {view.budgets[-1]:.0e} | {view.chosen[-1] / view.optimal[-1]:.3f} |\n"
            f"| last-iterate bound Ω*_T of this schedule (convex, G_t = {c.grad_profile}, D = 1) | {bound.bound:.4g} |\n"
            f"| its tuned peak step c* (Ω*_T = 2√(AB)) | {bound.base_step:.4g} |\n"
            f"| Ω*_T of the refined schedule for G_t (dashed above) | {bound.refined_bound:.4g} |\n"
        )

    # -- pins and downloads ---------------------------------------------------------------------

    def _pin(self):
        if self._curve is not None:
            self.pins.append((self.controls.to_query() or "defaults", self._curve.steps, self._curve.risk))
            self._draw_pins()

    def _clear_pins(self):
        self.pins.clear()
        self._draw_pins()

    def _draw_pins(self):
        self.pin_source.data = {
            "xs": [np.maximum(s, 1) for _, s, _ in self.pins],
            "ys": [np.maximum(r, 1e-300) for _, _, r in self.pins],
            "color": [PIN_COLORS[i % len(PIN_COLORS)] for i in range(len(self.pins))],
        }

    def _png(self):
        """The current plots rendered with matplotlib (no browser needed on the server)."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 3, figsize=(15, 4), constrained_layout=True)
        s, r, m = self.schedule_source.data, self.risk_source.data, self.lmo_source.data
        axes[0].loglog(s["step"], s["lr"], label="η_t")
        axes[0].loglog(s["step"], s["one_minus_beta"], label="1 − β")
        axes[1].loglog(r["step"], r["risk"], label="exact risk")
        for label, steps, risk in self.pins:
            axes[1].loglog(np.maximum(steps, 1), risk, ls="--", color="0.6", label=f"pinned: {label}")
        axes[2].loglog(m["budget"], m["optimal"], label="Φ*")
        axes[2].loglog(m["budget"], m["chosen"], ls="--", label="Φ chosen")
        for ax, title in zip(axes, ("schedules", "exact risk", "LMO bound"), strict=True):
            ax.set_title(title)
            ax.legend(fontsize=7)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        plt.close(fig)
        buffer.seek(0)
        return buffer

    def _snippet_file(self):
        return io.StringIO(compute.snippet(self.controls))


def app(query: str | None = None):
    """The explorer as a Panel layout (displays inline in Jupyter after ``pn.extension()``).

    Reference: README.md, "Explore power-law schedules".

    Args:
        query: a URL query string of :class:`explorer.compute.Controls` (None: the page's URL, or
            the defaults). A query the controls reject shows the defaults under a notice naming the
            parameter, never a blank page.

    Returns:
        The Panel layout.
    """
    if query is None and pn.state.location is not None and pn.state.location.search:
        query = pn.state.location.search
    try:
        controls, notice = (Controls.from_query(query) if query else Controls()), ""
    except ValueError as err:  # a bad or stale link: say what is wrong, show the defaults
        controls, notice = Controls(), f"**The link's settings were not used:** {err}. Showing the defaults."
    return Explorer(controls, notice).layout()


def free_port() -> int:
    """A free TCP port on the loopback interface.

    Reference: README.md, "Explore power-law schedules".

    Returns:
        The port.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int | None = None, *, open_browser: bool = True, threaded: bool = False):
    """Serve the explorer on 127.0.0.1 (a free port unless ``port`` is given); returns the server
    (a stoppable thread when ``threaded``).

    Reference: README.md, "Explore power-law schedules".

    Args:
        port: the port (None: a free one).
        open_browser: open the page in a browser.
        threaded: serve from a background thread.

    Returns:
        The Bokeh server (or the thread).
    """
    port = free_port() if port is None else port
    if not 1 <= port <= 65535:
        raise ValueError(f"port must be in [1, 65535], got {port!r}")
    return pn.serve(
        {"/": app},
        port=port,
        address="127.0.0.1",
        websocket_origin=[f"127.0.0.1:{port}", f"localhost:{port}"],
        show=open_browser,
        threaded=threaded,
        title="paperchecks explorer",
    )

"""The command line: list, check --json, unknown names (exit 2), reproduce's report."""

import json
import re
import subprocess
import sys

from paperchecks.cli import main


def test_list_shows_every_claim_with_provenance(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "linreg.monte_carlo_agrees_with_exact" in out
    assert "reconstructed" in out


def test_check_json_reports_verdicts(capsys):
    assert main(["check", "--claim", "linreg.asgd_special_cases", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["verdict"] == "PASS" and row["id"] == "linreg.asgd_special_cases"
    assert row["measured"] <= row["tolerance"]


def test_unknown_paper_and_claim_exit_2_listing_valid_names(capsys):
    assert main(["check", "--paper", "nonsense"]) == 2
    assert re.search(r"valid papers: anytime, linreg, .*, deeplinear\b", capsys.readouterr().err)
    assert main(["check", "--claim", "linreg.nonsense"]) == 2
    assert "linreg.batch_monotonicity" in capsys.readouterr().err
    assert main(["figures", "--paper", "nonsense"]) == 2


def test_console_script_bad_option_exits_2():
    proc = subprocess.run([sys.executable, "-m", "paperchecks.cli", "check", "--size", "huge"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "--size" in proc.stderr


def test_failing_claim_exits_1(monkeypatch, capsys):
    import paperchecks.checks.registry as registry

    claim = registry._REGISTRY["linreg.asgd_special_cases"]
    broken = registry.Evidence(0.0, 1.0, 1e-12, False)
    monkeypatch.setitem(registry._REGISTRY, claim.id, registry.Claim(**{**claim.__dict__, "fn": lambda size: broken}))
    assert main(["check", "--claim", "linreg.asgd_special_cases"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_json_output_of_a_diverged_claim_is_strict_json():
    from paperchecks import cli
    from paperchecks.checks.registry import Evidence, Outcome, Verdict, registered, verdict_for

    claim_ = registered()[0]
    evidence = Evidence(predicted=1.0, measured=float("nan"), tolerance=float("inf"), passed=False)
    outcome = Outcome(claim_, verdict_for(claim_, evidence), evidence, 0.5)
    assert outcome.verdict is Verdict.DIVERGED
    row = json.loads(json.dumps(cli._outcome_json(outcome), allow_nan=False))
    assert row["measured"] == "nan" and row["tolerance"] == "inf" and row["diverged"] is True and row["predicted"] == 1.0


def test_check_prints_progress_lines_and_predicted_beside_measured(capsys):
    """Issue 23: one progress line per claim on stderr also when it is not a terminal, and the
    prediction next to the measurement; unknown names get close matches."""
    assert main(["check", "--claim", "refinement.reference_values"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^\[1/1\] refinement\.reference_values PASS \d+\.\d s$", captured.err, re.M), captured.err
    assert "predicted spec values  measured max error" in captured.out
    assert main(["check", "--claim", "refinement.referense_values"]) == 2
    assert "did you mean refinement.reference_values" in capsys.readouterr().err

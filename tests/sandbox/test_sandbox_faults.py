"""`--fault` specs and the repeatable fault decisions behind them."""

import pytest

from gather_desktop.sandbox.faults import Fault, FaultInjector, GatherFaults, parse_faults


def test_specs_are_grouped_by_service_and_other_services_keep_their_keys():
    specs = ["gather:rate=200", "gather:seed=7", "hubspot:rate=100/10s", "salesforce:expire_session_after=50"]

    assert parse_faults(specs) == {
        "gather": {"rate": "200", "seed": "7"},
        "hubspot": {"rate": "100/10s"},
        "salesforce": {"expire_session_after": "50"},
    }


def test_gather_specs_become_typed_faults():
    specs = ["gather:rate=200", "gather:error_rate=0.2", "gather:latency_ms=20", "gather:seed=7"]
    specs.append("gather:html_error_rate=1.0")

    faults = GatherFaults.from_specs(parse_faults(specs)["gather"])

    assert faults == GatherFaults(rate=200.0, error_rate=0.2, latency_ms=20, seed=7, html_error_rate=1.0)
    assert GatherFaults.from_specs({}) == GatherFaults()


def test_an_unknown_gather_fault_names_the_spec_and_the_choices():
    with pytest.raises(ValueError) as problem:
        parse_faults(["gather:rat=5"])

    assert str(problem.value) == (
        "--fault gather:rat=5: unknown fault 'rat'; use one of rate, error_rate, latency_ms, seed, html_error_rate, reject_id."
    )


@pytest.mark.parametrize("spec", ["gather", "gather:rate", ":rate=5", "gather:=5", "gather:rate="])
def test_a_malformed_spec_is_rejected(spec):
    with pytest.raises(ValueError, match="SERVICE:KEY=VALUE"):
        parse_faults([spec])


BAD_VALUES = ["rate=abc", "rate=0", "error_rate=1.5", "html_error_rate=-1", "latency_ms=2.5", "seed=x"]


@pytest.mark.parametrize("setting", BAD_VALUES)
def test_a_bad_value_names_the_spec_and_what_is_allowed(setting):
    with pytest.raises(ValueError, match=f"--fault gather:{setting}: .* must be "):
        GatherFaults.from_specs(parse_faults([f"gather:{setting}"])["gather"])


def test_an_unknown_key_given_directly_is_rejected_too():
    with pytest.raises(ValueError, match="unknown fault 'rat'"):
        GatherFaults.from_specs({"rat": "5"})


def test_faults_built_directly_are_checked_too():
    with pytest.raises(ValueError, match="error_rate=2"):
        GatherFaults(error_rate=2)


def test_rate_limits_each_one_second_window():
    now = [10.25]
    injector = FaultInjector(GatherFaults(rate=2), clock=lambda: now[0])

    first_window = [injector.decide(is_write=False) for _ in range(3)]
    now[0] = 11.0
    next_window = injector.decide(is_write=False)

    assert first_window[:2] == [None, None]
    assert first_window[2].fault is Fault.RATE_LIMITED and first_window[2].retry_after == 1
    assert next_window is None


def test_error_rate_applies_to_writes_only_and_latency_sleeps():
    slept = []
    injector = FaultInjector(GatherFaults(error_rate=1.0, latency_ms=20), sleep=slept.append)

    assert injector.decide(is_write=False) is None
    assert injector.decide(is_write=True).fault is Fault.UNAVAILABLE
    assert slept == [0.02, 0.02]


def test_the_same_seed_and_order_give_the_same_decisions():
    def run(seed):
        injector = FaultInjector(GatherFaults(error_rate=0.3, html_error_rate=0.1, seed=seed))
        return [injector.decide(is_write=n % 3 != 0) for n in range(200)]

    assert run(7) == run(7)
    assert run(7) != run(8)

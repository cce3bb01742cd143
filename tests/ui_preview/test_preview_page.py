"""The Preview page: the same counts as the engine's preview (and so `gather-desktop preview`),
every record with the exact traits and reasons, a lazy table, and a window that keeps
answering while 100,000 records are previewed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from gather_desktop.core.integration import integration_to_dict, load_integration
from gather_desktop.engine.preview import run_preview
from gather_desktop.gather import GatherClient
from gather_desktop.sources.factory import open_source
from gather_desktop.store.database import open_database
from gather_desktop.ui.wizard.preview_page import PreviewPage
from gather_desktop.ui.wizard.preview_table import BATCH, PreviewTableModel
from gather_desktop.ui.wizard.state import ConditionDraft
from tests.ui_preview.conftest import connect, draft


def demo_draft(box, only_closed_won=False):
    """Accounts created by Gather_Id__c with an extra trait and a number filter (closed-won
    on demand); contacts created by Email with a text filter."""
    state = draft(box)
    state.accounts.id_field = "Gather_Id__c"
    state.accounts.extra_traits = ["AnnualRevenue"]
    state.accounts.only_closed_won = only_closed_won
    state.accounts.filter.enabled = True
    state.accounts.filter.conditions = [ConditionDraft("NumberOfEmployees", "gt", 50)]
    state.users.id_field = "Email"
    state.users.filter.enabled = True
    state.users.filter.conditions = [ConditionDraft("LastName", "ne", "Nobody")]
    return state


def engine_preview(box, state, tmp_path: Path):
    """The command line's preview of the same draft, on this (test) thread."""
    integration = load_integration(state_dict(state))
    info = box.connection_info()
    source = open_source(integration.source, state.secrets)
    gather = GatherClient(info["gather"]["url"], info["gather"]["api_key"])
    db = open_database(tmp_path / "engine" / "gather-desktop.db")
    try:
        return run_preview(integration, source, gather, db, limit=10_000)
    finally:
        source.close()
        gather.close()
        db.conn.close()


def state_dict(state):
    return integration_to_dict(state.to_integration())


def expected_reason(sample) -> str:
    notes = [sample["reason"]] if sample.get("reason") else []
    return " ".join(notes + [f"Warning: {w}" for w in sample.get("warnings", ())])


def run_page(qtbot, runner, state, timeout=60_000) -> PreviewPage:
    page = PreviewPage(state, runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.initializePage()
    assert page.running() and not page.isComplete()
    assert page.busy_bar.isVisible() and page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not page.running(), timeout=timeout)
    assert page.error_label.text() == ""
    assert page.isComplete()
    return page


def all_rows(model: PreviewTableModel) -> list[list[str]]:
    while model.canFetchMore():
        model.fetchMore()
    return [[model.data(model.index(row, column)) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


@pytest.mark.parametrize("only_closed_won", [False, True])
def test_counts_traits_and_reasons_match_the_engine_preview(qtbot, job_runner, demo_sandbox,
                                                            tmp_path, only_closed_won):
    connect(qtbot, job_runner, demo_sandbox)
    state = demo_draft(demo_sandbox, only_closed_won)
    expected = engine_preview(demo_sandbox, state, tmp_path)

    page = run_page(qtbot, job_runner, state)

    assert list(page.tabs_by_model) == list(expected.models) == ["account", "user"]
    for name, model_preview in expected.models.items():
        tab = page.tabs_by_model[name]
        assert tab.rows.counts == model_preview.counts
        counts = model_preview.counts
        assert tab.counts_label.text().startswith(
            f"{counts['matched']:,} matched: {counts['will_create']:,} will create, "
            f"{counts['will_update']:,} will update, {counts['unchanged']:,} unchanged, "
            f"{counts['not_in_gather']:,} not in Gather, {counts['invalid']:,} invalid")
        model = tab.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal)
                   for c in range(model.columnCount())]
        assert headers[:2] == ["Source Id", "Action"] and headers[-1] == "Reason"
        traits = headers[2:-1]
        rows = all_rows(model)
        assert len(rows) == counts["matched"] == len(model_preview.sample)
        for shown, sample in zip(rows, model_preview.sample):
            assert shown[0] == sample["source_id"]
            assert shown[-1] == expected_reason(sample)
            assert set(sample["traits"]) <= set(traits)
        for row, sample in enumerate(model_preview.sample):
            assert model.traits(row) == sample["traits"]  # the exact payload, decoded

    if only_closed_won:
        return  # the closed-won accounts of the demo org are all valid
    accounts = page.tabs_by_model["account"]
    sample = expected.models["account"].sample
    invalid = [row for row, s in enumerate(sample) if s["action"] == "invalid"]
    created = [row for row, s in enumerate(sample) if s["action"] == "create"]
    assert invalid and created  # the demo org has blank and duplicated Gather IDs
    model = accounts.model
    reason_column = model.columnCount() - 1
    assert model.data(model.index(invalid[0], 1)) == "Invalid"
    assert model.data(model.index(invalid[0], reason_column)).startswith(sample[invalid[0]]["reason"])
    assert model.data(model.index(invalid[0], reason_column), Qt.ItemDataRole.ToolTipRole) \
        .startswith(sample[invalid[0]]["reason"])
    red = model.data(model.index(invalid[0], 1), Qt.ItemDataRole.ForegroundRole).color()
    green = model.data(model.index(created[0], 1), Qt.ItemDataRole.ForegroundRole).color()
    assert red.red() > red.green() and green.green() > green.red()
    revenue = [c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == "annual_revenue"]
    assert revenue, "the extra trait has its column"
    value = sample[created[0]]["traits"]["annual_revenue"]
    assert model.data(model.index(created[0], revenue[0])) == ("" if value is None else str(value))
    assert "will not be sent" in page.summary_label.text()


def test_filtering_by_invalid_and_searching_by_source_id(qtbot, job_runner, demo_sandbox):
    connect(qtbot, job_runner, demo_sandbox)
    page = run_page(qtbot, job_runner, demo_draft(demo_sandbox))
    tab = page.tabs_by_model["account"]
    invalid = tab.rows.counts["invalid"]

    qtbot.mouseClick(tab.filter_buttons["invalid"], Qt.MouseButton.LeftButton)
    assert tab.model.total() == tab.model.rowCount() == invalid > 0
    assert {tab.model.data(tab.model.index(r, 1)) for r in range(invalid)} == {"Invalid"}
    assert all(tab.model.data(tab.model.index(r, tab.model.columnCount() - 1))
               for r in range(invalid))
    assert tab.shown_label.text().startswith(f"{invalid:,} of ")

    wanted = tab.model.row(0)[0]
    tab.filter_buttons[None].click()
    tab.search_edit.setText(wanted[-6:].lower())
    qtbot.waitUntil(lambda: tab.model.total() == 1, timeout=2000)
    assert tab.model.data(tab.model.index(0, 0)) == wanted


def test_the_table_fetches_rows_in_batches_and_decodes_only_what_is_shown(qtbot):
    rows = [(f"001{n:015d}", "invalid" if n % 7 == 0 else "create",
             json.dumps({"id": f"G-{n}", "name": f"Account {n}", "tier": None}),
             "Gather_Id__c is empty." if n % 7 == 0 else None) for n in range(1234)]
    model = PreviewTableModel(rows, ["id", "name", "tier"])
    assert model.rowCount() == BATCH and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * BATCH
    model.fetchMore()
    assert model.rowCount() == 1234 and not model.canFetchMore()
    assert model.data(model.index(1233, 3)) == "Account 1233"
    assert model.data(model.index(1233, 4)) == ""
    assert len(model._decoded) == 1
    for row in range(1234):
        model.data(model.index(row, 2))
    assert len(model._decoded) <= 400
    model.set_filter("invalid")
    assert model.total() == len(range(0, 1234, 7)) and model.rowCount() == model.total()
    assert model.data(model.index(1, 1)) == "Invalid"


def longest_gap_ms(qtbot, until, timeout_ms: int) -> float:
    """The longest time between ticks of a 10 ms timer while `until()` is false."""
    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()
    qtbot.waitUntil(until, timeout=timeout_ms)
    qtbot.wait(50)
    probe.stop()
    return max(b - a for a, b in zip(ticks, ticks[1:])) * 1000


def test_a_scale_preview_keeps_the_window_responsive_and_scrolls_lazily(qtbot, job_runner,
                                                                         sandbox_process):
    box = sandbox_process(dataset="scale", accounts=100_000, contacts=0)
    connect(qtbot, job_runner, box)
    state = draft(box, "scale-preview")
    state.accounts.id_field = "Gather_Id__c"
    state.users.enabled = False
    idle_until = time.monotonic() + 2
    idle = longest_gap_ms(qtbot, lambda: time.monotonic() > idle_until, 5000)

    page = PreviewPage(state, job_runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    started = time.monotonic()
    page.initializePage()
    longest = longest_gap_ms(qtbot, lambda: not page.running(), 180_000)
    print(f"\nscale preview of 100,000 accounts in {time.monotonic() - started:.1f} s: longest "
          f"event-loop gap {longest:.0f} ms (the same probe on an idle loop: {idle:.0f} ms)")
    assert page.isComplete() and page.error_label.text() == ""
    tab = page.tabs_by_model["account"]
    assert tab.rows.counts["matched"] == tab.rows.counts["will_create"] == 100_000
    # Generous: shared test machines stall every thread now and then; the figure is printed.
    assert longest < max(1000, 3 * idle), f"the event loop stalled for {longest:.0f} ms"

    before = tab.model.rowCount()
    bar = tab.table.verticalScrollBar()
    for _ in range(3):
        bar.setValue(bar.maximum())
        qtbot.wait(20)
    assert before == BATCH < tab.model.rowCount() < 100_000


def test_closing_the_wizard_stops_its_preview_and_frees_the_worker(qtbot, job_runner,
                                                                   sandbox_process):
    """QWizard cleans up every visited page when it closes; the Preview page's cleanup
    cancels its job, so a closed wizard does not hold the worker for a whole read."""
    from gather_desktop.ui.wizard.page_ids import PageId
    from gather_desktop.ui.wizard.wizard import IntegrationWizard

    box = sandbox_process(dataset="scale", accounts=100_000, contacts=0)
    connect(qtbot, job_runner, box)
    state = draft(box, "closed-mid-preview")
    state.accounts.id_field = "Gather_Id__c"
    state.users.enabled = False
    wizard = IntegrationWizard(job_runner, state, start=PageId.PREVIEW)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.page(PageId.PREVIEW)
    qtbot.waitUntil(page.running, timeout=10000)
    qtbot.waitUntil(lambda: any(c.isdigit() for c in page.progress_label.text()),
                    timeout=60000)  # records are being read
    wizard.reject()
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=30000)
    assert not page.running()
    assert page.result is None  # stopped, not read to the end for a closed window
    assert "cancel" in page.error_label.text().lower() or "stop" in page.error_label.text().lower()

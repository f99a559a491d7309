"""Rules are wired in one place (``facilitator.rules``): no guard, agenda deriver or document section exists only
because some module happened to be imported first."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from facilitator import (
    action_minutes,
    conflict_minutes,
    figure_minutes,
    meeting_ops,
    minutes,
    notice_minutes,
    operations,
    rules,
)
from facilitator.actions import ActionReview
from facilitator.approval import refuse_changes_to_approved_minutes
from facilitator.escalation import EscalationReview
from facilitator.figure_ops import guard_figures
from facilitator.meetings import ItemKind
from facilitator.tablings import Tabling

ROOT = Path(__file__).resolve().parents[2]


def test_every_list_is_in_the_rules_module_and_nowhere_else() -> None:
    assert (refuse_changes_to_approved_minutes, guard_figures) == rules.EDIT_GUARDS
    assert [d.kind for d in rules.AGENDA_DERIVERS] == [ActionReview, EscalationReview, Tabling]
    assert rules.ITEM_SECTIONS[ItemKind.REVIEW_OF_ACTIONS][:2] == (
        action_minutes.review_of_actions,
        action_minutes.action_overrides,  # services before intervention: who went ahead anyway, and why
    )
    assert rules.ITEM_SECTIONS[ItemKind.REPORT_BACK][0] is action_minutes.escalations_and_report_back
    assert rules.ITEM_SECTIONS[ItemKind.CONFLICT][0] is conflict_minutes.conflicts_section
    assert rules.ITEM_SECTIONS[ItemKind.NOTICE][0] is notice_minutes.notices_section
    assert all(action_minutes.new_actions in rules.ITEM_SECTIONS[kind] for kind in ItemKind)
    # The street figures entered under an item follow whatever else the item prints.
    assert all(rules.ITEM_SECTIONS[kind][-1] is figure_minutes.figures_in_minutes for kind in ItemKind)
    # The registries that modules used to fill as they were imported are gone.
    assert not hasattr(operations, "EDIT_GUARDS")
    assert not hasattr(meeting_ops, "AGENDA_FILLERS")
    assert not hasattr(minutes, "ITEM_SECTIONS")


def test_the_operations_load_every_rule_they_need_whatever_was_imported_before() -> None:
    """In a fresh interpreter that imported only the operations on meetings, applying an edit brings in every
    guard, and starting a meeting every register that puts something before it."""
    script = textwrap.dedent(
        """
        import datetime as dt
        import sys

        from facilitator import clock
        from facilitator.clock import FrozenClock
        from facilitator.entities import Forum
        from facilitator.meeting_ops import new_meeting, start_meeting
        from facilitator.operations import save_forum
        from tests.core.fakes import MemoryStore

        registers = ("facilitator.approval", "facilitator.actions", "facilitator.escalation", "facilitator.conflicts")
        assert not any(name in sys.modules for name in registers), [n for n in registers if n in sys.modules]
        clock.use(FrozenClock(dt.datetime(2027, 3, 1, 9), "Europe/London"))
        store = MemoryStore()
        forum = Forum(name="Street round")
        save_forum(store, forum).apply(store)
        from facilitator.rules import EDIT_GUARDS  # loaded by the edit just applied, not by this line

        assert "facilitator.approval" in sys.modules
        print(sorted(guard.__name__ for guard in EDIT_GUARDS))
        edit, meeting = new_meeting(store, forum.id, dt.datetime(2027, 3, 1, 10), timezone="UTC")
        edit.apply(store)
        start_meeting(store, meeting.id, dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)).apply(store)
        print(all(name in sys.modules for name in registers))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['guard_figures', 'refuse_changes_to_approved_minutes']", "True"]


def test_what_only_reads_does_not_load_the_documents_until_their_lists_are_asked_for() -> None:
    """Home derives what each meeting carries (``AGENDA_DERIVERS``); the documents' sections and the merge's rules
    load when first asked for, each group on its own (minutes do not load the merge, nor the street report's
    trends), and are then the same lists every time."""
    script = textwrap.dedent(
        """
        import sys
        from facilitator.rules import AGENDA_DERIVERS, EDIT_GUARDS, WHEN_FIXED

        documents = ("facilitator.docmodel", "facilitator.figure_minutes", "facilitator.action_minutes")
        others = ("facilitator.merging", "facilitator.street_report", "facilitator.figure_trends")
        print(sorted(name for name in documents + others if name in sys.modules))
        from facilitator import rules
        from facilitator.rules import ITEM_SECTIONS

        print(all(name in sys.modules for name in documents))
        print(sorted(name for name in others if name in sys.modules))
        from facilitator.rules import RECORD_RULES

        print("facilitator.merging" in sys.modules)
        print(rules.ITEM_SECTIONS is ITEM_SECTIONS and rules.RECORD_RULES is RECORD_RULES)
        try:
            rules.NO_SUCH_LIST
        except AttributeError:
            print("refused")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:6] == ["[]", "True", "[]", "True", "True", "refused"]

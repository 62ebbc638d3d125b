"""What people write for others to read keeps no direction control that would garble its line."""

from __future__ import annotations

import pytest

from jfa.campaigns.forms import DressLogForm, PageForm, PageReportForm, TeamForm, TeamMessageForm
from jfa.core.text import without_direction_controls
from jfa.core.widgets import UserText
from jfa.donations.forms import DonationForm, ThanksNoteForm
from jfa.stories.forms import CommentForm, EditCommentForm, GuestCommentForm

SHOWN_TO_OTHERS = [
    (DonationForm, ["donor_name", "message"]),
    (ThanksNoteForm, ["note"]),
    (PageForm, ["display_name", "title", "pitch", "photo_alt"]),
    (TeamForm, ["name", "description"]),
    (DressLogForm, ["photo_alt", "caption"]),
    (TeamMessageForm, ["body"]),
    (PageReportForm, ["details"]),
    (CommentForm, ["body"]),
    (GuestCommentForm, ["name", "body"]),
    (EditCommentForm, ["body"]),
]


@pytest.mark.parametrize(("form", "names"), SHOWN_TO_OTHERS, ids=lambda value: getattr(value, "__name__", ""))
def test_every_field_people_write_for_others_drops_direction_controls(form, names):
    assert {name: type(form.base_fields[name]).__name__ for name in names} == dict.fromkeys(names, "UserText")


def test_only_the_controls_that_open_a_run_are_dropped():
    typed = "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j"
    assert without_direction_controls(typed) == "abcdefghij"
    # Right-to-left and left-to-right marks, and the joiners emoji and Persian need, stay.
    kept = "\u200f\u200e\u200d\u200c👩\u200d💻"
    assert without_direction_controls(kept) == kept
    assert UserText(required=False).clean(" \u202e Amara\u202c ") == "Amara"


def test_a_one_line_field_keeps_to_one_line_and_a_text_box_keeps_its_paragraphs():
    from django import forms

    assert UserText().clean("Ben\r\n  Tremblay\t") == "Ben Tremblay"
    assert UserText(widget=forms.Textarea).clean(" Day 3!\n\nKeep going. ") == "Day 3!\n\nKeep going."

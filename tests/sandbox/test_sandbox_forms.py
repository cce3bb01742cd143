"""Form bodies with bracket nesting, as `curl -d properties[title]=...` sends them."""

import pytest

from gather_desktop.sandbox.forms import parse_form


def test_brackets_nest_objects_to_any_depth():
    text = "user=4567&properties[title]=The Meaning of Life&properties[url]=https://meaning.life&a[b][c]=1"

    assert parse_form(text) == {
        "user": "4567",
        "properties": {"title": "The Meaning of Life", "url": "https://meaning.life"},
        "a": {"b": {"c": "1"}},
    }


def test_empty_brackets_and_repeated_keys_make_lists():
    assert parse_form("tags[]=a&tags[]=b&one[]=x&k=1&k=2") == {"tags": ["a", "b"], "one": ["x"], "k": ["1", "2"]}


def test_percent_escapes_and_blank_values_are_decoded():
    assert parse_form("name=Lovelace%2C+Inc&empty=&flag") == {"name": "Lovelace, Inc", "empty": "", "flag": ""}


def test_unpaired_brackets_are_a_plain_name():
    assert parse_form("a[b=1&[c]=2") == {"a[b": "1", "[c]": "2"}


@pytest.mark.parametrize("text", ["a=1&a[b]=2", "a[b]=2&a=1", "a[][b]=1"])
def test_ambiguous_shapes_are_rejected_with_a_message(text):
    with pytest.raises(ValueError, match="form field"):
        parse_form(text)

import pytest

from translator.emulator.resources import RESOURCES
from translator.emulator.selectors import match_fields, parse_fields, parse_labels

LABELS = {"app": "web", "tier": "front", "idx": "3", "flag": ""}


@pytest.mark.parametrize(
    "selector,expected",
    [
        ("app=web", True),
        ("app==web", True),
        ("app=db", False),
        ("app!=db", True),
        ("missing!=x", True),
        ("app in (web,db)", True),
        ("app in (db)", False),
        ("app notin (db)", True),
        ("missing notin (db)", True),
        ("app notin (web)", False),
        ("tier", True),
        ("missing", False),
        ("!missing", True),
        ("!tier", False),
        ("flag", True),
        ("flag=", True),
        ("app=web,tier=front", True),
        ("app=web,tier=back", False),
        ("idx>2", True),
        ("idx<2", False),
        ("app>2", False),
        (" app = web , tier in ( front ) ", True),
    ],
)
def test_label_selector_matches(selector, expected):
    assert parse_labels(selector)(LABELS) is expected


def test_empty_label_selector_is_none():
    assert parse_labels("") is None
    assert parse_labels(None) is None


@pytest.mark.parametrize(
    "selector,message",
    [
        ("app in (x", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("a b", "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'"),
        ("app=Bad Value!", "found 'Value', expected: ',' or 'end of string'"),
        ("a,", "found '', expected: identifier after ','"),
        (
            "idx>x",
            "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer",
        ),
    ],
)
def test_label_selector_errors_copy_the_apiserver(selector, message):
    with pytest.raises(ValueError) as exc:
        parse_labels(selector)
    assert str(exc.value).startswith(message)


def test_bad_label_value_is_rejected():
    with pytest.raises(ValueError, match="invalid label value"):
        parse_labels("app=-bad-")


POD_LABELS = RESOURCES["pods"].field_labels


def test_field_selector_terms_and_matching():
    terms = parse_fields("status.phase=Running,spec.nodeName!=n2", POD_LABELS)
    assert terms == [("status.phase", "=", "Running"), ("spec.nodeName", "!=", "n2")]
    assert match_fields(terms, {"status.phase": "Running", "spec.nodeName": "n1"})
    assert not match_fields(terms, {"status.phase": "Running", "spec.nodeName": "n2"})
    assert not match_fields(terms, {"status.phase": "Pending"})


def test_field_selector_double_equals_and_missing_value_reads_empty():
    terms = parse_fields("metadata.name==a,spec.nodeName=", POD_LABELS)
    assert match_fields(terms, {"metadata.name": "a"})


def test_field_selector_escaped_comma():
    terms = parse_fields(r"metadata.name=a\,b", POD_LABELS)
    assert terms == [("metadata.name", "=", "a,b")]


def test_unknown_field_label():
    with pytest.raises(ValueError, match="^field label not supported: metadata.labels$"):
        parse_fields("metadata.labels=x", POD_LABELS)
    with pytest.raises(ValueError, match="field label not supported: spec.podName"):
        parse_fields("spec.podName=x", RESOURCES["actions"].field_labels)


def test_owner_reference_hashkey_label_is_supported_for_pods():
    assert parse_fields("metadata.ownerReferences.hashkey.ReplicaSet=1", POD_LABELS)


def test_field_selector_without_operator():
    with pytest.raises(ValueError, match=r"can't understand '\[metadata.name\]'"):
        parse_fields("metadata.name", POD_LABELS)

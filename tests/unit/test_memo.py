"""The bounded memo: computes once per key, forgets everything when full."""

from translator import memo


def test_values_are_computed_once_per_key_and_forgotten_when_full():
    computed = []

    def compute(key):
        return lambda: computed.append(key) or key * 2
    remembered = memo.BoundedMemo(2)
    assert [remembered.get(k, compute(k)) for k in (1, 1, 2, 2)] == [2, 2, 4, 4]
    assert computed == [1, 2]
    remembered.get(3, compute(3))          # full: 1 and 2 are forgotten
    remembered.get(1, compute(1))
    assert computed == [1, 2, 3, 1]
    remembered.clear()
    remembered.get(3, compute(3))
    assert computed == [1, 2, 3, 1, 3]

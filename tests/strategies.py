"""Hypothesis strategies shared by the fuzz tests: hostile text and JSON-like values."""

from hypothesis import strategies as st

# Characters that have broken parsers before, drawn often: NUL and other controls, lone
# surrogates (valid in JSON as "\ud800", not encodable as UTF-8), line and paragraph
# separators, bidi overrides, a BOM, Latin-1 and astral characters.
NASTY_CHARACTERS = [
    "\x00", "\x01", "\x1f", "\x7f", "\x85", "\r", "\n", "\t", "\ud800", "\udfff", "\u2028",
    "\u202e", "\ufeff", "\ufffd", "\xe9", "\U0001f600", "\U0010ffff",
]  # fmt: skip

characters = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from(NASTY_CHARACTERS),
)


def text(alphabet=characters, *, pieces=(), max_size=60):
    """Text from `alphabet`, often with some of `pieces` (syntax of the format under test)."""
    # Lists of characters joined, not st.text: st.text never yields lone surrogates.
    chunk = st.lists(alphabet, max_size=8).map("".join)
    if pieces:
        chunk = st.one_of(chunk, st.sampled_from(list(pieces)))
    return st.lists(chunk, max_size=max_size // 4 or 1).map("".join)


numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 2**63 - 1, 2**63, 2**64, 10**20, True, False]),
)

scalars = st.one_of(st.none(), st.booleans(), numbers, text())

json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(text(max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)


# The same shapes with printable text and finite numbers: what passes the parsers' first checks,
# to reach the code behind them.
printable = st.characters(exclude_categories=("Cc", "Cs"))
tame_numbers = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
tame_json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), tame_numbers, text(printable)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(text(printable, max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)

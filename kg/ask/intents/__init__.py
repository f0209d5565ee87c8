"""One module per intent; importing this package declares them all, in order of precedence."""

from kg.ask.intents import (  # noqa: F401
    attendance,
    chair,
    owner,
    participants,
    person_work,
    action_items,
    issues,
    when,
    decisions,
    dates,
    discussions,
    search,
)

"""One module per intent; importing this package declares them all, in order of precedence."""

from kg.ask.intents import (  # noqa: F401
    action_items,
    attendance,
    chair,
    dates,
    decisions,
    discussions,
    issues,
    owner,
    participants,
    person_work,
    search,
    when,
)

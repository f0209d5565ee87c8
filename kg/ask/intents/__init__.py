"""One module per intent; importing this package declares them all.

The order of the imports is the order of precedence: when two intents
score the same, the one declared first wins.
"""
# ruff: noqa: I001, F401
from kg.ask.intents import attendance
from kg.ask.intents import chair
from kg.ask.intents import owner
from kg.ask.intents import participants
from kg.ask.intents import said
from kg.ask.intents import person_work
from kg.ask.intents import action_items
from kg.ask.intents import issues
from kg.ask.intents import when
from kg.ask.intents import decisions
from kg.ask.intents import status
from kg.ask.intents import profile
from kg.ask.intents import dates
from kg.ask.intents import discussions
from kg.ask.intents import search

"""kg: turn a folder of meeting notes into a knowledge graph and a full-text index.

>>> from kg import KnowledgeBase
>>> KnowledgeBase.__name__
'KnowledgeBase'
"""

__version__ = "0.1.0"

from kg.api import KnowledgeBase  # noqa: E402

__all__ = ["KnowledgeBase", "__version__"]

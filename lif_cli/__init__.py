"""lif: learning and improvement records for a safeguarding children partnership."""

__version__ = "0.1.0"

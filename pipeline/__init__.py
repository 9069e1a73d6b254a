"""pledgewatch: leaders, coalitions, security guarantees, quotes and commitments from articles."""

__version__ = "0.1.0"

"""pledgewatch: leaders, coalitions, security guarantees, quotes and commitments from articles."""

from importlib import metadata

try:
    __version__ = metadata.version("pledgewatch")
except metadata.PackageNotFoundError:  # a source folder that was never installed
    __version__ = "0+unknown"

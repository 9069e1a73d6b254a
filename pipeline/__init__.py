"""pledgewatch: leaders, coalitions, security guarantees, quotes and commitments from articles.

The public API is `load`, `read_records` and the types they use (`Config`,
`Document`); see `pledgewatch.api`. Everything else is internal. Importing the
package loads no model.
"""

from importlib import metadata

try:
    __version__ = metadata.version("pledgewatch")
except metadata.PackageNotFoundError:  # a source folder that was never installed
    __version__ = "0+unknown"

from pledgewatch.api import Extractor, load, read_records  # noqa: E402
from pledgewatch.config import Config  # noqa: E402
from pledgewatch.errors import InputError, PledgewatchError  # noqa: E402
from pledgewatch.model import Document  # noqa: E402

__all__ = [
    "Config",
    "Document",
    "Extractor",
    "InputError",
    "PledgewatchError",
    "__version__",
    "load",
    "read_records",
]

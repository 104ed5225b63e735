"""News path: load articles (load.py), extract fields (extract.py), write the news tables.

Spark runs the extractor in Python workers; they must use this interpreter (with pandas, pyarrow
and this package), not whatever `python3` is on PATH. Set before any SparkSession starts.
"""

import os as _os
import sys as _sys

_os.environ.setdefault("PYSPARK_PYTHON", _sys.executable)

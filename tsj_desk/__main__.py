"""``python -m tsj_desk``: the headless command line (no window)."""

import sys

from tsj_desk.cli import main

sys.exit(main())

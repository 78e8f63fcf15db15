import sys

from bootcamp.cli import main

sys.exit(main())

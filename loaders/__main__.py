import sys

from loaders.cli import main

if __name__ == "__main__":  # worker processes import this module again (core/parallel.py)
    sys.exit(main())

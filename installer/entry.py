"""The frozen program's first module: the same entry point as ``tsj-desk``."""

from ui.launcher import main

if __name__ == "__main__":
    main()

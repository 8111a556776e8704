"""Every location the app reads or writes, in one place.

Default: platformdirs' per-user directories for "digest-tui". `--data-dir DIR` or the
`DIGEST_TUI_DATA_DIR` environment variable put *all* state (store, index, config, cache)
under one directory instead, which is what tests and portable setups want.
"""

import os
from pathlib import Path
from typing import NamedTuple

from digest_tui.core.errors import StoreError

APP_NAME = "digest-tui"
ENV_DATA_DIR = "DIGEST_TUI_DATA_DIR"


class Paths(NamedTuple):
    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> "Paths":
        """Explicit argument, then the environment variable, then platformdirs."""
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or None
        if chosen:
            root = Path(chosen).expanduser().absolute()
            return cls(data_dir=root, config_dir=root, cache_dir=root / "cache")
        import platformdirs  # only here: ~5-8 ms of a CLI command (it loads tempfile)

        return cls(
            data_dir=platformdirs.user_data_path(APP_NAME),
            config_dir=platformdirs.user_config_path(APP_NAME),
            cache_dir=platformdirs.user_cache_path(APP_NAME),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def fetch_cache(self) -> Path:
        return self.cache_dir / "fetch"

    def ensure(self) -> None:
        """Create the directories; StoreError says which one cannot be (a file in the way,
        no permission)."""
        for directory in (self.data_dir, self.config_dir, self.cache_dir):
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                raise StoreError(
                    f"cannot use {directory} as a data directory: a file of that name is in "
                    "the way (--data-dir or DIGEST_TUI_DATA_DIR must name a directory)"
                ) from None
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data directory {directory}: {exc.strerror or exc}"
                ) from None

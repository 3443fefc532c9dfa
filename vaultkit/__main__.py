"""`python -m vaultkit`: the same as the `vaultkit` command."""

from vaultkit.cli.main import main

if __name__ == "__main__":
    main()

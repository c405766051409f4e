"""`python -m benchmarks` (`make bench`): the provider benchmark with its defaults (N=200, E=4, 0 and 100 ms,
growth 50/200/800), writing benchmarks/results/provider.{md,json}. The emulator's own benchmark is
`python -m benchmarks.emulator`."""

import sys

from benchmarks.provider import main

sys.argv = [
    sys.argv[0],
    "--json",
    "benchmarks/results/provider.json",
    "--markdown",
    "benchmarks/results/provider.md",
    *sys.argv[1:],
]
raise SystemExit(main())

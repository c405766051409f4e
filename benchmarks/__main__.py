"""`python -m benchmarks` (`make bench`): the provider benchmark with its defaults (N=200, E=4, 0 and 100 ms,
growth 50/200/800), writing benchmarks/results/provider.{md,json}, then the catalog benchmark (N=2,000 contents
as one NotificationTemplateCatalog at 100 ms), writing benchmarks/results/catalog-2000.{md,json}.
`python -m benchmarks fleet` (`make bench ARGS=fleet`): the fleet benchmark (16 stacks × 50 objects on PostgreSQL
under a rate limit), writing benchmarks/results/fleet.{md,json}.
`python -m benchmarks compare --before REV` (`make bench ARGS="compare --before REV"`): REV's per-object benchmark,
this tree's and this tree's catalogs side by side in one run, N=200/800/2,000 over E=4, writing
benchmarks/results/compare.{md,json} (benchmarks/compare.py). The emulator's own benchmark is
`python -m benchmarks.emulator`."""

import sys

if sys.argv[1:2] == ["fleet"]:
    from benchmarks.fleet import main as fleet_main

    raise SystemExit(fleet_main(sys.argv[2:]))

if sys.argv[1:2] == ["compare"]:
    from benchmarks.compare import main as compare_main

    results = ["--json", "benchmarks/results/compare.json", "--markdown", "benchmarks/results/compare.md"]
    raise SystemExit(compare_main([*results, *sys.argv[2:]]))

from benchmarks import catalog, provider

argv = sys.argv
sys.argv = [argv[0], "--json", "benchmarks/results/provider.json", "--markdown", "benchmarks/results/provider.md",
            *argv[1:]]  # fmt: skip
status = provider.main()
sys.argv = [argv[0], "--json", "benchmarks/results/catalog-2000.json", "--markdown",
            "benchmarks/results/catalog-2000.md"]  # fmt: skip
raise SystemExit(status or catalog.main())

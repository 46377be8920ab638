#!/usr/bin/env bash
# Builds the libFuzzer target and fuzzes the lexer, parser and interpreter for SECONDS.
#   Fuzz/run.sh 1800          # a long run; new corpus entries go to .build-fuzz/corpus
#   Fuzz/run.sh 60 --smoke    # CI: a debug build (it builds in a third of the time; a minute
#                             # needs no speed), a fresh temporary corpus, nothing kept, seed 1
#   FUZZ_SEED=7 Fuzz/run.sh 600   # libFuzzer's random seed (printed either way)
# Crashes are written as crash-* files (their path is printed); replay one without libFuzzer
# with `swift run convlab-fuzz FILE`, then add it to Fuzz/regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
configuration=release scratch=.build-fuzz
[[ "${2:-}" == "--smoke" ]] && configuration=debug scratch=.build-fuzz-smoke
swift build -c "$configuration" --scratch-path "$scratch" --product convlab-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING >&2
if [[ "${2:-}" == "--smoke" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
else
  work=.build-fuzz/corpus
  mkdir -p "$work"
fi
artifacts=${FUZZ_ARTIFACTS:-$work/}
# A smoke run is reproducible: the same seed each time unless FUZZ_SEED says otherwise.
seed=${FUZZ_SEED:-}
[[ -z "$seed" && "${2:-}" == "--smoke" ]] && seed=1
seed_flag=()
if [[ -n "$seed" ]]; then
  seed_flag=(-seed="$seed")
  echo "fuzz seed: $seed" >&2
fi
# Leak checks off: the lazily built global tables of the layer catalogue are never freed.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
  "$scratch/$configuration/convlab-fuzz" "${seed_flag[@]}" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -print_final_stats=1 -artifact_prefix="$artifacts" "$work" Fuzz/corpus Fuzz/regressions

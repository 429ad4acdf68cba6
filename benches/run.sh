#!/usr/bin/env bash
# Every benchmark, then target/bench-results/report.md: the machine, the load, and each
# figure with p50, p99 and its budget (PASS/FAIL), to paste into BENCHMARKS.md.
#
#   bash benches/run.sh            # all four benches (about 15 minutes while a start
#                                  # with the large city takes over a minute)
#   bash benches/run.sh tui        # only some: search_keys durable_save tui find_vs_fzf
#
# Installs fzf (Debian's package) when it is missing, builds the release binary, and
# generates the synthetic large city once into target/bench-city/ (a few minutes).
# Take figures on a quiet machine: the script prints the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v fzf >/dev/null 2>&1; then
    echo "fzf is missing: installing Debian's package (apt-get install -y fzf)"
    sudo_=""
    [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get install -y fzf || { $sudo_ apt-get update && $sudo_ apt-get install -y fzf; }
fi

benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(search_keys durable_save tui find_vs_fzf)

target=${CARGO_TARGET_DIR:-target}
out="$target/bench-results"
mkdir -p "$out"
# Build everything first, so no compiler runs while figures are taken.
cargo build --release --bin tsunagu
bench_args=()
for b in "${benches[@]}"; do bench_args+=(--bench "$b"); done
cargo bench --no-run "${bench_args[@]}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for b in "${benches[@]}"; do
    echo "== cargo bench --bench $b"
    cargo bench --bench "$b" 2>&1 | tee "$out/$b.log"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "## Machine"
    echo
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
    echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "- kernel: $(uname -sr)"
    echo "- $(rustc --version)"
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- load average (1, 5, 15 min): before $load_before, after $load_after"
    echo "- command: \`bash benches/run.sh ${*:-}\`"
    echo
    echo "## Figures"
    echo
    echo "| figure | p50 | p99 | max | unit | n | budget |"
    echo "| --- | ---: | ---: | ---: | --- | ---: | --- |"
    for b in "${benches[@]}"; do
        [ -f "$out/$b.tsv" ] || continue
        echo "| **$b** | | | | | | |"
        awk -F'\t' '$1 == "#" { next } { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$out/$b.tsv"
    done
    echo
    echo "Notes from the runs:"
    echo
    for b in "${benches[@]}"; do
        [ -f "$out/$b.tsv" ] || continue
        awk -F'\t' -v b="$b" '$1 == "#" { printf "- %s: %s\n", b, $2 }' "$out/$b.tsv"
    done
} >"$out/report.md"
echo
echo "== $out/report.md"
cat "$out/report.md"

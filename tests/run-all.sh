#!/usr/bin/env bash
# Runs every RaftEsp test on a fresh Linux machine: installs what the tests need, builds the solution in Release
# (warnings are errors), runs every test project, then a seeded virtual-cluster run of the simulator.
# Usage: bash tests/run-all.sh          (from the repository root or anywhere)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/artifacts/test-results"

log() { printf '\n== %s\n' "$*"; }

install_prerequisites() {
    if ! command -v dotnet >/dev/null 2>&1; then
        echo "error: the .NET SDK (version in global.json) is required: https://dotnet.microsoft.com/download" >&2
        exit 1
    fi
    local wanted
    wanted="$(sed -n 's/.*"version": *"\([0-9]*\)\..*/\1/p' global.json | head -n1)"
    if ! dotnet --list-sdks | grep -q "^${wanted}\."; then
        echo "error: .NET SDK ${wanted}.x is required (global.json); found: $(dotnet --list-sdks | tr '\n' ' ')" >&2
        exit 1
    fi
    # The monitor's browser tests drive Debian's Chromium through Playwright, which must never download a browser.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if ! command -v chromium >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update && apt-get install -y chromium
        else
            echo "error: the monitor's browser tests need Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
            exit 1
        fi
    fi
}

run_tests() {
    rm -rf "$results"
    mkdir -p "$results"
    dotnet test RaftEsp.sln -c Release --no-build --logger "trx" --logger "console;verbosity=minimal" \
        --results-directory "$results"
    # The device tests again from unoptimised IL (Debug: the .nfproj and Test Explorer default), whose shape the
    # nanoFramework interpreter treats differently in places (docs/design.md#nanoframework-subset).
    dotnet build tests/RaftEsp.DeviceTests.Host -c Debug --no-restore
    dotnet test tests/RaftEsp.DeviceTests.Host -c Debug --no-build --logger "trx;LogFileName=device-tests-debug.trx" \
        --logger "console;verbosity=minimal" --results-directory "$results"
    # A test run that silently found nothing is a failure, not a pass.
    local total
    total="$(grep -ho '<Counters total="[0-9]*"' "$results"/*.trx | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }')"
    if [ -z "$total" ] || [ "$total" -eq 0 ]; then
        echo "error: no tests ran" >&2
        exit 1
    fi
    echo "tests run: $total"
    local passed failed
    passed="$(grep -ho '<Counters [^>]*' "$results"/*.trx | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }')"
    failed="$(grep -ho '<Counters [^>]*' "$results"/*.trx | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }')"
    echo "$passed passed, $failed failed"
}

log "prerequisites"
install_prerequisites
log "restore"
dotnet restore RaftEsp.sln
log "build (Release, warnings as errors)"
dotnet build RaftEsp.sln -c Release --no-restore
log "tests"
run_tests
log "simulator: a seeded 5-board run with random faults at 5 % loss (exit code 1 on any disagreement)"
dotnet run -c Release --no-build --project tests/RaftEsp.Simulator -- --seed 7 --duration 20 --loss 0.05 --quiet
log "simulator: the same with boards joining, leaving and being replaced while the faults run"
dotnet run -c Release --no-build --project tests/RaftEsp.Simulator -- --seed 7 --duration 20 --loss 0.05 --membership --quiet
log "all tests passed"

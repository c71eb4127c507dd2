#!/usr/bin/env bash
# Stops the daemons start-slurm.sh started (by their pid files only) and removes their state directory.
set -uo pipefail
dir="${FL_SLURM_DIR:-/tmp/fl-slurm}"
stop() {
    local file="$1"
    [ -f "$file" ] || return 0
    local pid; pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    fi
    rm -f "$file"
}
if [ -f "$dir/slurm.conf" ]; then
    SLURM_CONF="$dir/slurm.conf" scancel --quiet --full -u "$(id -un)" 2>/dev/null || true
fi
stop "$dir/run/slurmd-localhost.pid"
stop "$dir/run/slurmctld.pid"
stop "$dir/munge/munged.pid"
[ "${FL_SLURM_KEEP:-0}" = 1 ] || rm -rf "$dir"
exit 0

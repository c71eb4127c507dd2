#!/usr/bin/env bash
# Starts a throw-away single-node Slurm cluster on this machine for the sweep tests: munged, slurmctld and slurmd
# run directly (no systemd), all state under $FL_SLURM_DIR (default /tmp/fl-slurm). Needs root and Debian's
# slurm-wlm + munge packages (installed here with apt-get when missing and FL_SLURM_INSTALL=1).
# Prints "SLURM_CONF=<path>" on success; stop everything with stop-slurm.sh.
# Exit codes: 0 started, 3 the packages are missing and cannot be installed here, 1 anything else.
set -euo pipefail

dir="${FL_SLURM_DIR:-/tmp/fl-slurm}"
cpus="${FL_SLURM_CPUS:-2}"
ctld_port="${FL_SLURM_CTLD_PORT:-6817}"
slurmd_port="${FL_SLURM_SLURMD_PORT:-6818}"
# A low MaxArraySize makes Submit-Sweep split a small plan across several arrays for real (Slurm's default is 1001).
max_array_size="${FL_SLURM_MAX_ARRAY_SIZE:-1001}"
# How long a requeued job waits before it may start again (Slurm's default is 120 s; the credential lifetime).
cred_expire="${FL_SLURM_CRED_EXPIRE:-20}"

fail() { echo "start-slurm: $*" >&2; exit 1; }
cannot_install() { echo "start-slurm: $*" >&2; exit 3; }

[ "$(id -u)" = 0 ] || cannot_install "must run as root (slurmd starts jobs as the submitting user)."
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    [ "${FL_SLURM_INSTALL:-0}" = 1 ] || cannot_install "slurmctld, slurmd or munged is missing; install slurm-wlm and munge (apt-get install -y slurm-wlm munge)."
    export DEBIAN_FRONTEND=noninteractive
    command -v apt-get >/dev/null || cannot_install "slurm-wlm is missing and apt-get is not available to install it."
    apt-get update -qq >"$dir.apt.log" 2>&1 || cannot_install "apt-get update failed (see $dir.apt.log)."
    apt-get install -y -qq slurm-wlm munge >>"$dir.apt.log" 2>&1 || cannot_install "apt-get install slurm-wlm munge failed (see $dir.apt.log)."
fi

mkdir -p "$dir"/{state,spool,log,run}
chmod 755 "$dir"
host="$(hostname -s)"

# --- munge: a private key and socket so we never touch a system munged ------------------------------------
mkdir -p "$dir/munge" "$dir/munge-key"
chown munge:munge "$dir/munge" "$dir/munge-key"; chmod 755 "$dir/munge"; chmod 700 "$dir/munge-key"
key="$dir/munge-key/munge.key"
if [ ! -f "$key" ]; then
    dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
    chown munge:munge "$key"; chmod 400 "$key"
fi
socket="$dir/munge/munge.socket"
if ! [ -S "$socket" ] || ! munge -n -S "$socket" >/dev/null 2>&1; then
    rm -f "$socket" "$socket.lock"
    runuser -u munge -- munged --key-file="$key" --socket="$socket" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
        || fail "munged did not start (see $dir/munge/munged.log)."
fi
for _ in $(seq 50); do munge -n -S "$socket" >/dev/null 2>&1 && break; sleep 0.1; done
munge -n -S "$socket" | unmunge -S "$socket" >/dev/null || fail "munge round trip failed (see $dir/munge/munged.log)."

# --- slurm.conf: cgroup-free (proctrack/linuxproc, task/none), no accounting daemon, MaxArraySize as asked ------
conf="$dir/slurm.conf"
cat >"$conf" <<CONF
ClusterName=flsweeptest
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket,cred_expire=$cred_expire
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd-%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
MinJobAge=3600
MaxArraySize=$max_array_size
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=localhost NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ! pid_alive "$dir/run/slurmctld.pid"; then
    slurmctld -c -f "$conf" || fail "slurmctld did not start (see $dir/log/slurmctld.log)."
fi
if ! pid_alive "$dir/run/slurmd-localhost.pid"; then
    slurmd -N localhost -f "$conf" || fail "slurmd did not start (see $dir/log/slurmd-localhost.log)."
fi

# --- wait for the node to be idle ---------------------------------------------------------------------------
for _ in $(seq 120); do
    state="$(sinfo -h -n localhost -o %t 2>/dev/null || true)"
    case "$state" in
        idle*) echo "SLURM_CONF=$conf"; exit 0 ;;
        down*|drain*) scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
done
fail "the node did not become idle within 60 s (state '$state'; see $dir/log/slurmctld.log and slurmd-localhost.log)."

#!/usr/bin/env bash
# Tests the Slurm recipe of docs/clusters.md as written: starts a one-node Slurm on this machine
# (Debian's slurm-wlm and munge, installed if missing), takes `shards.sbatch` and the submit
# commands from the doc, submits them, waits, and checks that the merged results are byte for
# byte what `statecraft ensemble` writes on one machine. Everything it starts or writes lives in
# a temporary directory, removed (and its daemons stopped) on exit.
#
#   tests/slurm/run.sh [STATECRAFT_BINARY]    (default: target/release/statecraft, built if absent)
#
# RUNS (default 2000) sets the runs of the experiment; the doc's 100,000 take long on a laptop.
# Needs root (to start the daemons) or passwordless sudo.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "== installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq slurm-wlm munge >/dev/null
fi

binary=${1:-$repo/target/release/statecraft}
if [ ! -x "$binary" ]; then
    echo "== building $binary"
    cargo build --release --locked
fi
binary=$(realpath "$binary")
export RUNS=${RUNS:-2000}
export STATECRAFT=$binary

work=$(mktemp -d /tmp/statecraft-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do $SUDO kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${pids[@]}"; do $SUDO kill -9 "$pid" 2>/dev/null || true; done
    $SUDO rm -rf "$work"
}
trap cleanup EXIT

# --- a one-node cluster: munge for authentication, the controller and the node's daemon -----
node=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
user=$(id -un)
mkdir -p "$work/spool" "$work/state" "$work/munge" "$work/job"
$SUDO mungekey --create --keyfile="$work/munge/munge.key" --force
$SUDO chmod 600 "$work/munge/munge.key"
cat > "$work/slurm.conf" <<EOF
ClusterName=statecraft-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf

echo "== starting munged, slurmctld and slurmd ($cpus CPUs, $memory MB on $node)"
$SUDO munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed"
sleep 1
pids+=("$(cat "$work/munge/munged.pid")")
$SUDO env SLURM_CONF="$SLURM_CONF" slurmctld -i
$SUDO env SLURM_CONF="$SLURM_CONF" slurmd
for _ in $(seq 1 30); do
    [ -s "$work/slurmctld.pid" ] && [ -s "$work/slurmd.pid" ] && break
    sleep 1
done
pids+=("$(cat "$work/slurmd.pid")" "$(cat "$work/slurmctld.pid")")
for _ in $(seq 1 60); do
    state=$(sinfo -h -N -o "%T" 2>/dev/null || true)
    [ "$state" = "idle" ] && break
    sleep 1
done
if [ "$state" != "idle" ]; then
    echo "the node did not come up (state: '$state')"; tail -20 "$work"/slurm*.log; exit 1
fi

# --- the recipe, as docs/clusters.md writes it -----------------------------------------------
# The first two ```sh blocks of its Slurm section: the batch script, then the submit commands.
block() {
    awk -v want="$1" '
        /^## Slurm/ { inside = 1; next }
        /^## / { inside = 0 }
        inside && /^```sh$/ { n++; if (n == want) { copy = 1; next } }
        copy && /^```$/ { exit }
        copy { print }
    ' docs/clusters.md
}
block 1 > "$work/job/shards.sbatch"
block 2 > "$work/job/submit.sh"
[ -s "$work/job/shards.sbatch" ] && [ -s "$work/job/submit.sh" ] || { echo "no Slurm recipe in docs/clusters.md"; exit 1; }
echo "== submitting, as docs/clusters.md says, with RUNS=$RUNS:"
cat "$work/job/submit.sh"
cd "$work/job"
bash -eu submit.sh
started=$(date +%s)
while [ -n "$(squeue -h -o %i)" ]; do
    if [ $(( $(date +%s) - started )) -gt 1800 ]; then
        echo "the jobs did not finish in 30 minutes:"; squeue; exit 1
    fi
    sleep 3
done
echo "== done in $(( $(date +%s) - started )) s"
logs=$(ls logs | wc -l)
[ "$logs" = 21 ] || { echo "expected 20 shard logs and one merge log in logs/, found $logs:"; ls logs; exit 1; }
[ -d results/all ] || { echo "no results/all: the merge did not run"; tail -n 20 logs/*; exit 1; }

# --- the same experiment on one machine ------------------------------------------------------
"$STATECRAFT" ensemble h200-commission --runs "$RUNS" --out "$work/one-machine" >/dev/null
if diff -r results/all "$work/one-machine"; then
    echo "ok: the Slurm recipe's merged results are byte-identical to one machine's ($RUNS runs, 20 shards)"
else
    echo "FAILED: the merged results differ from one machine's"
    exit 1
fi

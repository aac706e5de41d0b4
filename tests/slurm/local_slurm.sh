# A private single-node Slurm on localhost for the cluster tests (sourced).
#
# slurm_start DIR starts munged (as the munge user, with its own key and
# socket under DIR), slurmctld and slurmd (as root, in the foreground, so
# their process ids are ours to stop), all configured under DIR and on free
# ports, so that nothing of the machine's own Slurm or munge is used or
# touched. It exports SLURM_CONF; sbatch, squeue, scontrol... then talk to
# this cluster. slurm_stop stops exactly the daemons it started.
# slurm_start returns 77 (with the reason on stderr) when Slurm or munge is
# not installed or we are not root, and 1 (with the daemons' last log
# lines) when they are but do not start. DIR and its parents must be
# readable by the munge user.
#
# Known to work with Debian 12's slurm-wlm 22.05 as root: proctrack/linuxproc,
# task/none, select/cons_tres, the node named after `hostname`, no cgroups.

slurm_pids=()

slurm_skip() {
  echo "SKIP: $*" >&2
  return 77
}

slurm_fail() {
  echo "FAIL: $*" >&2
  return 1
}

# Two distinct free TCP ports on localhost.
free_ports() {
  /usr/bin/python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))'
}

slurm_write_conf() {
  local dir=$1 node cpus mem ports
  read -r -a ports <<< "$(free_ports)"
  node=$(hostname)
  # Twice the cores: the test's jobs then overlap in time (config_overrides
  # lets slurmd accept the claim).
  cpus=$(( 2 * $(nproc) ))
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  cat > "$dir/slurm.conf" <<EOF
ClusterName=saffron-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge-run/socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
MinJobAge=600
KillWait=5
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MaxArraySize=1001
PlugStackConfig=$dir/plugstack.conf
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  : > "$dir/plugstack.conf"
}

slurm_start_munge() {
  local dir=$1
  id munge > /dev/null 2>&1 || { slurm_skip "no munge user (apt-get install munge)"; return; }
  mkdir -p "$dir/munge-key" "$dir/munge-run"
  chown munge:munge "$dir/munge-key" "$dir/munge-run"
  chmod 700 "$dir/munge-key"
  chmod 755 "$dir" "$dir/munge-run"
  dd if=/dev/urandom of="$dir/munge-key/munge.key" bs=1024 count=1 2> /dev/null
  chown munge:munge "$dir/munge-key/munge.key"
  chmod 400 "$dir/munge-key/munge.key"
  setpriv --reuid=munge --regid=munge --init-groups munged -F \
    -S "$dir/munge-run/socket" --key-file="$dir/munge-key/munge.key" \
    --log-file="$dir/munge-key/munged.log" --pid-file="$dir/munge-run/munged.pid" \
    --seed-file="$dir/munge-key/munged.seed" > "$dir/munged.out" 2>&1 &
  slurm_pids+=($!)
  local i
  for i in $(seq 50); do
    [ -S "$dir/munge-run/socket" ] && return 0
    sleep 0.1
  done
  slurm_fail "munged did not start: $(tail -n 3 "$dir/munged.out")"
}

slurm_start() {
  local dir=$1 cmd
  for cmd in munged slurmctld slurmd sbatch squeue scontrol setpriv; do
    command -v "$cmd" > /dev/null ||
      { slurm_skip "$cmd not found (apt-get install slurmctld slurmd slurm-client munge)"; return; }
  done
  [ "$(id -u)" -eq 0 ] || { slurm_skip "a private Slurm needs root"; return; }
  mkdir -p "$dir/state" "$dir/spool"
  slurm_write_conf "$dir"
  export SLURM_CONF=$dir/slurm.conf
  slurm_start_munge "$dir" || return
  slurmctld -D -c -f "$SLURM_CONF" > "$dir/slurmctld.out" 2>&1 &
  slurm_pids+=($!)
  slurm_ctld_started=1
  slurmd -D -f "$SLURM_CONF" > "$dir/slurmd.out" 2>&1 &
  slurm_pids+=($!)
  local i
  for i in $(seq 100); do
    if sinfo -h -o %T 2> /dev/null | grep -q '^idle'; then
      return 0
    fi
    sleep 0.2
  done
  echo "slurmctld log:" >&2; tail -n 5 "$dir/slurmctld.log" >&2 || true
  echo "slurmd log:" >&2; tail -n 5 "$dir/slurmd.log" >&2 || true
  slurm_fail "the local Slurm node did not become idle"
}

slurm_stop() {
  local p
  # Jobs first (their processes are children of slurmd's step daemons),
  # and only on our own cluster.
  if [ -n "${slurm_ctld_started:-}" ]; then
    scancel --quiet --full -u root 2> /dev/null || true
  fi
  for p in "${slurm_pids[@]}"; do
    kill -TERM "$p" 2> /dev/null || true
  done
  for p in "${slurm_pids[@]}"; do
    wait "$p" 2> /dev/null || true
  done
  slurm_pids=()
  slurm_ctld_started=
}

# slurm_wait JOBID... waits until none of the jobs is pending or running
# (at most 14 minutes: a loaded machine may run them ten times slower).
slurm_wait() {
  local i
  for i in $(seq 1680); do
    if [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" -o %i 2> /dev/null)" ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "jobs $* did not finish in 14 minutes" >&2
  return 1
}

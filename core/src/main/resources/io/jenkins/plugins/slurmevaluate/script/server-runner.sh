export PROC_ID="${SLURM_PROCID:-0}" NODES_PER_INSTANCE="$1" || exit
eval "$2" || exit
exec bash -c "$3"

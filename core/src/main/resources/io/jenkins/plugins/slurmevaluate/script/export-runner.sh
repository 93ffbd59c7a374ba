install=$1 artifacts=$2 config=$3 job_dirs=$4 id=$5
shift 5
eval "$install" || { echo "slurm-evaluate: the exporter's install command failed: nothing exported" >&2; exit 1; }
cd "$artifacts" || exit
failed=()
for dest in "$@"; do
    echo "slurm-evaluate: exporting $id to $dest"
    nemo-evaluator-launcher export "$id" --dest "$dest" --config "$config" --job-dirs "$job_dirs" || failed+=("$dest")
done
if ((${#failed[@]} > 0)); then
    echo "slurm-evaluate: the export to ${failed[*]} failed" >&2
    exit 1
fi
echo "slurm-evaluate: exported to $*"

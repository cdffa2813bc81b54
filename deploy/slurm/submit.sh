#!/usr/bin/env bash
# Submits the shard array and, after every task succeeded, the merge.
#   deploy/slurm/submit.sh [SHARDS]       (from the folder where the dataset should go)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:-8}
array=$(sbatch --parsable --array=1-"$shards" --export=ALL,SHARDS="$shards" "$here/dataset-array.sbatch")
sbatch --dependency=afterok:"${array%%;*}" "$here/dataset-merge.sbatch"

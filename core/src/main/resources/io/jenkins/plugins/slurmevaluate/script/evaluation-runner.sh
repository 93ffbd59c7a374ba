cd "$(mktemp -d)" || exit
printf '%s\n' "$1" >run_config.yaml || exit
if [ -n "$5" ]; then printf '%s' "$5" >"$4" || exit; fi
eval "$2" || exit
cmd=nemo-evaluator
command -v nemo-evaluator >/dev/null 2>&1 || cmd=eval-factory
code=0
(trap 'code=$?; eval "$3"; exit "$code"' EXIT; "$cmd" run_eval --run_config run_config.yaml)

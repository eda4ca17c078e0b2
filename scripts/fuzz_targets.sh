# fuzz_targets.sh: what scripts/fuzz.sh and scripts/fuzz_long.sh share: the fuzz targets of
# tests/fuzz/, the dictionary of each, and their common options. Sourced, not run.
FUZZ_TARGETS=(idx cifar upload command link app)

# fuzz_dict NAME: the libFuzzer dictionary of target NAME (empty: none).
fuzz_dict() {
  case "$1" in
    idx|upload) echo "tests/fuzz/idx.dict" ;;
    command|app) echo "tests/fuzz/commands.dict" ;;
    link) echo "tests/fuzz/link.dict" ;;
    *) echo "" ;;
  esac
}

# fuzz_args NAME: the options every run uses: a finding is an input slower than 20 s or memory
# above 3 GB as well as a crash, a sanitizer report or a leak; plus NAME's dictionary.
fuzz_args() {
  local dict; dict="$(fuzz_dict "$1")"
  printf '%s\n' -timeout=20 -rss_limit_mb=3072
  [ -z "$dict" ] || printf '%s\n' "-dict=$dict"
}

# parse_fuzz_flags ARGS...: --build DIR and target names (the caller handles its own time flag
# first); sets BUILD and NAMES.
parse_fuzz_flags() {
  BUILD="build/asan"
  NAMES=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --build) BUILD="$2"; shift 2 ;;
      *) NAMES+=("$1"); shift ;;
    esac
  done
  [ ${#NAMES[@]} -gt 0 ] || NAMES=("${FUZZ_TARGETS[@]}")
}

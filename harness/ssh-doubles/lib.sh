# Shared part of the host command doubles: records the call, knows the state directory, and
# parses the LVM reporting options (-o columns, --separator) the way lvs/vgs/pvs accept them.
# State (no kernel here): $S/dev/<key>.{path,size,sig,pv,vg}, $S/vg/<vg> (devices), $S/lv/<vg>/<lv>
# ("attr size data_percent segtype"), $S/services/<unit> (state word).
S="${FAKE_STATE:?}"
me=$(basename "$0")
{ printf '%s' "$me"; printf ' %s' "$@"; printf '\n'; } >> "$S/calls.log"

devkey() { printf '%s' "$1" | tr '/' '_'; }
devsize() { cat "$S/dev/$(devkey "$1").size"; }
vgsize() { local t=0 d; for d in $(cat "$S/vg/$1"); do t=$((t + $(devsize "$d"))); done; echo $t; }
vgused() { local t=0 f; for f in "$S/lv/$1"/*; do [ -f "$f" ] || continue; set -- $(cat "$f"); t=$((t + $2)); done; echo $t; }

report_args() {
  cols=""; sep=" "; target=""
  while [ $# -gt 0 ]; do
    case "$1" in
      -o) cols="$2"; shift 2 ;;
      --separator) sep="$2"; shift 2 ;;
      --units) [ "$2" = k ] || { echo "$me double: only --units k" >&2; exit 3; }; shift 2 ;;
      --noheadings|--nosuffix) shift ;;
      -*) echo "$me double: unknown option $1" >&2; exit 3 ;;
      *) target="$1"; shift ;;
    esac
  done
}

# Prints one report row; `val COLUMN` (defined by the caller) gives each value.
row() {
  local out="" c v first=1
  IFS=, read -ra cs <<< "$cols"
  for c in "${cs[@]}"; do
    v=$(val "$c") || { echo "$me double: unknown column $c" >&2; exit 3; }
    if [ $first = 1 ]; then out="  $v"; first=0; else out="$out$sep$v"; fi
  done
  printf '%s\n' "$out"
}

# Sourced by scripts/bench-balancer and scripts/bench-scale: how a balancer is started for a
# measurement (ours through scripts/onionbalance, so with the launcher's JVM flags; the Python
# onionbalance 0.2.x from the Debian package) and how its CPU and peak RSS are read from /proc.
# Needs: $here (the scripts folder), $python_ob (the Python tool), $TOR_CONTROL_PORT.

tck="$(getconf CLK_TCK)"
cpu_ticks() { # pid -> utime+stime in clock ticks (fields 14 and 15; the command name may hold spaces)
  local rest
  rest="$(sed 's/^.*) //' "/proc/$1/stat")"
  awk '{print $12 + $13}' <<<"$rest"
}
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; } # peak RSS so far, kB
ticks_to_secs() { awk -v t="$1" -v k="$tck" 'BEGIN {printf "%.2f", t / k}'; }
kb_to_mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# start_balancer ours|python CONFIG SOCKET LOG -> prints the pid. Headless, --is-testnet (test-network
# timings), on the network's balancer tor, each with its status socket at SOCKET (the environment
# variable both read; -s would name tor's control socket). The Python tool gets its own copy of the config beside its
# log (it may write next to it); the keys the config names are shared.
start_balancer() {
  local name="$1" config="$2" socket="$3" log="$4"
  case "$name" in
    ours)
      ONIONBALANCE_STATUS_SOCKET_LOCATION="$socket" \
        "$here/onionbalance" --no-tui --is-testnet -c "$config" -i 127.0.0.1 -p "$TOR_CONTROL_PORT" \
          >"$log" 2>&1 </dev/null &
      ;;
    python)
      mkdir -p "$log.d"
      cp "$config" "$log.d/config.yaml"
      ONIONBALANCE_STATUS_SOCKET_LOCATION="$socket" \
        "$python_ob" --is-testnet -c "$log.d/config.yaml" -i 127.0.0.1 -p "$TOR_CONTROL_PORT" \
          >"$log" 2>&1 </dev/null &
      ;;
    *) echo "start_balancer: no balancer '$name'" >&2; return 1 ;;
  esac
  echo $!
}

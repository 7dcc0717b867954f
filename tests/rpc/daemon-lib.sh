# Shell helpers of the TLS tests (check-tls.sh, check-svsh-tls.sh), to
# be sourced with $snapvirtd and $tmp set; they keep $n, $status and
# $pids (the daemons to kill on exit).

n=0
status=0
pids=

# ok DESCRIPTION COMMAND...: one TAP line, the command's output as
# comments when it fails
ok() {
    desc=$1
    shift
    n=$((n + 1))
    if out=$("$@" 2>&1); then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        printf '%s\n' "$out" | sed 's/^/# /'
        status=1
    fi
}

# start NAME ARGS...: a daemon on $tmp/NAME.sock; sets PORT to its TLS
# port and TCPPORT to its TCP one (from what it prints)
start() {
    name=$1
    shift
    "$snapvirtd" --socket "$tmp/$name.sock" "$@" 2>"$tmp/$name.log" &
    pids="$pids $!"
    i=0
    while [ ! -S "$tmp/$name.sock" ] && [ $i -lt 200 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    PORT=$(sed -n 's/.* port \([0-9]*\) (tls)$/\1/p' "$tmp/$name.log")
    TCPPORT=$(sed -n 's/.* port \([0-9]*\) (tcp)$/\1/p' "$tmp/$name.log")
}

# says CLIENT URI EXPECTED-TEXT COMMANDS: what CLIENT (virsh or svsh)
# prints for COMMANDS on URI (output and errors) contains the text
says() {
    out=$(timeout 60 "$1" -c "$2" "$4" 2>&1)
    case $out in
    *"$3"*) return 0 ;;
    *) printf '%s\n' "$out"; return 1 ;;
    esac
}

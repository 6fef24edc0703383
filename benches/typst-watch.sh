#!/bin/sh
# Typst's incremental compilation on the edit `cargo bench --bench incremental` times: the
# middle "cornerstone" of the ×500 (and of the ×500 whose copies differ) made "keystone" and
# back, four times, under `typst watch`, which prints how long each recompilation took.
#   benches/typst-watch.sh        # needs typst; prints one line per document
set -eu
cd "$(dirname "$0")/.."
typst=$(command -v typst || echo "$HOME/.cargo/bin/typst")
[ -x "$typst" ] || { echo "typst not found (cargo install typst-cli --locked)" >&2; exit 1; }
fonts=$(pwd)/fonts
work=$(mktemp -d)
trap 'kill $watcher 2>/dev/null; rm -rf "$work"' EXIT
watcher=

# Replaces the middle occurrence of $2 in file $1 by $3, through a rename as editors save.
edit() {
    awk -v from="$2" -v to="$3" '
        { lines[NR] = $0; n += gsub(from, from) }
        END {
            want = int(n / 2); seen = 0
            for (i = 1; i <= NR; i++) {
                line = lines[i]; out = ""
                while ((at = index(line, from)) > 0) {
                    piece = (seen == want) ? to : from
                    out = out substr(line, 1, at - 1) piece
                    line = substr(line, at + length(from)); seen++
                }
                print out line
            }
        }' "$1" >"$1.new"
    mv "$1.new" "$1"
}

# Waits until the log holds $2 compilations; prints the last one's time.
compiled() {
    i=0
    while [ "$(tr '\r' '\n' <"$1" | grep -c 'compiled')" -lt "$2" ]; do
        i=$((i + 1)); [ $i -lt 1200 ] || { echo "typst did not compile" >&2; exit 1; }
        sleep 0.1
    done
    tr '\r' '\n' <"$1" | grep 'compiled' | tail -1 | sed 's/.* in //'
}

for variant in "" "-v distinct=1"; do
    # shellcheck disable=SC2086 # the variant is one awk option or none
    awk -v n=500 $variant -f benches/repeat-typ.awk benches/seed.typ >"$work/doc.typ"
    "$typst" watch --ignore-system-fonts --font-path "$fonts" "$work/doc.typ" "$work/doc.pdf" \
        >"$work/log" 2>&1 &
    watcher=$!
    first=$(compiled "$work/log" 1)
    times=
    for turn in 1 2 3 4; do
        case $turn in 1 | 3) edit "$work/doc.typ" cornerstone keystone ;;
        *) edit "$work/doc.typ" keystone cornerstone ;; esac
        times="$times $(compiled "$work/log" $((turn + 1)))"
    done
    kill $watcher; wait $watcher 2>/dev/null || true
    echo "typst watch, x500${variant:+ (copies differ)}: first $first, one-word edits:$times"
done

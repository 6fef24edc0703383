#!/bin/sh
# Regenerates the table of docs/performance.md: the seed, ×50 and ×500, built by `briefing`
# and by Typst from benches/seed.typ (same content, same Noto faces, system fonts off).
# The seed is timed with hyperfine; ×50 and ×500 with `/usr/bin/time -v` (wall, peak RSS),
# best of RUNS. Run from anywhere; needs hyperfine, GNU time, awk and (optional) typst.
#   benches/compare.sh            # RUNS=3, writes target/compare/table.md
#   STATIC=1 benches/compare.sh   # also the seed by a static build (README, "A static
#                                 # binary"), Linux on x86-64 only
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
load=$(cut -d" " -f1-3 /proc/loadavg)
out=target/compare
mkdir -p "$out"
cargo build --release --quiet
briefing=target/release/briefing
typst=$(command -v typst || echo "$HOME/.cargo/bin/typst")
[ -x "$typst" ] || typst=

cp source/india-russia.yaml "$out/x1.yaml"
cp benches/seed.typ "$out/x1.typ"
for n in 50 500; do
    awk -v n=$n -f benches/repeat-yaml.awk source/india-russia.yaml >"$out/x$n.yaml"
    awk -v n=$n -f benches/repeat-typ.awk benches/seed.typ >"$out/x$n.typ"
done
# ×500 whose copies differ ("500d"): no paragraph repeats, so none is set only once for many.
awk -v n=500 -v distinct=1 -f benches/repeat-yaml.awk source/india-russia.yaml >"$out/x500d.yaml"
awk -v n=500 -v distinct=1 -f benches/repeat-typ.awk benches/seed.typ >"$out/x500d.typ"

build_briefing() { echo "$briefing" build --quiet "$out/x$1.yaml" -o "$out/x$1.pdf"; }
build_typst() {
    echo "$typst" compile --ignore-system-fonts --font-path fonts "$out/x$1.typ" "$out/x$1-typst.pdf"
}

# Best wall time (s), CPU time (user + sys, s) and peak RSS (KB) of RUNS runs of the
# command `$@` prints. On a shared machine the CPU time is the steadier figure.
measure() {
    best_wall=; best_rss=; best_cpu=
    i=0
    while [ $i -lt "$runs" ]; do
        # shellcheck disable=SC2046 # the paths have no spaces
        /usr/bin/time -v -o "$out/time.txt" $("$@") >/dev/null
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out/time.txt")
        rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$out/time.txt")
        cpu=$(awk -F': ' '/(User|System) time/ { s += $2 } END { print s }' "$out/time.txt")
        if [ -z "$best_cpu" ] || awk "BEGIN { exit !($cpu < $best_cpu) }"; then
            best_cpu=$cpu
        fi
        if [ -z "$best_wall" ] || awk "BEGIN { exit !($wall < $best_wall) }"; then
            best_wall=$wall
        fi
        if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
        i=$((i + 1))
    done
}
size_kb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
size_mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.2f MB", b / 1048576 }'; }

table="$out/table.md"
{
    echo "| | briefing | Typst | ratio |"
    echo "|---|---|---|---|"
} >"$table"

# The seed: hyperfine, 40 runs after 3 warm-ups.
if [ -n "$typst" ]; then
    hyperfine -N --warmup 3 --runs 40 --export-json "$out/seed.json" \
        -n briefing "$briefing build --quiet $out/x1.yaml -o $out/x1.pdf" \
        -n typst "$typst compile --ignore-system-fonts --font-path fonts $out/x1.typ $out/x1-typst.pdf" >/dev/null
else
    hyperfine -N --warmup 3 --runs 40 --export-json "$out/seed.json" \
        -n briefing "$briefing build --quiet $out/x1.yaml -o $out/x1.pdf" >/dev/null
fi
seed_row() {
    awk 'BEGIN { RS = "\"command\"" } NR > 1 {
        match($0, /"mean": *[0-9.e-]+/); mean = substr($0, RSTART, RLENGTH); sub(/.*: */, "", mean)
        match($0, /"stddev": *[0-9.e-]+/); sd = substr($0, RSTART, RLENGTH); sub(/.*: */, "", sd)
        printf "%.1f ms ± %.1f\n", mean * 1000, sd * 1000 }' "$1"
}
# Peak memory in MB of 1024 KB, to a tenth.
mb() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "" }'; }
seed_times=$(seed_row "$out/seed.json")
b_seed=$(echo "$seed_times" | sed -n 1p)
t_seed=$(echo "$seed_times" | sed -n 2p)
measure build_briefing 1
b_rss=$best_rss
t_rss=; t_pdf=; [ -n "$typst" ] && { measure build_typst 1; t_rss=$best_rss; }
echo "| seed, wall | $b_seed | ${t_seed:-n/a} | $(ratio "${b_seed%% *}" "${t_seed%% *}") |" >>"$table"
echo "| seed, peak memory | $(mb "$b_rss") | $(mb "$t_rss") | $(ratio "$b_rss" "$t_rss") |" >>"$table"
[ -n "$typst" ] && t_pdf=$(wc -c <"$out/x1-typst.pdf")
if [ "${STATIC:-}" = 1 ]; then
    RUSTFLAGS="-C target-feature=+crt-static" \
        cargo build --release --quiet --target x86_64-unknown-linux-gnu
    static=target/x86_64-unknown-linux-gnu/release/briefing
    hyperfine -N --warmup 3 --runs 40 --export-json "$out/seed-static.json" \
        -n static "$static build --quiet $out/x1.yaml -o $out/x1-static.pdf" >/dev/null
    cmp "$out/x1.pdf" "$out/x1-static.pdf"
    s_seed=$(seed_row "$out/seed-static.json")
    briefing_dynamic=$briefing briefing=$static
    measure build_briefing 1
    briefing=$briefing_dynamic
    echo "| seed, static build: wall | $s_seed | | $(ratio "${s_seed%% *}" "${t_seed%% *}") |" >>"$table"
    echo "| seed, static build: peak memory | $(mb "$best_rss") | | $(ratio "$best_rss" "$t_rss") |" >>"$table"
fi
echo "| seed, PDF | $(size_kb "$out/x1.pdf") | ${t_pdf:+$(size_kb "$out/x1-typst.pdf")} | $(ratio "$(wc -c <"$out/x1.pdf")" "$t_pdf") |" >>"$table"

for n in 50 500 500d; do
    measure build_briefing $n
    b_wall=$best_wall b_rss=$best_rss b_cpu=$best_cpu
    pages=$(pdfinfo "$out/x$n.pdf" | awk '/^Pages:/ { print $2 }')
    label=$n; [ "$n" = 500d ] && label="500, copies differ"
    t_wall=; t_rss=; t_pdf=; t_cpu=
    if [ -n "$typst" ]; then
        measure build_typst $n
        t_wall=$best_wall t_rss=$best_rss t_cpu=$best_cpu t_pdf=$(wc -c <"$out/x$n-typst.pdf")
    fi
    {
        echo "| ×$label ($pages pages), wall | $b_wall s | ${t_wall:+$t_wall s} | $(ratio "$b_wall" "$t_wall") |"
        echo "| ×$label, CPU (user + sys) | $b_cpu s | ${t_cpu:+$t_cpu s} | $(ratio "$b_cpu" "$t_cpu") |"
        echo "| ×$label, peak memory | $(mb "$b_rss") | $(mb "$t_rss") | $(ratio "$b_rss" "$t_rss") |"
        echo "| ×$label, PDF | $(size_mb "$out/x$n.pdf") | ${t_pdf:+$(size_mb "$out/x$n-typst.pdf")} | $(ratio "$(wc -c <"$out/x$n.pdf")" "$t_pdf") |"
    } >>"$table"
done
echo "load average before: $load" >>"$table"
cat "$table"

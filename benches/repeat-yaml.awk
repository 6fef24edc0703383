# Repeats the sections of a briefing `n` times (`awk -v n=500 -f benches/repeat-yaml.awk
# source/india-russia.yaml`):
# the ×N briefings of docs/performance.md. Each table id, and the chart that names it, is
# numbered by its copy, as ids must be unique. With `-v distinct=1` each copy's "Russia" is
# numbered by its copy too, so no paragraph repeats (text set once would otherwise be reused).
BEGIN { head = 1 }
head { print; if ($0 == "sections:") head = 0; next }
{ body[++lines] = $0 }
END {
    for (copy = 0; copy < n; copy++)
        for (i = 1; i <= lines; i++) {
            line = body[i]
            if (line ~ /(id|table): trade$/) line = line "-" copy
            if (distinct) gsub(/Russia/, "Russia" copy, line)
            print line
        }
}

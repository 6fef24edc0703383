# Repeats the sections of a briefing `n` times (`awk -v n=500 -f benches/repeat-yaml.awk
# source/india-russia.yaml`):
# the ×N briefings of docs/performance.md. Each table id, and the chart that names it, is
# numbered by its copy, as ids must be unique.
BEGIN { head = 1 }
head { print; if ($0 == "sections:") head = 0; next }
{ body[++lines] = $0 }
END {
    for (copy = 0; copy < n; copy++)
        for (i = 1; i <= lines; i++) {
            line = body[i]
            if (line ~ /(id|table): trade$/) line = line "-" copy
            print line
        }
}

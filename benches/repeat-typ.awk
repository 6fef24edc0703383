# benches/seed.typ with the part between its SECTIONS markers repeated `n` times: the Typst
# twin of benches/repeat-yaml.awk (`-v distinct=1` numbers each copy's "Russia" as there).
/^\/\/ SECTIONS BEGIN/ { inside = 1; next }
/^\/\/ SECTIONS END/ {
    inside = 0
    for (copy = 0; copy < n; copy++)
        for (i = 1; i <= lines; i++) {
            line = body[i]
            if (distinct) gsub(/Russia/, "Russia" copy, line)
            print line
        }
    next
}
inside { body[++lines] = $0; next }
{ print }

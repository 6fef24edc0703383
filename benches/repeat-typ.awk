# benches/seed.typ with the part between its SECTIONS markers repeated `n` times: the Typst
# twin of benches/repeat-yaml.awk.
/^\/\/ SECTIONS BEGIN/ { inside = 1; next }
/^\/\/ SECTIONS END/ {
    inside = 0
    for (copy = 0; copy < n; copy++)
        for (i = 1; i <= lines; i++) print body[i]
    next
}
inside { body[++lines] = $0; next }
{ print }

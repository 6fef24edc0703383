fn main() {
    let path = std::env::args().nth(1).expect("a YAML path");
    let text = std::fs::read_to_string(&path).expect("readable");
    let briefing = briefing::source::load(&path, &text).expect("valid");
    let laid = briefing::layout::typeset(&briefing);
    print!("{}", laid.pages.to_text());
    for w in &laid.warnings {
        eprintln!("warning: {}", w.message);
    }
    for p in briefing::layout::check::problems(&laid.pages) {
        eprintln!("problem: {p}");
    }
}

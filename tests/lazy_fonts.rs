//! Issue 15: the embedded faces are parsed only when a build sets text in them. In a file
//! of its own, so that no other test in the process has parsed a face before it looks.

use std::collections::BTreeSet;

use briefing::layout::Item;
use briefing::text::{FontBook, FontId};

#[test]
fn building_the_seed_parses_only_the_faces_it_sets_text_in() {
    let book = FontBook::embedded();
    assert!(
        book.ids().all(|id| !book.is_loaded(id)),
        "nothing parsed up front"
    );
    let yaml = include_str!("../source/india-russia.yaml");
    let briefing = briefing::source::load("india-russia.yaml", yaml).expect("the seed loads");
    let laid = briefing::layout::typeset(&briefing, book, 2000).expect("the seed lays out");
    let used: BTreeSet<FontId> = laid
        .pages
        .pages
        .iter()
        .flat_map(|page| page.all_items())
        .filter_map(|item| match item {
            Item::Text(text) => Some(text.font),
            _ => None,
        })
        .collect();
    let loaded: BTreeSet<FontId> = book.ids().filter(|&id| book.is_loaded(id)).collect();
    assert_eq!(loaded, used);
    assert!(
        used.len() < book.len(),
        "the seed does not use every face: {used:?}"
    );
}

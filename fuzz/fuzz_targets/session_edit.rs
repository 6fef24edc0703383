//! Incremental rebuilds: a `Session` that built one source and then rebuilds it after an
//! edit must give exactly what a cold build of the edited source gives (the same PDF bytes,
//! or an error with the same message). The input is an edit of the seed: where (a byte
//! offset, taken to a character boundary), how many bytes to delete, and the text to insert.

#![no_main]

use briefing::{Options, Session};
use libfuzzer_sys::fuzz_target;

const SEED: &str = include_str!("../../source/india-russia.yaml");

fuzz_target!(|data: &[u8]| {
    let [a, b, c, inserted @ ..] = data else { return };
    let Ok(inserted) = std::str::from_utf8(inserted) else { return };
    let mut at = usize::from(u16::from_le_bytes([*a, *b])) % (SEED.len() + 1);
    while !SEED.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + usize::from(*c % 32)).min(SEED.len());
    while !SEED.is_char_boundary(end) {
        end -= 1;
    }
    let edited = format!("{}{inserted}{}", &SEED[..at], &SEED[end..]);
    let options = Options::default();
    let mut session = Session::new();
    session
        .build("fuzz.yaml", SEED.as_bytes(), &options)
        .expect("the seed builds");
    let rebuilt = session.build("fuzz.yaml", edited.as_bytes(), &options);
    let cold = briefing::build_with("fuzz.yaml", edited.as_bytes(), &options);
    match (rebuilt, cold) {
        (Ok(rebuilt), Ok(cold)) => assert!(rebuilt.pdf == cold.pdf, "the rebuild differs"),
        (Err(rebuilt), Err(cold)) => assert_eq!(rebuilt.to_string(), cold.to_string()),
        (rebuilt, cold) => panic!(
            "rebuild and cold build disagree: {:?} / {:?}",
            rebuilt.map(|built| built.pages),
            cold.map(|built| built.pages)
        ),
    }
    // Back to the seed: the session must give the seed's bytes again.
    let again = session.build("fuzz.yaml", SEED.as_bytes(), &options);
    let seed = briefing::build_with("fuzz.yaml", SEED.as_bytes(), &options);
    assert!(again.expect("the seed builds").pdf == seed.expect("the seed builds").pdf);
});

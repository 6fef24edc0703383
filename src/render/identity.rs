//! The document's identity, derived from its content.
//!
//! printpdf draws an id from a process-global counter, so the same pages would give
//! different bytes depending on how many documents the process built before. Here the
//! trailer `/ID` is a hash (SHA-256) of the file's bytes before the cross-reference stream,
//! and the XMP document id, written as a placeholder of the same length, is overwritten in
//! place with the same value: same content, same id, same bytes.

use sha2::{Digest, Sha256};

use super::meta::ID_PLACEHOLDER;
use super::RenderError;

/// The trailer `/ID` of a file whose objects are `bytes`.
pub fn file_id(bytes: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(bytes);
    let mut id = [0; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

/// Overwrites the XMP id placeholder at `at` with `id` as a UUID.
pub fn write_document_id(bytes: &mut [u8], at: usize, id: &[u8; 16]) -> Result<(), RenderError> {
    let placeholder = ID_PLACEHOLDER.as_bytes();
    let slot = bytes
        .get_mut(at..at + placeholder.len())
        .filter(|slot| *slot == placeholder)
        .ok_or_else(|| RenderError("the XMP document id is not where it was written".into()))?;
    slot.copy_from_slice(uuid(id).as_bytes());
    Ok(())
}

/// `id` as a lower-case UUID, 8-4-4-4-12 hex digits: as long as [`ID_PLACEHOLDER`].
fn uuid(id: &[u8; 16]) -> String {
    let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
    format!(
        "{}-{}-{}-{}-{}",
        hex(&id[0..4]),
        hex(&id[4..6]),
        hex(&id[6..8]),
        hex(&id[8..10]),
        hex(&id[10..16])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_a_hash_of_the_bytes_and_the_uuid_fits_its_placeholder() {
        assert_eq!(file_id(b"a"), file_id(b"a"));
        assert_ne!(file_id(b"a"), file_id(b"b"));
        let id = file_id(b"a");
        assert_eq!(uuid(&id).len(), ID_PLACEHOLDER.len());

        let mut bytes = format!("<id>{ID_PLACEHOLDER}</id>").into_bytes();
        write_document_id(&mut bytes, 4, &id).expect("the placeholder is there");
        assert_eq!(bytes, format!("<id>{}</id>", uuid(&id)).into_bytes());
        assert!(
            write_document_id(&mut bytes, 4, &id).is_err(),
            "already replaced"
        );
        assert!(
            write_document_id(&mut bytes, 100, &id).is_err(),
            "out of range"
        );
    }
}

//! A small typed writer of PDF objects (ISO 32000-1, 7.3), in the manner of the `pdf-writer`
//! crate: a dictionary or array is written straight into the output as its entries are
//! given, and closed when its writer is dropped. Nothing is built in memory first.

use std::io::Write;

/// An indirect object's number (generation 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(pub u32);

/// A value written in one piece.
pub trait Primitive {
    fn write(&self, out: &mut Vec<u8>);
}

/// A name, written with `#` escapes where the character is not a regular one.
#[derive(Debug, Clone, Copy)]
pub struct Name<'a>(pub &'a str);

/// A byte string, written as a literal string.
#[derive(Debug, Clone, Copy)]
pub struct Str<'a>(pub &'a [u8]);

/// A text string (ISO 32000-1, 7.9.2.2): ASCII as a literal string, anything else as
/// UTF-16BE with a byte order mark, in hex.
#[derive(Debug, Clone, Copy)]
pub struct TextStr<'a>(pub &'a str);

/// A real number, written in the shortest decimal form that reads back the same `f32`.
#[derive(Debug, Clone, Copy)]
pub struct Real(pub f32);

/// `null`.
#[derive(Debug, Clone, Copy)]
pub struct Null;

impl Primitive for Ref {
    fn write(&self, out: &mut Vec<u8>) {
        let _ = write!(out, "{} 0 R", self.0);
    }
}

impl Primitive for i64 {
    fn write(&self, out: &mut Vec<u8>) {
        let _ = write!(out, "{self}");
    }
}

impl Primitive for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        let _ = write!(out, "{self}");
    }
}

impl Primitive for usize {
    fn write(&self, out: &mut Vec<u8>) {
        let _ = write!(out, "{self}");
    }
}

impl Primitive for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl Primitive for Null {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"null");
    }
}

impl Primitive for Real {
    fn write(&self, out: &mut Vec<u8>) {
        // PDF has no infinities or NaN; a real that is neither never reaches here knowingly.
        let value = if self.0.is_finite() { self.0 } else { 0.0 };
        if value == 0.0 {
            out.push(b'0');
        } else {
            let _ = write!(out, "{value}");
        }
    }
}

impl Primitive for Name<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        NameBytes(self.0.as_bytes()).write(out);
    }
}

/// A name given as bytes, as lopdf holds them.
#[derive(Debug, Clone, Copy)]
pub struct NameBytes<'a>(pub &'a [u8]);

impl Primitive for NameBytes<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'/');
        for &byte in self.0 {
            let regular = byte.is_ascii_graphic() && !b"#()<>[]{}/%".contains(&byte);
            if regular {
                out.push(byte);
            } else {
                let _ = write!(out, "#{byte:02X}");
            }
        }
    }
}

/// A byte string written in hex.
#[derive(Debug, Clone, Copy)]
pub struct Hex<'a>(pub &'a [u8]);

impl Primitive for Hex<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'<');
        for byte in self.0 {
            let _ = write!(out, "{byte:02X}");
        }
        out.push(b'>');
    }
}

impl Primitive for Str<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'(');
        for &byte in self.0 {
            match byte {
                b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', byte]),
                b'\r' => out.extend_from_slice(b"\\r"),
                _ => out.push(byte),
            }
        }
        out.push(b')');
    }
}

impl Primitive for TextStr<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        if self.0.is_ascii() {
            return Str(self.0.as_bytes()).write(out);
        }
        out.extend_from_slice(b"<FEFF");
        for unit in self.0.encode_utf16() {
            let _ = write!(out, "{unit:04X}");
        }
        out.push(b'>');
    }
}

/// A place for one value.
pub struct Obj<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Obj<'a> {
        Obj { out }
    }

    pub fn primitive(self, value: impl Primitive) {
        value.write(self.out);
    }

    /// A value written before, as its bytes.
    pub fn raw(self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    pub fn dict(self) -> Dict<'a> {
        self.out.extend_from_slice(b"<<");
        Dict { out: self.out }
    }

    pub fn array(self) -> Array<'a> {
        self.out.push(b'[');
        Array {
            out: self.out,
            first: true,
        }
    }
}

/// A dictionary being written; closed when dropped.
pub struct Dict<'a> {
    out: &'a mut Vec<u8>,
}

impl Dict<'_> {
    /// The entry `key`, whose value the returned [`Obj`] writes.
    pub fn insert(&mut self, key: &str) -> Obj<'_> {
        self.insert_bytes(key.as_bytes())
    }

    /// The entry whose key is the name `key`, given as bytes.
    pub fn insert_bytes(&mut self, key: &[u8]) -> Obj<'_> {
        NameBytes(key).write(self.out);
        self.out.push(b' ');
        Obj { out: self.out }
    }

    pub fn pair(&mut self, key: &str, value: impl Primitive) -> &mut Self {
        self.insert(key).primitive(value);
        self
    }

    /// `/Type /name`, and the like: a name-valued entry.
    pub fn name(&mut self, key: &str, value: &str) -> &mut Self {
        self.pair(key, Name(value))
    }
}

impl Drop for Dict<'_> {
    fn drop(&mut self) {
        self.out.extend_from_slice(b">>");
    }
}

/// An array being written; closed when dropped.
pub struct Array<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl Array<'_> {
    /// The next item, which the returned [`Obj`] writes.
    pub fn push(&mut self) -> Obj<'_> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b' ');
        }
        Obj { out: self.out }
    }

    pub fn item(&mut self, value: impl Primitive) -> &mut Self {
        self.push().primitive(value);
        self
    }

    pub fn items<P: Primitive>(&mut self, values: impl IntoIterator<Item = P>) -> &mut Self {
        for value in values {
            self.item(value);
        }
        self
    }
}

impl Drop for Array<'_> {
    fn drop(&mut self) {
        self.out.push(b']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(Obj)) -> String {
        let mut out = Vec::new();
        f(Obj::new(&mut out));
        String::from_utf8(out).expect("ascii")
    }

    #[test]
    fn dictionaries_and_arrays_nest() {
        let text = written(|obj| {
            let mut dict = obj.dict();
            dict.name("Type", "StructElem").pair("P", Ref(3));
            dict.insert("K").array().item(1u32).item(Ref(4)).item(Null);
            dict.insert("A").dict().pair("Marked", true);
        });
        assert_eq!(
            text,
            "<</Type /StructElem/P 3 0 R/K [1 4 0 R null]/A <</Marked true>>>>"
        );
    }

    #[test]
    fn strings_names_and_reals_are_escaped_and_exact() {
        assert_eq!(written(|o| o.primitive(Str(b"a(b)\\c"))), r"(a\(b\)\\c)");
        assert_eq!(written(|o| o.primitive(TextStr("ab"))), "(ab)");
        assert_eq!(written(|o| o.primitive(TextStr("a–"))), "<FEFF00612013>");
        assert_eq!(written(|o| o.primitive(Name("A B#"))), "/A#20B#23");
        assert_eq!(written(|o| o.primitive(Real(595.28))), "595.28");
        assert_eq!(written(|o| o.primitive(Real(-0.0))), "0");
        assert_eq!(written(|o| o.primitive(Real(f32::NAN))), "0");
        assert_eq!(written(|o| o.primitive(Real(600.0))), "600");
    }
}

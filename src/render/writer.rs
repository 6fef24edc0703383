//! A small typed writer of content-stream operators, in the manner of the `pdf-writer`
//! crate: one method per operator, named for what it does, documented with its PDF name.
//! Numbers are written to 1/100 (finer than any device, and independent of float
//! formatting), so the same calls always give the same bytes.

use super::codes::CodeWidth;

/// A content stream being written.
#[derive(Default)]
pub struct Content {
    out: Vec<u8>,
}

/// What an artifact is (ISO 32000-1, 14.8.2.2.2): furniture repeated page by page, or
/// decoration that carries no content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    Pagination,
    Layout,
}

impl Content {
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    /// `BT`: begins a text object.
    pub fn begin_text(&mut self) {
        self.out.extend_from_slice(b"BT\n");
    }

    /// `ET`: ends a text object.
    pub fn end_text(&mut self) {
        self.out.extend_from_slice(b"ET\n");
    }

    /// `Tf`: the font resource `name` at `size`.
    pub fn set_font(&mut self, name: &str, size: f32) {
        self.out.push(b'/');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b' ');
        self.operands(&[f64::from(size)], "Tf");
    }

    /// `Tc`: extra space after every glyph, in points.
    pub fn set_character_spacing(&mut self, points: f64) {
        self.exact(points, "Tc");
    }

    /// `Tw`: extra space after every one-byte code 32 (the word space), in points.
    pub fn set_word_spacing(&mut self, points: f64) {
        self.exact(points, "Tw");
    }

    /// An operand written to the millionth, so that a spacing of whole thousandths of an em
    /// is exact at any font size.
    fn exact(&mut self, points: f64, operator: &str) {
        let written = format!("{points:.6}");
        let written = written.trim_end_matches('0').trim_end_matches('.');
        let written = if written == "-0" { "0" } else { written };
        self.out.extend_from_slice(written.as_bytes());
        self.out.push(b' ');
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    /// `Tz`: the horizontal scaling of glyphs (and of the pen's moves after each), in percent
    /// of their width; written to 1/100 %, which is what the caller must reckon with.
    pub fn set_horizontal_scaling(&mut self, percent: f64) {
        self.operands(&[percent], "Tz");
    }

    /// `Td`: starts the next text line offset by (dx, dy) from the current line's start.
    pub fn next_line(&mut self, dx: f64, dy: f64) {
        self.operands(&[dx, dy], "Td");
    }

    /// `TJ`: shows glyphs by their codes (one byte each in a literal string, or two in a hex
    /// string), with position adjustments between them.
    pub fn show_glyphs(&mut self, width: CodeWidth) -> ShowGlyphs<'_> {
        self.out.push(b'[');
        ShowGlyphs {
            out: &mut self.out,
            width,
            open: false,
        }
    }

    /// `rg`: the fill colour, DeviceRGB.
    pub fn set_fill_rgb(&mut self, r: f32, g: f32, b: f32) {
        self.operands(&[r, g, b].map(f64::from), "rg");
    }

    /// `RG`: the stroke colour, DeviceRGB.
    pub fn set_stroke_rgb(&mut self, r: f32, g: f32, b: f32) {
        self.operands(&[r, g, b].map(f64::from), "RG");
    }

    /// `w`: the line width.
    pub fn set_line_width(&mut self, width: f32) {
        self.operands(&[f64::from(width)], "w");
    }

    /// `m`: begins a subpath at (x, y).
    pub fn move_to(&mut self, x: f32, y: f32) {
        self.operands(&[f64::from(x), f64::from(y)], "m");
    }

    /// `l`: a straight segment to (x, y).
    pub fn line_to(&mut self, x: f32, y: f32) {
        self.operands(&[f64::from(x), f64::from(y)], "l");
    }

    /// `re`: a rectangle from its lower-left corner.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.operands(&[x, y, w, h].map(f64::from), "re");
    }

    /// `h`: closes the current subpath.
    pub fn close_path(&mut self) {
        self.out.extend_from_slice(b"h\n");
    }

    /// `q`: saves the graphics state.
    pub fn save_state(&mut self) {
        self.out.extend_from_slice(b"q\n");
    }

    /// `Q`: restores the graphics state saved last.
    pub fn restore_state(&mut self) {
        self.out.extend_from_slice(b"Q\n");
    }

    /// `1 j 1 J`: round line joins and caps.
    pub fn set_line_join_round(&mut self) {
        self.out.extend_from_slice(b"1 j 1 J\n");
    }

    /// `S`: strokes the path.
    pub fn stroke(&mut self) {
        self.out.extend_from_slice(b"S\n");
    }

    /// `f`: fills the path (non-zero winding).
    pub fn fill(&mut self) {
        self.out.extend_from_slice(b"f\n");
    }

    /// `B`: fills, then strokes the path.
    pub fn fill_and_stroke(&mut self) {
        self.out.extend_from_slice(b"B\n");
    }

    /// `BDC` with an MCID: content of a structure element of type `tag`.
    pub fn begin_marked_content(&mut self, tag: &str, mcid: u32) {
        self.out.push(b'/');
        self.out.extend_from_slice(tag.as_bytes());
        self.out.extend_from_slice(b" <</MCID ");
        self.out.extend_from_slice(mcid.to_string().as_bytes());
        self.out.extend_from_slice(b">> BDC\n");
    }

    /// `BDC` of a `/Span` with an MCID and `/ActualText`: content of a structure element
    /// whose glyphs read as `text`. (Not a `/Span` nested in the element's sequence: poppler
    /// stops reading an element's text at the first nested one; and a tag other than `Span`
    /// makes it ignore the `/ActualText`.)
    pub fn begin_marked_content_with_actual_text(&mut self, mcid: u32, text: &str) {
        self.out.extend_from_slice(b"/Span <</MCID ");
        self.out.extend_from_slice(mcid.to_string().as_bytes());
        self.actual_text(text);
    }

    /// `BDC` of an `/Artifact`: content a reader skips.
    pub fn begin_artifact(&mut self, kind: Artifact) {
        self.out.extend_from_slice(match kind {
            Artifact::Pagination => b"/Artifact <</Type /Pagination>> BDC\n",
            Artifact::Layout => b"/Artifact <</Type /Layout>> BDC\n",
        });
    }

    /// `BDC` of a `/Span` with `/ActualText`: the glyphs inside read as `text`.
    pub fn begin_actual_text(&mut self, text: &str) {
        self.out.extend_from_slice(b"/Span <<");
        self.actual_text(text);
    }

    /// `/ActualText <...>>> BDC`: the end of a property list.
    fn actual_text(&mut self, text: &str) {
        self.out.extend_from_slice(b"/ActualText <FEFF");
        for unit in text.encode_utf16() {
            hex4(&mut self.out, unit);
        }
        self.out.extend_from_slice(b">>> BDC\n");
    }

    /// `EMC`: ends the innermost marked-content sequence.
    pub fn end_marked_content(&mut self) {
        self.out.extend_from_slice(b"EMC\n");
    }

    fn operands(&mut self, values: &[f64], operator: &str) {
        for &value in values {
            number(&mut self.out, value);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }
}

/// The array of a `TJ` being written; [`ShowGlyphs::end`] closes it.
pub struct ShowGlyphs<'a> {
    out: &'a mut Vec<u8>,
    width: CodeWidth,
    /// Whether a string is open.
    open: bool,
}

impl ShowGlyphs<'_> {
    /// A glyph by its code (below 256 for one-byte codes).
    pub fn glyph(&mut self, code: u16) -> &mut Self {
        if !self.open {
            self.out.push(match self.width {
                CodeWidth::One => b'(',
                CodeWidth::Two => b'<',
            });
            self.open = true;
        }
        match self.width {
            CodeWidth::One => {
                let byte = code as u8;
                match byte {
                    b'(' | b')' | b'\\' => self.out.extend([b'\\', byte]),
                    // A carriage return in a literal string reads as a line feed.
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    _ => self.out.push(byte),
                }
            }
            CodeWidth::Two => hex4(self.out, code),
        }
        self
    }

    /// Moves the pen `amount` thousandths of an em left (right when negative).
    pub fn adjust(&mut self, amount: f64) -> &mut Self {
        // A string's closing delimiter ends it; a number after a number needs a space.
        if !self.close() && self.out.last() != Some(&b'[') {
            self.out.push(b' ');
        }
        number(self.out, amount);
        self
    }

    /// Closes the array and writes `TJ`.
    pub fn end(&mut self) {
        self.close();
        self.out.extend_from_slice(b"] TJ\n");
    }

    /// Closes the open string; whether there was one.
    fn close(&mut self) -> bool {
        if !self.open {
            return false;
        }
        self.out.push(match self.width {
            CodeWidth::One => b')',
            CodeWidth::Two => b'>',
        });
        self.open = false;
        true
    }
}

/// Writes `value` rounded to two decimals, without a trailing `.0` or zeros.
pub fn number(out: &mut Vec<u8>, value: f64) {
    let hundredths = (value * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let abs = hundredths.unsigned_abs();
    integer(out, abs / 100);
    let fraction = abs % 100;
    if fraction != 0 {
        out.push(b'.');
        out.push(b'0' + (fraction / 10) as u8);
        if !fraction.is_multiple_of(10) {
            out.push(b'0' + (fraction % 10) as u8);
        }
    }
}

/// Writes `value` in decimal (without a `String` per number: content streams are mostly
/// numbers).
fn integer(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

pub fn hex4(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((value >> shift) & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Content)) -> String {
        String::from_utf8_lossy(&content_bytes(f)).into_owned()
    }

    fn content_bytes(f: impl FnOnce(&mut Content)) -> Vec<u8> {
        let mut content = Content::default();
        f(&mut content);
        content.finish()
    }

    #[test]
    fn horizontal_scaling_is_written_to_the_hundredth_of_a_percent() {
        let written = |v: f64| {
            let mut content = Content::default();
            content.set_horizontal_scaling(v);
            String::from_utf8(content.finish()).unwrap()
        };
        assert_eq!(written(100.0), "100 Tz\n");
        assert_eq!(written(101.254), "101.25 Tz\n");
        assert_eq!(written(98.5), "98.5 Tz\n");
    }

    #[test]
    fn character_spacing_is_written_to_the_millionth() {
        let written = |v: f64| {
            let mut content = Content::default();
            content.set_character_spacing(v);
            String::from_utf8(content.finish()).unwrap()
        };
        assert_eq!(written(0.0105), "0.0105 Tc\n");
        assert_eq!(written(-0.00925), "-0.00925 Tc\n");
        assert_eq!(written(0.0), "0 Tc\n");
        assert_eq!(written(-0.0), "0 Tc\n");
        assert_eq!(written(2.0), "2 Tc\n");
    }

    #[test]
    fn numbers_are_written_to_the_hundredth() {
        let written = |v: f64| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).expect("ascii")
        };
        assert_eq!(written(761.89), "761.89");
        assert_eq!(written(56.0), "56");
        assert_eq!(written(-0.5), "-0.5");
        assert_eq!(written(-0.001), "0");
        assert_eq!(written(0.05), "0.05");
        assert_eq!(written(12.304), "12.3");
    }

    #[test]
    fn tj_groups_glyphs_between_adjustments() {
        let tj = written(|c| {
            c.show_glyphs(CodeWidth::Two)
                .glyph(1)
                .glyph(0x2A)
                .adjust(-12.5)
                .glyph(0xFFFF)
                .end()
        });
        assert_eq!(tj, "[<0001002A>-12.5<FFFF>] TJ\n");
        assert_eq!(written(|c| c.show_glyphs(CodeWidth::Two).end()), "[] TJ\n");
        let trailing = written(|c| c.show_glyphs(CodeWidth::Two).glyph(3).adjust(0.004).end());
        assert_eq!(trailing, "[<0003>0] TJ\n");
        let numbers = written(|c| c.show_glyphs(CodeWidth::One).adjust(5.0).adjust(-3.0).end());
        assert_eq!(numbers, "[5 -3] TJ\n");
    }

    #[test]
    fn one_byte_codes_are_literal_strings_with_delimiters_escaped() {
        let tj = content_bytes(|c| {
            let mut tj = c.show_glyphs(CodeWidth::One);
            for code in [b'A', b'(', b')', b'\\', b'\r', b'\n', 0, 255, 32] {
                tj.glyph(u16::from(code));
            }
            tj.adjust(20.0).glyph(1).end();
        });
        assert_eq!(tj, b"[(A\\(\\)\\\\\\r\n\x00\xFF )20(\x01)] TJ\n");
    }

    #[test]
    fn spacings_are_written_to_the_millionth() {
        let tw = written(|c| {
            c.set_word_spacing(1.2345678);
            c.set_character_spacing(-0.0);
        });
        assert_eq!(tw, "1.234568 Tw\n0 Tc\n");
    }

    #[test]
    fn text_operators() {
        let text = written(|c| {
            c.begin_text();
            c.set_font("F3", 10.5);
            c.next_line(56.69, -0.001);
            c.set_fill_rgb(0.05, 0.25, 0.55);
            c.end_text();
        });
        assert_eq!(text, "BT\n/F3 10.5 Tf\n56.69 0 Td\n0.05 0.25 0.55 rg\nET\n");
    }

    #[test]
    fn marked_content_and_actual_text() {
        let marked = written(|c| {
            c.begin_marked_content("LBody", 7);
            c.begin_actual_text("क्षि");
            c.end_marked_content();
            c.end_marked_content();
            c.begin_artifact(Artifact::Pagination);
            c.end_marked_content();
            c.begin_artifact(Artifact::Layout);
            c.end_marked_content();
            c.begin_marked_content_with_actual_text(8, "fi");
            c.end_marked_content();
        });
        assert_eq!(
            marked,
            "/LBody <</MCID 7>> BDC\n/Span <</ActualText <FEFF0915094D0937093F>>> BDC\nEMC\nEMC\n\
             /Artifact <</Type /Pagination>> BDC\nEMC\n/Artifact <</Type /Layout>> BDC\nEMC\n\
             /Span <</MCID 8/ActualText <FEFF00660069>>> BDC\nEMC\n"
        );
    }

    #[test]
    fn path_operators() {
        let path = written(|c| {
            c.set_stroke_rgb(0.25, 0.25, 0.25);
            c.set_line_width(0.4);
            c.move_to(56.69, 700.0);
            c.line_to(538.58, 700.0);
            c.stroke();
            c.rect(1.0, 2.0, 3.0, 4.0);
            c.fill();
            c.fill_and_stroke();
        });
        assert_eq!(
            path,
            "0.25 0.25 0.25 RG\n0.4 w\n56.69 700 m\n538.58 700 l\nS\n1 2 3 4 re\nf\nB\n"
        );
    }
}

//! Document metadata: the info dictionary, the XMP packet and the catalog's `/Lang`, all
//! from the source; dates are the source `date` at 00:00 UTC, never the clock.

use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::layout::Meta;

/// Stands in the XMP packet for the document id until the bytes are known (see
/// [`super::identity`]); as long as the 36-character UUID that replaces it.
pub const ID_PLACEHOLDER: &str = "00000000-0000-0000-0000-briefing-id0";

const PRODUCER: &str = concat!("briefing ", env!("CARGO_PKG_VERSION"), " (printpdf)");

/// Replaces printpdf's info dictionary and metadata with ours.
pub fn apply(doc: &mut Document, meta: &Meta) {
    let info = doc.add_object(Object::Dictionary(info_dictionary(meta)));
    doc.trailer.set("Info", Object::Reference(info));
    let xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp_packet(meta).into_bytes(),
    )
    // Left uncompressed: the id placeholder is patched in the written bytes, and tools
    // that read XMP without a PDF parser expect it in the clear.
    .with_compression(false);
    let xmp = doc.add_object(Object::Stream(xmp));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(xmp));
        catalog.set("Lang", text_string(&meta.language));
    }
}

fn info_dictionary(meta: &Meta) -> Dictionary {
    let date = pdf_date(meta.date);
    let mut info = Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Creator", text_string("briefing")),
        ("Producer", text_string(PRODUCER)),
        ("CreationDate", Object::string_literal(date.clone())),
        ("ModDate", Object::string_literal(date)),
    ]);
    if let Some(subject) = &meta.subject {
        info.set("Subject", text_string(subject));
    }
    if !meta.authors.is_empty() {
        info.set("Author", text_string(&meta.authors.join(", ")));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info
}

/// A PDF text string: PDFDocEncoding agrees with ASCII, anything else goes as UTF-16BE
/// with a byte order mark.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDD000000Z`, the date at midnight UTC.
fn pdf_date(date: NaiveDate) -> String {
    format!("D:{}000000Z", date.format("%Y%m%d"))
}

fn xmp_packet(meta: &Meta) -> String {
    let date = format!("{}T00:00:00Z", meta.date.format("%Y-%m-%d"));
    let lang = xml(&meta.language);
    let seq = |items: &[String]| -> String {
        items
            .iter()
            .map(|item| format!("<rdf:li>{}</rdf:li>", xml(item)))
            .collect()
    };
    let subject = meta.subject.as_deref().map_or(String::new(), |subject| {
        format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            xml(subject)
        )
    });
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>
{subject}
<dc:subject><rdf:Bag>{keywords}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{pdf_keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>briefing</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{id}</xmpMM:InstanceID>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = xml(&meta.title),
        authors = seq(&meta.authors),
        keywords = seq(&meta.keywords),
        pdf_keywords = xml(&meta.keywords.join(", ")),
        producer = xml(PRODUCER),
        id = ID_PLACEHOLDER,
    )
}

/// Escapes text for XML character data and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

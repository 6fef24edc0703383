//! Document metadata: the info dictionary, the XMP packet (with the PDF/UA and PDF/A
//! identification asked for) and the catalog's `/Lang`, all from the source; dates are the
//! source `date` at 00:00 UTC, never the clock. Every info entry has its XMP twin with the
//! same value, as PDF/A asks.

use chrono::NaiveDate;

use super::file::PdfFile;
use super::object::{Ref, Str, TextStr};
use crate::layout::Meta;

/// Stands in the XMP packet for the document id until the bytes are known (see
/// [`super::identity`]); as long as the 36-character UUID that replaces it.
pub const ID_PLACEHOLDER: &str = "00000000-0000-0000-0000-briefing-id0";

const PRODUCER: &str = concat!("briefing ", env!("CARGO_PKG_VERSION"), " (printpdf)");

/// The metadata objects written, for the catalog and the trailer.
pub struct Written {
    pub info: Ref,
    pub metadata: Ref,
    /// Where the XMP's document id placeholders (document and instance id) are in the file.
    pub id_at: Vec<usize>,
    /// PDF/A's output intent.
    pub intent: Option<Ref>,
}

/// Writes the info dictionary, the XMP packet and (for PDF/A) the output intent.
pub fn write(file: &mut PdfFile, meta: &Meta) -> Written {
    let info = file.alloc();
    info_dictionary(file, info, meta);
    let metadata = file.alloc();
    let xmp = xmp_packet(meta);
    // Only the two id slots: a title or keyword may spell the placeholder too, but never a
    // `<` after it (text is escaped for XML), so it is not found as a slot.
    let slot = format!("uuid:{ID_PLACEHOLDER}<");
    let placeholders: Vec<usize> = xmp
        .match_indices(&slot)
        .map(|(at, _)| at + "uuid:".len())
        .collect();
    // Left uncompressed: the id placeholder is patched in the written bytes, and tools
    // that read XMP without a PDF parser expect it in the clear.
    let start = file.stream(metadata, xmp.as_bytes(), |dict| {
        dict.name("Type", "Metadata").name("Subtype", "XML");
    });
    let intent = meta.standards.archival().map(|_| output_intent(file));
    Written {
        info,
        metadata,
        id_at: placeholders.iter().map(|at| start + at).collect(),
        intent,
    }
}

/// The sRGB profile in `src/render/icc/` (its README says where it comes from and its licence).
const SRGB: &[u8] = include_bytes!("icc/sRGB.icc");

/// PDF/A's output intent: the page's DeviceRGB is sRGB.
fn output_intent(file: &mut PdfFile) -> Ref {
    let profile = file.alloc();
    let deflated = super::deflate(SRGB);
    let data = deflated.as_deref().unwrap_or(SRGB);
    file.stream(profile, data, |dict| {
        dict.pair("N", 3u32);
        if deflated.is_some() {
            dict.name("Filter", "FlateDecode");
        }
    });
    let intent = file.alloc();
    file.object(intent)
        .dict()
        .name("Type", "OutputIntent")
        .name("S", "GTS_PDFA1")
        .pair("OutputConditionIdentifier", Str(b"sRGB IEC61966-2.1"))
        .pair("Info", Str(b"sRGB IEC61966-2.1"))
        .pair("DestOutputProfile", profile);
    intent
}

fn info_dictionary(file: &mut PdfFile, id: Ref, meta: &Meta) {
    let date = pdf_date(meta.date);
    let mut info = file.object(id).dict();
    info.pair("Title", TextStr(&meta.title))
        .pair("Creator", TextStr("briefing"))
        .pair("Producer", TextStr(PRODUCER))
        .pair("CreationDate", Str(date.as_bytes()))
        .pair("ModDate", Str(date.as_bytes()));
    if let Some(subject) = &meta.subject {
        info.pair("Subject", TextStr(subject));
    }
    if !meta.authors.is_empty() {
        info.pair("Author", TextStr(&meta.authors.join(", ")));
    }
    if !meta.keywords.is_empty() {
        info.pair("Keywords", TextStr(&meta.keywords.join(", ")));
    }
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
    // One entry, as the info dictionary's `/Author` has them, so the two agree (PDF/A).
    let authors = if meta.authors.is_empty() {
        String::new()
    } else {
        format!(
            "<dc:creator><rdf:Seq>{}</rdf:Seq></dc:creator>\n",
            seq(&[meta.authors.join(", ")])
        )
    };
    let subject = meta.subject.as_deref().map_or(String::new(), |subject| {
        format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            xml(subject)
        ) + "\n"
    });
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{authors}{subject}<dc:subject><rdf:Bag>{keywords}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
{pdf_keywords}<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>briefing</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{id}</xmpMM:InstanceID>
</rdf:Description>
{identification}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = xml(&meta.title),
        authors = authors,
        identification = identification(meta),
        keywords = seq(&meta.keywords),
        pdf_keywords = if meta.keywords.is_empty() {
            String::new()
        } else {
            format!(
                "<pdf:Keywords>{}</pdf:Keywords>\n",
                xml(&meta.keywords.join(", "))
            )
        },
        producer = xml(PRODUCER),
        id = ID_PLACEHOLDER,
    )
}

/// The XMP of the standards declared: `pdfuaid:part` for PDF/UA-1, `pdfaid:part` and
/// `conformance` for PDF/A-2, and, in a PDF/A file that also declares PDF/UA, the extension
/// schema PDF/A asks for any schema it does not predefine (pdfuaid).
fn identification(meta: &Meta) -> String {
    let standards = meta.standards;
    let mut out = String::new();
    if let Some(level) = standards.archival() {
        out.push_str(&format!(
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
             <pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{level}</pdfaid:conformance>\n\
             </rdf:Description>\n"
        ));
    }
    if standards.ua1 {
        out.push_str(
            "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
             <pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n",
        );
        if standards.archival().is_some() {
            out.push_str(PDFUAID_EXTENSION);
        }
    }
    out
}

/// The PDF/A extension schema describing `pdfuaid` (ISO 14289-1, 5, and ISO 19005-2, 6.6.2.3).
const PDFUAID_EXTENSION: &str = r#"<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"#;

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

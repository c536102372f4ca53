package docgen

// docx.go packages the WordprocessingML parts into the .docx zip (Open
// Packaging Conventions): content types, relationships, styles, settings
// and core properties. The document body itself is in docx_body.go.

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

const (
	relHeaderDefault = "rIdHeader1"
	relHeaderFirst   = "rIdHeader2"

	ctMain = "application/vnd.openxmlformats-officedocument.wordprocessingml"
)

// zipTime is the fixed modification time of every part, so that the same
// Document always yields byte-identical files (stable hashes, no noise in
// stored copies). It is the earliest time a zip entry can hold.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteDOCX writes d as a .docx (Office Open XML) document.
func WriteDOCX(w io.Writer, d Document) error {
	pdf, err := newPDF() // only to measure text for rule lengths
	if err != nil {
		return err
	}
	l := buildLayout(d, measurer{pdf})
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("docgen: measuring text: %w", err)
	}

	parts := []struct{ name, body string }{
		// [Content_Types].xml first: some readers sniff the package from
		// the first entry.
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", coreXML(d, l)},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/document.xml", documentXML(l)},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerDefaultXML(l.draft)},
		{"word/header2.xml", headerFirstXML(l.draft)},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("docgen: docx part %s: %w", p.name, err)
		}
		if _, err := io.WriteString(fw, p.body); err != nil {
			return fmt.Errorf("docgen: docx part %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docgen: docx: %w", err)
	}
	return nil
}

const contentTypesXML = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="` + ctMain + `.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="` + ctMain + `.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="` + ctMain + `.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="` + ctMain + `.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="` + ctMain + `.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRelsXML = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRelsXML = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="` + relHeaderDefault + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="` + relHeaderFirst + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

// stylesXML sets the document defaults: Times New Roman 14 pt, Vietnamese
// proofing, widow and orphan control, no paragraph spacing unless a
// paragraph asks for it. Every
// paragraph carries its own formatting, so only Normal is defined.
const stylesXML = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` +
	`<w:rFonts w:ascii="` + docFont + `" w:hAnsi="` + docFont + `" w:cs="` + docFont + `" w:eastAsia="` + docFont + `"/>` +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>` +
	`</w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>` +
	`</w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

const settingsXML = xml.Header + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/>` +
	`</w:settings>`

// coreXML is docProps/core.xml: title ("KẾ HOẠCH Triển khai …"), language
// and, when the document is dated, its date; never the wall clock, to keep
// output reproducible.
func coreXML(d Document, l layout) string {
	var b xmlBuf
	b.WriteString(xml.Header)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>`)
	b.esc(docTitle(l))
	b.WriteString(`</dc:title><dc:creator>`)
	b.esc(upper(d.IssuingBody))
	b.WriteString(`</dc:creator><dc:language>vi-VN</dc:language>`)
	if d.Date != nil {
		b.f(`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`, d.Date.UTC().Format(time.RFC3339))
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

// docTitle is the metadata title: kind and summary on one line.
func docTitle(l layout) string {
	if l.title == "" {
		return l.kind
	}
	return l.kind + " " + l.title
}

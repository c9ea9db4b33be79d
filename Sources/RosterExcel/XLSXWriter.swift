import Foundation
import ZIPFoundation

extension XLSXWorkbook {
    /// The workbook as an Office Open XML SpreadsheetML package (.xlsx): `[Content_Types].xml`,
    /// `_rels/.rels`, `xl/workbook.xml` with its rels, `xl/styles.xml` (normal and bold),
    /// `xl/sharedStrings.xml` and one `xl/worksheets/sheetN.xml` per sheet, zipped in memory.
    ///
    /// Throws `XLSXWriteError` for a workbook Excel would refuse: no sheets, a bad or duplicate
    /// sheet name, a number that is not finite.
    public func xlsxData() throws -> Data {
        guard !sheets.isEmpty else { throw XLSXWriteError("a workbook needs at least one sheet") }
        var seen: Set<String> = []
        for sheet in sheets {
            try XLSXWriter.checkSheetName(sheet.name)
            guard seen.insert(sheet.name.lowercased()).inserted else {
                throw XLSXWriteError("two sheets are named '\(sheet.name)' (names are compared ignoring case)")
            }
        }

        var strings = XLSXWriter.SharedStrings()
        var sheetParts: [String] = []
        for sheet in sheets {
            sheetParts.append(try XLSXWriter.worksheetXML(sheet, strings: &strings))
        }

        var parts: [(String, Data)] = [
            ("[Content_Types].xml", XLSXWriter.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", XLSXWriter.rootRels),
            ("xl/workbook.xml", XLSXWriter.workbookXML(sheets.map(\.name))),
            ("xl/_rels/workbook.xml.rels", XLSXWriter.workbookRels(sheetCount: sheets.count)),
            ("xl/styles.xml", XLSXWriter.stylesXML),
            ("xl/sharedStrings.xml", strings.xml),
        ].map { ($0.0, Data($0.1.utf8)) }
        for (i, part) in sheetParts.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", Data(part.utf8))) }
        return try XLSXZip.zip(parts)
    }
}

/// Zipping and unzipping whole packages in memory (ZIPFoundation).
enum XLSXZip {
    /// A deflated zip of `parts` in the given order.
    static func zip(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw XLSXWriteError("cannot create an in-memory zip archive: \(error)")
        }
        for (path, bytes) in parts {
            do {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: .deflate) { position, size in
                    let start = Int(position)
                    return bytes.subdata(in: start..<min(start + size, bytes.count))
                }
            } catch {
                throw XLSXWriteError("cannot add \(path) to the zip archive: \(error)")
            }
        }
        guard let data = archive.data else { throw XLSXWriteError("the in-memory zip archive has no data") }
        return data
    }

    /// Every file of a zip, by path (for tests and tools that patch a package).
    static func unzip(_ data: Data) throws -> [(path: String, data: Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var d = Data()
            _ = try archive.extract(entry) { d.append($0) }
            out.append((entry.path, d))
        }
        return out
    }
}

enum XLSXWriter {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func checkSheetName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 31 else {
            throw XLSXWriteError("sheet name '\(name)' must have 1 to 31 characters, it has \(name.count)")
        }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            throw XLSXWriteError("sheet name '\(name)' must not contain '\(bad)' (none of [ ] : * ? / \\)")
        }
        guard !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw XLSXWriteError("sheet name '\(name)' must not start or end with an apostrophe")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw XLSXWriteError("sheet name '\(name)' must not contain control characters")
        }
    }

    /// Shared string table: each distinct string once, in first-use order.
    struct SharedStrings {
        private(set) var list: [String] = []
        private var index: [String: Int] = [:]
        private(set) var uses = 0

        mutating func id(_ s: String) -> Int {
            uses += 1
            if let i = index[s] { return i }
            index[s] = list.count
            list.append(s)
            return list.count - 1
        }

        var xml: String {
            var out = header + "<sst xmlns=\"\(mainNS)\" count=\"\(uses)\" uniqueCount=\"\(list.count)\">"
            for s in list {
                out += "<si>" + textElement(s) + "</si>"
            }
            return out + "</sst>"
        }
    }

    /// `<t>` with `xml:space="preserve"` when the text has leading/trailing whitespace.
    static func textElement(_ s: String) -> String {
        let preserve = s.first.map(\.isWhitespace) == true || s.last.map(\.isWhitespace) == true
        return (preserve ? "<t xml:space=\"preserve\">" : "<t>") + escape(xstring(s)) + "</t>"
    }

    /// Escapes text for XML content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// OOXML's ST_Xstring escaping: characters XML 1.0 cannot hold (controls other than tab and
    /// newline, U+FFFE/U+FFFF) become `_xHHHH_`, and a literal `_xHHHH_` in the text gets its
    /// underscore escaped as `_x005F_`, so Excel and this reader give back the original text.
    static func xstring(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { needsXEscape($0) || $0 == "_" }) else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if needsXEscape(c) {
                out.append(contentsOf: String(format: "_x%04X_", c.value).unicodeScalars)
            } else if c == "_", XLSXReader.xEscape(at: i, in: scalars) != nil {
                out.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }

    private static func needsXEscape(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t" && c != "\n" && c != "\r") || c.value == 0xFFFE || c.value == 0xFFFF
    }

    static func worksheetXML(_ sheet: XLSXSheet, strings: inout SharedStrings) throws -> String {
        var out = header + "<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        let rows = sheet.rowCount, columns = sheet.columnCount
        if rows > 0, columns > 0 {
            out += "<dimension ref=\"A1:\(XLSXCellRef(row: rows - 1, column: columns - 1))\"/>"
        }
        out += "<sheetViews><sheetView workbookViewId=\"0\""
        let fr = max(0, sheet.frozenRows), fc = max(0, sheet.frozenColumns)
        if fr > 0 || fc > 0 {
            out += "><pane"
            if fc > 0 { out += " xSplit=\"\(fc)\"" }
            if fr > 0 { out += " ySplit=\"\(fr)\"" }
            let pane = fr > 0 && fc > 0 ? "bottomRight" : (fr > 0 ? "bottomLeft" : "topRight")
            let topLeft = XLSXCellRef(row: fr, column: fc)
            out += " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
            out += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/></sheetView>"
        } else {
            out += "/>"
        }
        out += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let widths = sheet.columnWidths.filter { $0.key >= 0 && $0.key < XLSXCellRef.maxColumns && $0.value > 0 }
        if !widths.isEmpty {
            out += "<cols>"
            for (column, width) in widths.sorted(by: { $0.key < $1.key }) {
                let w = min(width, 255)
                out += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(XLSXNumbers.xml(w))\" customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        for r in sheet.rowIndices {
            out += "<row r=\"\(r + 1)\">"
            for (c, cell) in sheet.row(r) {
                let ref = XLSXCellRef(row: r, column: c)
                let style = cell.bold ? " s=\"1\"" : ""
                switch cell.value {
                case .string(let s):
                    out += "<c r=\"\(ref)\"\(style) t=\"s\"><v>\(strings.id(s))</v></c>"
                case .number(let n):
                    guard n.isFinite else {
                        throw XLSXWriteError("\(sheet.name)!\(ref): a cell number must be finite, got \(n)")
                    }
                    out += "<c r=\"\(ref)\"\(style)><v>\(XLSXNumbers.xml(n))</v></c>"
                }
            }
            out += "</row>"
        }
        out += "</sheetData>"
        // Margins are written because Excel adds them anyway; harmless otherwise.
        out += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return out + "</worksheet>"
    }

    static func contentTypes(sheetCount: Int) -> String {
        var out = header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        out += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        out += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        out += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in 0..<sheetCount {
            out += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        out += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        out += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        return out + "</Types>"
    }

    static let rootRels = header
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static func workbookXML(_ names: [String]) -> String {
        var out = header + "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        out += "<bookViews><workbookView/></bookViews><sheets>"
        for (i, name) in names.enumerated() {
            out += "<sheet name=\"\(escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return out + "</sheets></workbook>"
    }

    static func workbookRels(sheetCount: Int) -> String {
        var out = header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 0..<sheetCount {
            out += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        out += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        out += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return out + "</Relationships>"
    }

    /// Style 0: normal; style 1: bold. Fills 0 and 1 (none, gray125) are required by Excel.
    static let stylesXML = header
        + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "</fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"2\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HotlineCore
import XMLCoder
import ZIPFoundation

extension XLSXWorkbook {
    /// Reads an .xlsx package as Excel, LibreOffice or openpyxl write it: the workbook is found
    /// through `_rels/.rels`, its sheets through `workbook.xml` and its rels (file names are not
    /// assumed); cells may be shared strings (plain or rich-text runs), inline strings, formula
    /// strings (`t="str"`), booleans, errors or numbers, in sparse rows, with or without `r`
    /// references. Only worksheets are read (chart sheets are skipped); widths and frozen panes
    /// are not read back, bold and date number formats are.
    ///
    /// Any problem throws `InputError(file: file, …)`: not a zip archive, a missing part, XML that
    /// does not parse, a cell reference or value that makes no sense.
    public init(xlsx data: Data, file: String) throws {
        self = try XLSXReader(data: data, file: file).read()
    }
}

/// Reading strategy: XMLCoder decodes the small, regular, attribute-only parts (the package and
/// workbook relationships, `workbook.xml`). The worksheets, shared strings and styles are read with
/// Foundation's `XMLParser` (SAX) instead, because XMLCoder is awkward for them: their text is
/// mixed content whose meaning depends on element order and nesting (rich-text runs `<r><t>` to
/// concatenate, phonetic runs `<rPh><t>` to leave out, `xml:space="preserve"` whitespace that
/// XMLCoder's trimming would change), cells are addressed by attributes on sparse elements, and a
/// streaming parse does not build a tree of every cell of a large sheet.
struct XLSXReader {
    let file: String
    private var parts: [String: Entry] = [:]
    private let archive: Archive

    /// Refuses parts larger than this when unpacked (a zip bomb, or not a roster).
    static let maxPartBytes = 128 << 20
    static let maxTotalBytes = 512 << 20

    init(data: Data, file: String) throws {
        self.file = file
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw InputError(file: file, "not an .xlsx workbook: the file is not a readable zip archive (\(error)); expected a workbook saved by Excel, WPS, LibreOffice or this program")
        }
        for entry in archive where entry.type == .file {
            parts[Self.normalize(entry.path)] = entry
        }
        guard !parts.isEmpty else {
            throw InputError(file: file, "not an .xlsx workbook: the zip archive is empty")
        }
    }

    /// Part names are case-insensitive in Open Packaging; the leading `/` is optional.
    private static func normalize(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    private func part(_ path: String) throws -> Data? {
        guard let entry = parts[Self.normalize(path)] else { return nil }
        guard entry.uncompressedSize <= UInt64(Self.maxPartBytes) else {
            throw InputError(file: file, field: path, "part is \(entry.uncompressedSize) bytes unpacked, more than the \(Self.maxPartBytes >> 20) MB accepted")
        }
        var out = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                out.append(chunk)
                if out.count > Self.maxPartBytes { throw Archive.ArchiveError.invalidEntrySize }
            }
        } catch {
            throw InputError(file: file, field: path, "the zip entry cannot be unpacked (\(error)); the file is damaged")
        }
        return out
    }

    private func requiredPart(_ path: String, _ what: String) throws -> Data {
        guard let d = try part(path) else {
            throw InputError(file: file, field: path, "the workbook has no \(what) (\(path)); expected an .xlsx package")
        }
        return d
    }

    func read() throws -> XLSXWorkbook {
        // The workbook part, from the package relationships (fallback: the usual name).
        var workbookPath = "xl/workbook.xml"
        if let rootRels = try part("_rels/.rels") {
            let rels = try decodeRels(rootRels, path: "_rels/.rels", base: "")
            if let office = rels.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPath = office.target
            }
        }
        let workbookData = try requiredPart(workbookPath, "workbook part")
        let workbook = try decodeXMLCoder(WorkbookDocument.self, workbookData, path: workbookPath)
        let base = Self.directory(of: workbookPath)
        let relsPath = base + "_rels/" + Self.fileName(of: workbookPath) + ".rels"
        let rels = try decodeRels(try requiredPart(relsPath, "workbook relationships"), path: relsPath, base: base)

        let strings: [String]
        if let sst = rels.first(where: { $0.type.hasSuffix("/sharedStrings") }), let d = try part(sst.target) {
            strings = try SharedStringsParser.parse(d, reader: self, path: sst.target)
        } else {
            strings = []
        }
        var styles = Styles()
        if let st = rels.first(where: { $0.type.hasSuffix("/styles") }), let d = try part(st.target) {
            styles = try StylesParser.parse(d, reader: self, path: st.target)
        }
        let date1904 = ["1", "true"].contains(workbook.workbookPr?.date1904?.lowercased() ?? "")

        var sheets: [XLSXSheet] = []
        var total = 0
        for entry in workbook.sheets?.sheet ?? [] {
            guard let rel = rels.first(where: { $0.id == entry.relationshipId }) else {
                throw InputError(file: file, field: workbookPath, "sheet '\(entry.name)' refers to relationship '\(entry.relationshipId)', which \(relsPath) does not define")
            }
            guard rel.type.hasSuffix("/worksheet") else { continue }  // chart sheets, dialog sheets
            let data = try requiredPart(rel.target, "worksheet for sheet '\(entry.name)'")
            total += data.count
            guard total <= Self.maxTotalBytes else {
                throw InputError(file: file, "the worksheets are more than \(Self.maxTotalBytes >> 20) MB unpacked; not a roster workbook")
            }
            var sheet = XLSXSheet(name: entry.name)
            try WorksheetParser.parse(data, into: &sheet, strings: strings, styles: styles,
                                      date1904: date1904, reader: self, path: rel.target)
            sheets.append(sheet)
        }
        return XLSXWorkbook(sheets: sheets)
    }

    // MARK: relationships and workbook.xml (XMLCoder)

    struct Relationship {
        var id: String
        var type: String
        var target: String  // resolved to a package path
    }

    private struct RelationshipsDocument: Decodable {
        struct Item: Decodable {
            let Id: String
            let `Type`: String
            let Target: String
            let TargetMode: String?
        }
        let Relationship: [Item]?
    }

    private struct WorkbookDocument: Decodable {
        struct Pr: Decodable { let date1904: String? }
        struct Sheets: Decodable { let sheet: [SheetEntry]? }
        let workbookPr: Pr?
        let sheets: Sheets?
    }

    /// `<sheet name="…" sheetId="…" r:id="…"/>`: the relationship attribute's prefix is whatever the
    /// writer chose (`r:` almost always), so it is matched by its local name.
    private struct SheetEntry: Decodable {
        let name: String
        let relationshipId: String

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            name = try c.decode(String.self, forKey: Key(stringValue: "name"))
            guard let idKey = c.allKeys.first(where: { $0.stringValue == "id" || $0.stringValue.hasSuffix(":id") }) else {
                throw DecodingError.keyNotFound(Key(stringValue: "r:id"), .init(codingPath: c.codingPath, debugDescription: "sheet '\(name)' has no r:id"))
            }
            relationshipId = try c.decode(String.self, forKey: idKey)
        }
    }

    private func decodeXMLCoder<T: Decodable>(_ type: T.Type, _ data: Data, path: String) throws -> T {
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = true
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw InputError(file: file, field: path, "cannot read this part of the workbook (\(Self.describe(error)))")
        }
    }

    private func decodeRels(_ data: Data, path: String, base: String) throws -> [Relationship] {
        let doc = try decodeXMLCoder(RelationshipsDocument.self, data, path: path)
        return (doc.Relationship ?? []).filter { $0.TargetMode?.lowercased() != "external" }.map {
            Relationship(id: $0.Id, type: $0.Type, target: Self.resolve($0.Target, base: base))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .keyNotFound(let key, let ctx): return "missing '\(key.stringValue)' \(ctx.debugDescription)"
            case .dataCorrupted(let ctx), .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return ctx.debugDescription
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// A relationship target relative to `base` (or absolute with a leading `/`), `..` resolved.
    static func resolve(_ target: String, base: String) -> String {
        let joined = target.hasPrefix("/") ? target : base + target
        var out: [Substring] = []
        for seg in joined.split(separator: "/") {
            if seg == "." { continue }
            if seg == ".." { _ = out.popLast(); continue }
            out.append(seg)
        }
        return out.joined(separator: "/")
    }

    // MARK: text helpers shared with the writer

    /// `_xHHHH_` at `i` (OOXML's escape for characters XML cannot hold): the scalar it stands for.
    static func xEscape(at i: Int, in s: [Unicode.Scalar]) -> Unicode.Scalar? {
        guard i + 6 < s.count, s[i] == "_", s[i + 1] == "x", s[i + 6] == "_" else { return nil }
        var v: UInt32 = 0
        for k in 2...5 {
            let c = s[i + k]
            guard c.isASCII, let d = Int(String(c), radix: 16) else { return nil }
            v = v * 16 + UInt32(d)
        }
        return Unicode.Scalar(v)
    }

    /// Undoes `_xHHHH_` escapes.
    static func unescapeXString(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if let c = xEscape(at: i, in: s) {
                out.append(c)
                i += 7
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    func xmlError(_ parser: XMLParser, path: String) -> InputError {
        let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "malformed XML"
        return InputError(file: file, field: path, "the XML does not parse at line \(parser.lineNumber), column \(parser.columnNumber) (\(reason)); the file is damaged")
    }

    static func makeParser(_ data: Data) -> XMLParser {
        let p = XMLParser(data: data)
        p.shouldProcessNamespaces = true
        p.shouldReportNamespacePrefixes = false
        p.shouldResolveExternalEntities = false
        return p
    }
}

// MARK: - styles

struct Styles {
    /// Per cell format (`s` index): bold font, date/time number format.
    var bold: [Bool] = []
    var isDate: [Bool] = []

    /// Built-in date/time formats (ECMA-376 §18.8.30, plus the CJK built-ins 27–36, 50–58).
    static let builtinDates: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)

    /// A custom format is a date format when it has a date/time token outside quotes, brackets
    /// (other than elapsed time `[h]`) and escapes.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        var bracket = ""
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
                } else { bracket.append(ch) }
                continue
            }
            switch ch {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true; bracket = ""
            case "y", "m", "d", "h", "s", "年", "月", "日", "时", "分", "秒": return true
            case "g" where code.lowercased().contains("general"): return false  // before its "e"/"r"
            default: break
            }
        }
        return false
    }
}

private final class StylesParser: NSObject, XMLParserDelegate {
    /// Foundation on Linux may keep going after a well-formedness error; remember it.
    var malformed = false
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = true }
    var numFmts: [Int: String] = [:]
    var fontBold: [Bool] = []
    var xfs: [(numFmt: Int, font: Int)] = []
    private var stack: [String] = []

    static func parse(_ data: Data, reader: XLSXReader, path: String) throws -> Styles {
        let d = StylesParser()
        let p = XLSXReader.makeParser(data)
        p.delegate = d
        guard p.parse(), p.parserError == nil, !d.malformed else { throw reader.xmlError(p, path: path) }
        var s = Styles()
        for xf in d.xfs {
            s.bold.append(xf.font < d.fontBold.count && d.fontBold[xf.font])
            let date = d.numFmts[xf.numFmt].map(Styles.isDateFormat) ?? Styles.builtinDates.contains(xf.numFmt)
            s.isDate.append(date)
        }
        return s
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes a: [String: String] = [:]) {
        let parent = stack.last
        stack.append(name)
        switch (parent, name) {
        case ("numFmts", "numFmt"):
            if let id = a["numFmtId"].flatMap({ Int($0) }) { numFmts[id] = a["formatCode"] ?? "" }
        case ("fonts", "font"):
            fontBold.append(false)
        case ("font", "b") where stack.count >= 3 && stack[stack.count - 3] == "fonts":
            let v = a["val"]?.lowercased()
            if !fontBold.isEmpty { fontBold[fontBold.count - 1] = v == nil || v == "1" || v == "true" }
        case ("cellXfs", "xf"):
            xfs.append((Int(a["numFmtId"] ?? "0") ?? 0, Int(a["fontId"] ?? "0") ?? 0))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }
}

// MARK: - shared strings

/// `<sst><si>` items: `<t>` alone or rich-text runs `<r><rPr/><t/></r>…` concatenated; phonetic
/// runs (`<rPh>`, furigana/pinyin guides) are not part of the text.
private final class SharedStringsParser: NSObject, XMLParserDelegate {
    /// Foundation on Linux may keep going after a well-formedness error; remember it.
    var malformed = false
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = true }
    var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false
    private var skipDepth = 0  // inside <rPh> or <phoneticPr>

    static func parse(_ data: Data, reader: XLSXReader, path: String) throws -> [String] {
        let d = SharedStringsParser()
        let p = XLSXReader.makeParser(data)
        p.delegate = d
        guard p.parse(), p.parserError == nil, !d.malformed else { throw reader.xmlError(p, path: path) }
        return d.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "si": inItem = true; current = ""
        case "rPh", "phoneticPr": skipDepth += 1
        case "t" where inItem && skipDepth == 0: inText = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si":
            strings.append(XLSXReader.unescapeXString(current))
            inItem = false
        case "rPh", "phoneticPr": skipDepth -= 1
        case "t": inText = false
        default: break
        }
    }
}

// MARK: - worksheets

private final class WorksheetParser: NSObject, XMLParserDelegate {
    /// Foundation on Linux may keep going after a well-formedness error; remember it.
    var malformed = false
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = true }
    let strings: [String]
    let styles: Styles
    let date1904: Bool
    let sheetName: String
    var cells: [(XLSXCellRef, XLSXCell)] = []
    var failure: InputError?
    let file: String

    private var inSheetData = false
    private var rowIndex = -1, nextColumn = 0
    private var cellRef: XLSXCellRef?
    private var cellType = "n", cellStyle = 0
    private var value = "", inlineText = ""
    private var hasValue = false, hasInline = false
    private var inV = false, inInlineT = false, inIs = false
    private var skipDepth = 0

    init(strings: [String], styles: Styles, date1904: Bool, sheetName: String, file: String) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.sheetName = sheetName
        self.file = file
    }

    static func parse(_ data: Data, into sheet: inout XLSXSheet, strings: [String], styles: Styles,
                      date1904: Bool, reader: XLSXReader, path: String) throws {
        let d = WorksheetParser(strings: strings, styles: styles, date1904: date1904, sheetName: sheet.name, file: reader.file)
        let p = XLSXReader.makeParser(data)
        p.delegate = d
        let ok = p.parse()
        if let failure = d.failure { throw failure }
        guard ok, p.parserError == nil, !d.malformed else { throw reader.xmlError(p, path: path) }
        for (ref, cell) in d.cells { sheet[ref.row, ref.column] = cell }
    }

    private func fail(_ parser: XMLParser, row: Int?, ref: String?, _ message: String) {
        guard failure == nil else { return }
        failure = InputError(file: file, line: row, field: ref.map { "\(sheetName)!\($0)" } ?? sheetName, message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes a: [String: String] = [:]) {
        if name == "sheetData" { inSheetData = true; return }
        guard inSheetData, failure == nil else { return }
        switch name {
        case "row":
            if let r = a["r"] {
                guard let n = Int(r), n >= 1, n <= XLSXCellRef.maxRows else {
                    fail(parser, row: nil, ref: nil, "row number '\(r)' is not a row of a sheet (1…\(XLSXCellRef.maxRows))")
                    return
                }
                rowIndex = n - 1
            } else {
                rowIndex += 1
            }
            nextColumn = 0
        case "c":
            if rowIndex < 0 { rowIndex = 0 }
            if let r = a["r"] {
                guard let ref = XLSXCellRef(r) else {
                    fail(parser, row: rowIndex + 1, ref: r, "'\(r)' is not a cell reference like B7")
                    return
                }
                cellRef = ref
            } else {
                guard nextColumn < XLSXCellRef.maxColumns else {
                    fail(parser, row: rowIndex + 1, ref: nil, "more than \(XLSXCellRef.maxColumns) cells in row \(rowIndex + 1)")
                    return
                }
                cellRef = XLSXCellRef(row: rowIndex, column: nextColumn)
            }
            nextColumn = cellRef!.column + 1
            cellType = a["t"] ?? "n"
            cellStyle = Int(a["s"] ?? "0") ?? 0
            value = ""; inlineText = ""
            hasValue = false; hasInline = false
        case "v":
            inV = true; hasValue = true
        case "is":
            inIs = true; hasInline = true
        case "rPh", "phoneticPr":
            skipDepth += 1
        case "t" where inIs && skipDepth == 0:
            inInlineT = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inV { value += string } else if inInlineT { inlineText += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil else { return }
        switch name {
        case "sheetData": inSheetData = false
        case "v": inV = false
        case "t": inInlineT = false
        case "is": inIs = false
        case "rPh", "phoneticPr": skipDepth -= 1
        case "c":
            if let ref = cellRef, let cell = makeCell(parser, ref) { cells.append((ref, cell)) }
            cellRef = nil
        default: break
        }
    }

    private func makeCell(_ parser: XMLParser, _ ref: XLSXCellRef) -> XLSXCell? {
        let bold = cellStyle < styles.bold.count && styles.bold[cellStyle]
        let isDate = cellStyle < styles.isDate.count && styles.isDate[cellStyle]
        let row = ref.row + 1
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch cellType {
        case "s":
            guard hasValue, !v.isEmpty else { return nil }
            guard let i = Int(v), i >= 0, i < strings.count else {
                fail(parser, row: row, ref: ref.description, "shared string index '\(v)' is not in the string table (\(strings.count) entries); the file is damaged")
                return nil
            }
            return XLSXCell(.string(strings[i]), bold: bold)
        case "inlineStr":
            if hasInline { return XLSXCell(.string(XLSXReader.unescapeXString(inlineText)), bold: bold) }
            return hasValue ? XLSXCell(.string(XLSXReader.unescapeXString(value)), bold: bold) : nil
        case "str", "e", "d":
            // Formula text results, errors (#N/A) and ISO 8601 dates: kept as their text.
            guard hasValue else { return nil }
            return XLSXCell(.string(XLSXReader.unescapeXString(value)), bold: bold)
        case "b":
            guard hasValue else { return nil }
            return XLSXCell(.string(v == "1" || v.lowercased() == "true" ? "TRUE" : "FALSE"), bold: bold)
        case "n":
            guard hasValue, !v.isEmpty else { return nil }  // a styled empty cell, or a formula not yet computed
            guard var n = Double(v), n.isFinite else {
                fail(parser, row: row, ref: ref.description, "number cell holds '\(v)', which is not a number")
                return nil
            }
            if isDate, date1904 { n += XLSXDates.offset1904 }
            return XLSXCell(.number(n), bold: bold, isDateFormatted: isDate)
        default:
            fail(parser, row: row, ref: ref.description, "unknown cell type '\(cellType)' (expected s, inlineStr, str, n, b, e or d)")
            return nil
        }
    }
}

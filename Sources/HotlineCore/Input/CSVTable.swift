import CSV
import Foundation

/// A CSV file with a header row, read whole, with each row's line number kept for error messages.
///
/// Columns are looked up by name (case-insensitive, surrounding spaces ignored), so files may order
/// them freely and carry extra columns. A UTF-8 byte-order mark is skipped.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line number in the file (the header is line 1).
        public let line: Int
        public let fields: [String]
    }

    public let file: String
    public let header: [String]
    public let rows: [Row]

    /// Reads `path`; throws `InputError` when the file is missing, unreadable or not CSV.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "is not UTF-8 text")
        }
        return try CSVTable(text: text, file: path)
    }

    public init(text: String, file: String) throws {
        self.file = file
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: String(body), hasHeaderRow: true, trimFields: true)
        } catch {
            throw InputError(file: file, line: 1, "cannot read the CSV header: \(error)")
        }
        guard let header = reader.headerRow, !(header.count == 1 && header[0].isEmpty) else {
            throw InputError(file: file, line: 1, "is empty: a header row is required")
        }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [Row] = []
        // CSV.swift does not report line numbers; count the physical lines each record spans
        // (a quoted field may hold line breaks) by counting its newlines.
        var line = 1
        while let fields = reader.next() {
            line += 1
            let extra = fields.reduce(0) { $0 + $1.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } }
            if fields.count == 1 && fields[0].isEmpty { line += extra; continue } // blank line
            rows.append(Row(line: line, fields: fields))
            line += extra
        }
        if let error = reader.error {
            throw InputError(file: file, line: line + 1, "is not valid CSV: \(error)")
        }
        self.rows = rows
    }

    /// The index of column `name`, or nil when absent.
    public func columnIndex(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The index of a required column; throws naming the file, the column and the columns expected.
    public func requireColumn(_ name: String, expected: [String]) throws -> Int {
        guard let i = columnIndex(name) else {
            throw InputError(file: file, line: 1, field: name,
                             "missing column; the header must have \(expected.joined(separator: ",")) (found: \(header.joined(separator: ",")))")
        }
        return i
    }

    /// Typed access to the fields of one row, throwing `InputError` with file, line and field.
    public struct Cursor {
        public let table: CSVTable
        public let row: Row

        public var line: Int { row.line }

        /// The raw text of column `index` (empty when the row is short).
        public func text(_ index: Int?) -> String {
            guard let index, index < row.fields.count else { return "" }
            return row.fields[index]
        }

        public func error(_ index: Int?, _ message: String) -> InputError {
            let field = index.flatMap { $0 < table.header.count ? table.header[$0] : nil }
            return InputError(file: table.file, line: row.line, field: field, message)
        }

        public func requiredText(_ index: Int) throws -> String {
            let t = text(index)
            guard !t.isEmpty else { throw error(index, "is empty; a value is required") }
            return t
        }

        public func date(_ index: Int) throws -> CivilDate {
            let t = try requiredText(index)
            guard let d = CivilDate.parse(t) else { throw error(index, "expected a date YYYY-MM-DD, got '\(t)'") }
            return d
        }

        public func dateTime(_ index: Int) throws -> LocalDateTime {
            let t = try requiredText(index)
            guard let d = LocalDateTime.parse(t) else {
                throw error(index, "expected a local time YYYY-MM-DDTHH:MM[:SS], got '\(t)'")
            }
            return d
        }

        public func optionalDateTime(_ index: Int?) throws -> LocalDateTime? {
            guard let index, !text(index).isEmpty else { return nil }
            return try dateTime(index)
        }

        /// A number ≥ 0 (counts, durations).
        public func nonNegative(_ index: Int) throws -> Double {
            let t = try requiredText(index)
            guard let v = Double(t), v.isFinite else { throw error(index, "expected a number, got '\(t)'") }
            guard v >= 0 else { throw error(index, "must not be negative, got \(t)") }
            return v
        }

        public func optionalNonNegative(_ index: Int?) throws -> Double? {
            guard let index, !text(index).isEmpty else { return nil }
            return try nonNegative(index)
        }
    }

    public var cursors: [Cursor] { rows.map { Cursor(table: self, row: $0) } }
}

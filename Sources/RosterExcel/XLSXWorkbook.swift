/// RosterExcel: the roster grid (排班表) as a real .xlsx workbook, written and read back.
///
/// Two layers: a minimal, generic SpreadsheetML workbook (`XLSXWorkbook`, written by
/// `XLSXWriter.swift`, read by `XLSXReader.swift`), and the roster mapping on top of it
/// (`RosterWorkbook`). The library never prints or exits: problems are thrown.
import Foundation
import HotlineCore

/// One cell: a string or a number, optionally bold (headers).
public struct XLSXCell: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
    }

    public var value: Value
    public var bold: Bool
    /// Set by the reader when the cell's number format is a date or time format (a user who types
    /// `12-07` or `08:00` into Excel gets a date serial number, not text). The writer ignores it.
    public var isDateFormatted: Bool

    public init(_ value: Value, bold: Bool = false, isDateFormatted: Bool = false) {
        self.value = value
        self.bold = bold
        self.isDateFormatted = isDateFormatted
    }

    public static func string(_ s: String, bold: Bool = false) -> XLSXCell { XLSXCell(.string(s), bold: bold) }
    public static func number(_ n: Double, bold: Bool = false) -> XLSXCell { XLSXCell(.number(n), bold: bold) }

    /// The cell as text, trimmed: strings as they are; whole numbers without a fraction (`8`),
    /// others with up to 15 significant digits as Excel shows them (`7.5`, `0.3`); date-formatted
    /// numbers as `YYYY-MM-DD`, `HH:MM` or `YYYY-MM-DD HH:MM`.
    public var text: String {
        switch value {
        case .string(let s):
            return s.trimmingCharacters(in: .whitespacesAndNewlines)
        case .number(let n):
            if isDateFormatted, let dt = XLSXDates.dateTime(serial: n) {
                if n >= 0, n < 1 { return dt.clockText }
                return dt.secondOfDay == 0 ? dt.date.description : "\(dt.date) \(dt.clockText)"
            }
            return XLSXNumbers.text(n)
        }
    }

    /// The number, or a string holding only a number (a user may type `40` into a text cell).
    public var numberValue: Double? {
        switch value {
        case .number(let n): return n
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// A worksheet: a sparse grid of cells addressed by 0-based row and column (row 0 is Excel's row 1,
/// column 0 is column A), with display settings used when writing.
public struct XLSXSheet: Sendable, Equatable {
    /// 1–31 characters, none of `[ ] : * ? / \`, not starting or ending with an apostrophe;
    /// Chinese is fine. Checked when writing.
    public var name: String
    /// Row → column → cell.
    public private(set) var cells: [Int: [Int: XLSXCell]] = [:]
    /// Column (0-based) → width in characters.
    public var columnWidths: [Int: Double] = [:]
    /// Rows at the top and columns at the left kept visible when scrolling (0 = none).
    public var frozenRows: Int = 0
    public var frozenColumns: Int = 0

    public init(name: String) { self.name = name }

    public subscript(row: Int, column: Int) -> XLSXCell? {
        get { cells[row]?[column] }
        set {
            precondition(row >= 0 && row < XLSXCellRef.maxRows && column >= 0 && column < XLSXCellRef.maxColumns,
                         "cell (\(row), \(column)) outside the sheet")
            if let newValue {
                cells[row, default: [:]][column] = newValue
            } else {
                cells[row]?[column] = nil
                if cells[row]?.isEmpty == true { cells[row] = nil }
            }
        }
    }

    /// Writes `values` into a row from `column` on (nil leaves a gap).
    public mutating func setRow(_ row: Int, from column: Int = 0, _ values: [XLSXCell?]) {
        for (i, v) in values.enumerated() { self[row, column + i] = v }
    }

    /// The rows that hold at least one cell, ascending.
    public var rowIndices: [Int] { cells.keys.sorted() }

    /// The cells of one row, by column, ascending.
    public func row(_ row: Int) -> [(column: Int, cell: XLSXCell)] {
        (cells[row] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// One past the last used row (0 for an empty sheet).
    public var rowCount: Int { (cells.keys.max() ?? -1) + 1 }

    /// One past the last used column.
    public var columnCount: Int { (cells.values.compactMap { $0.keys.max() }.max() ?? -1) + 1 }

    /// The trimmed text of a cell, "" when there is none.
    public func text(_ row: Int, _ column: Int) -> String { self[row, column]?.text ?? "" }

    /// `Sheet!B7` for messages.
    public func field(_ row: Int, _ column: Int) -> String { "\(name)!\(XLSXCellRef(row: row, column: column))" }
}

/// A workbook: sheets in tab order.
public struct XLSXWorkbook: Sendable, Equatable {
    public var sheets: [XLSXSheet]

    public init(sheets: [XLSXSheet] = []) { self.sheets = sheets }

    public func sheet(named name: String) -> XLSXSheet? { sheets.first { $0.name == name } }
}

/// A problem found while writing (the data cannot be represented in a valid workbook).
public struct XLSXWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An A1-style cell reference; row and column are 0-based.
public struct XLSXCellRef: Hashable, Sendable, CustomStringConvertible {
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `A1`, `AB12`, `$C$3` (case-insensitive); nil when malformed or outside the sheet.
    public init?(_ text: some StringProtocol) {
        var letters = 0, digits = 0, column = 0, row = 0
        var seenDigit = false
        for ch in text.utf8 {
            switch ch {
            case UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !seenDigit, letters < 3 else { return nil }
                column = column * 26 + Int((ch & 0xDF) - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 7 else { return nil }
                seenDigit = true
                row = row * 10 + Int(ch - UInt8(ascii: "0"))
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, row >= 1, row <= Self.maxRows, column <= Self.maxColumns else { return nil }
        self.init(row: row - 1, column: column - 1)
    }

    /// `A`, `Z`, `AA`, … for a 0-based column.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    public var description: String { "\(Self.columnName(column))\(row + 1)" }
}

enum XLSXNumbers {
    /// Whole numbers without a fraction, others with up to 15 significant digits (as Excel shows).
    static func text(_ n: Double) -> String {
        guard n.isFinite else { return n.isNaN ? "NaN" : (n > 0 ? "Infinity" : "-Infinity") }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        var s = String(format: "%.15g", n)
        if s.contains("e") || s.contains("E") { return s }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// The XML text of a number cell's `<v>`: the shortest representation that reads back exactly.
    static func xml(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }
}

/// Excel date serial numbers (1900 date system; the reader converts the 1904 system).
enum XLSXDates {
    /// Serial 25569 is 1970-01-01 in the 1900 system (which counts the nonexistent 1900-02-29,
    /// so serials below 61 are a day off; no roster holds such dates).
    static let unixEpochSerial = 25_569.0
    /// The 1904 system's serial 0 is the 1900 system's 1462.
    static let offset1904 = 1_462.0

    static func dateTime(serial: Double) -> LocalDateTime? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        // Round to the minute: typed times come back as binary fractions (08:00 = 0.33333…).
        let minutes = ((serial - unixEpochSerial) * 1_440).rounded()
        return LocalDateTime(seconds: Int(minutes) * 60)
    }
}

/// Bad input, described so that a person can fix it: which file, which line, which field, and
/// what was expected. Printed as one line, e.g.
/// `people.csv:12: field 'hired_on': expected a date YYYY-MM-DD, got '2026/13/01'`.
///
/// Messages never carry personal data unmasked: callers pass values through `PersonalData.mask`
/// when a field holds an ID or phone number.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "field '\(field)': " }
        return s + message
    }
}

/// Masks personal data (national ID numbers, phone numbers) for logs, exports and errors:
/// keeps the first 3 and last 2 characters of values longer than 6, stars the rest.
public enum PersonalData {
    public static func mask(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 6 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }
}

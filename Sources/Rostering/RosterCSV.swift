import Foundation
import HotlineCore

/// The roster CSV of DESIGN.md: UTF-8 with a byte-order mark (so spreadsheet programs show
/// Chinese), `person_id,name,role,date,start,end,shift`, one row per shift worked.
public enum RosterCSV {
    public static let columns = ["person_id", "name", "role", "date", "start", "end", "shift"]

    public static func text(_ shifts: [ShiftAssignment]) -> String {
        var out = "\u{FEFF}" + columns.joined(separator: ",") + "\n"
        for s in shifts {
            let fields = [s.personId, s.name, s.role.rawValue, s.date.description, s.start.description,
                          s.end.description, s.shift]
            out += fields.map(escape).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func write(_ shifts: [ShiftAssignment], to path: String) throws {
        try text(shifts).write(toFile: path, atomically: true, encoding: .utf8)
    }

    public static func read(path: String) throws -> [ShiftAssignment] {
        let table = try CSVTable.read(path: path)
        let c = try columns.map { try table.requireColumn($0, expected: columns) }
        return try table.cursors.map { row in
            let roleText = try row.requiredText(c[2])
            guard let role = Role(rawValue: roleText) else {
                throw row.error(c[2], "unknown role '\(roleText)'; expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return ShiftAssignment(personId: try row.requiredText(c[0]), name: row.text(c[1]), role: role,
                                   date: try row.date(c[3]), start: try row.dateTime(c[4]), end: try row.dateTime(c[5]),
                                   shift: row.text(c[6]))
        }
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

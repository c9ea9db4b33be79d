import Foundation
import HotlineCore

/// Reads the people CSV of DESIGN.md: `person_id,name,role,skills,hired_on,contract_hours_per_week`
/// plus the optional personal-data columns `national_id,phone`.
///
/// Every row is validated before anything is returned; bad rows throw `ImportRejected` listing
/// every one (file, line, field, reason); a bad header throws one `InputError`. National ID numbers and phone numbers appear in messages
/// only masked (`PersonalData.mask`).
public enum PeopleCSV {
    /// The required columns, in the documented order.
    public static let columns = ["person_id", "name", "role", "skills", "hired_on", "contract_hours_per_week"]
    /// Optional columns holding personal data (stored, never printed unmasked).
    public static let optionalColumns = ["national_id", "phone"]
    /// Optional HR columns: `contract` (free text) and `protected_status` (one of `ProtectedStatus`).
    public static let detailColumns = ["contract", "protected_status"]
    /// Contract hours per week must lie in (0, maximumContractHours].
    public static let maximumContractHours = 60.0

    public static func read(path: String) throws -> [Person] {
        try parse(try CSVTable.read(path: path))
    }

    public static func parse(_ table: CSVTable) throws -> [Person] {
        let expected = columns + optionalColumns.map { "[\($0)]" }
        let id = try table.requireColumn("person_id", expected: expected)
        let name = try table.requireColumn("name", expected: expected)
        let role = try table.requireColumn("role", expected: expected)
        let skills = try table.requireColumn("skills", expected: expected)
        let hired = try table.requireColumn("hired_on", expected: expected)
        let hours = try table.requireColumn("contract_hours_per_week", expected: expected)
        let nationalID = table.columnIndex("national_id")
        let phone = table.columnIndex("phone")

        var people: [Person] = []
        var errors: [InputError] = []
        var lineOfID: [String: Int] = [:]
        for row in table.cursors {
            do {
                let personID = try row.requiredText(id)
                if let first = lineOfID[personID] {
                    throw row.error(id, "duplicate person_id '\(personID)': lines \(first) and \(row.line) of \(table.file) both have it; each person must appear once")
                }
                lineOfID[personID] = row.line
                let personName = try row.requiredText(name)
                let roleText = try row.requiredText(role)
                guard let personRole = Role(rawValue: roleText.lowercased()) else {
                    throw row.error(role, "unknown role '\(roleText)'; expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let hiredOn = try row.date(hired)
                let hoursText = try row.requiredText(hours)
                guard let h = Double(hoursText), h.isFinite else {
                    throw row.error(hours, "expected a number of hours per week, got '\(hoursText)'")
                }
                guard h > 0, h <= maximumContractHours else {
                    throw row.error(hours, "expected hours per week in (0, \(Int(maximumContractHours))], got \(hoursText)")
                }
                let id18 = try validatedNationalID(row.text(nationalID), row: row, column: nationalID)
                let phoneNumber = try validatedPhone(row.text(phone), row: row, column: phone)
                people.append(Person(id: personID, name: personName, role: personRole, skills: splitSkills(row.text(skills)),
                                     hiredOn: hiredOn, contractHoursPerWeek: h, nationalID: id18, phone: phoneNumber))
            } catch let e as InputError {
                errors.append(e)
            }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return people
    }

    /// The optional `contract` and `protected_status` columns by person id (empty when the file
    /// has neither column).
    public static func parseDetails(_ table: CSVTable) throws -> [String: PersonDetails] {
        let contract = table.columnIndex("contract")
        let protected = table.columnIndex("protected_status")
        guard contract != nil || protected != nil, let id = table.columnIndex("person_id") else { return [:] }
        var details: [String: PersonDetails] = [:]
        var errors: [InputError] = []
        for row in table.cursors {
            var status: ProtectedStatus?
            let text = row.text(protected).lowercased()
            if !text.isEmpty {
                guard let s = ProtectedStatus(rawValue: text) else {
                    errors.append(row.error(protected, "unknown protected status '\(text)'; expected one of \(ProtectedStatus.allCases.map(\.rawValue).joined(separator: ", ")) or empty"))
                    continue
                }
                status = s
            }
            details[row.text(id)] = PersonDetails(contract: row.text(contract), protectedStatus: status)
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return details
    }

    /// Skills are `;`-separated; blanks are dropped, order kept, duplicates removed.
    public static func splitSkills(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A resident identity card number: 18 characters, 17 digits then a digit or X.
    public static func isValidNationalID(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count == 18 else { return false }
        guard chars.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let last = chars[17]
        return (last.isASCII && last.isNumber) || last == "X"
    }

    /// A mainland mobile number: 11 digits starting with 1.
    public static func isValidPhone(_ text: String) -> Bool {
        let chars = Array(text)
        return chars.count == 11 && chars[0] == "1" && chars.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func validatedNationalID(_ raw: String, row: CSVTable.Cursor, column: Int?) throws -> String? {
        guard !raw.isEmpty else { return nil }
        let value = raw.uppercased()
        guard isValidNationalID(value) else {
            throw row.error(column, "expected 18 characters (17 digits, then a digit or X), got '\(PersonalData.mask(raw))' (\(raw.count) characters, masked)")
        }
        return value
    }

    static func validatedPhone(_ raw: String, row: CSVTable.Cursor, column: Int?) throws -> String? {
        guard !raw.isEmpty else { return nil }
        let value = raw.filter { $0 != " " && $0 != "-" }
        guard isValidPhone(value) else {
            throw row.error(column, "expected 11 digits starting with 1, got '\(PersonalData.mask(raw))' (\(raw.count) characters, masked)")
        }
        return value
    }
}

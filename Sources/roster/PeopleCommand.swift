import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster people`: the staff in the roster store.
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: "Import and list the staff in the roster store.",
            subcommands: [Import.self, List.self, Separate.self, Leave.self, Rosterable.self])
    }
}

extension Roster.People {
    /// `roster people import FILE`: validates the whole file, then upserts everyone by person_id.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a people CSV (all or nothing; upsert by person_id).",
            discussion: """
                Columns: \(PeopleCSV.columns.joined(separator: ",")) and optionally \
                \(PeopleCSV.optionalColumns.joined(separator: ",")) (personal data: stored, shown only masked). \
                Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")); skills are ';'-separated.
                """)

        @Argument(help: "The people CSV file.")
        var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var inserted: Int
            var updated: Int
            var people: Int
        }

        func run() async throws {
            let roster = try RosterStore(path: store.store)
            let summary = try roster.importPeople(fromCSV: file)
            let total = try roster.people().count
            if output.json {
                try Output.printJSON(Report(store: store.store, inserted: summary.inserted, updated: summary.updated, people: total))
            } else {
                print("Imported \(file) into \(store.store): \(summary.inserted) added, \(summary.updated) updated; \(total) people in the store.")
            }
        }
    }

    /// `roster people list`: everyone in the store, personal data masked.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the people in the roster store (national ID and phone masked).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            var personId: String
            var name: String
            var role: String
            var skills: [String]
            var hiredOn: String
            var contractHoursPerWeek: Double
            var nationalId: String?
            var phone: String?
            var contract = ""
            var protectedStatus: String?
            var leftOn: CivilDate?
            var leaveReason: String?

            init(_ p: Person) {
                personId = p.id
                name = p.name
                role = p.role.rawValue
                skills = p.skills
                hiredOn = p.hiredOn.description
                contractHoursPerWeek = p.contractHoursPerWeek
                nationalId = p.nationalID.map(PersonalData.mask)
                phone = p.phone.map(PersonalData.mask)
            }
        }

        struct Report: Encodable {
            var store: String
            var people: [Row]
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: store.store) else {
                throw PeopleCommandError("no roster store at '\(store.store)'; import people first with `roster people import FILE --store \(store.store)`")
            }
            let s = try RosterStore(path: store.store)
            let details = try s.allDetails()
            let left = Dictionary(try s.separations().map { ($0.personId, $0) }, uniquingKeysWith: { a, _ in a })
            let rows = try s.people().map { p in
                var r = Row(p)
                r.contract = details[p.id]?.contract ?? ""
                r.protectedStatus = details[p.id]?.protectedStatus?.rawValue
                r.leftOn = left[p.id]?.date
                r.leaveReason = left[p.id]?.reason.rawValue
                return r
            }
            if output.json {
                try Output.printJSON(Report(store: store.store, people: rows))
                return
            }
            let table = [["person_id", "name", "role", "skills", "hired_on", "hours", "national_id", "phone", "contract", "protected", "left_on"]]
                + rows.map { r in
                    [r.personId, r.name, r.role, r.skills.joined(separator: ";"), r.hiredOn,
                     RequirementsCSV.formatNumber(r.contractHoursPerWeek), r.nationalId ?? "", r.phone ?? "",
                     r.contract, r.protectedStatus ?? "", r.leftOn.map { "\($0) (\(r.leaveReason ?? ""))" } ?? ""]
                }
            for line in table { print(line.joined(separator: "\t")) }
            if rows.isEmpty { Output.note("no people in \(store.store)") }
        }
    }
}

extension Roster.People {
    /// `roster people separate ID --date --reason`.
    struct Separate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a person left (counts for turnover unless they left for a civil-service or public-institution post).")
        @Argument(help: "The person.") var person: String
        @Option(help: "First day no longer working (YYYY-MM-DD).") var date: String
        @Option(help: "\(SeparationReason.allCases.map(\.rawValue).joined(separator: ", ")).") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let d = CivilDate.parse(date) else { throw ValidationError("--date expects YYYY-MM-DD, got '\(date)'") }
            guard let r = SeparationReason(rawValue: reason) else {
                throw ValidationError("--reason must be one of \(SeparationReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard FileManager.default.fileExists(atPath: store.store) else { throw PeopleCommandError("no roster store at '\(store.store)'") }
            try RosterStore(path: store.store).recordSeparation(personId: person, date: d, reason: r)
            print("\(person) left on \(d) (\(r.rawValue); \(r.countsForTurnover ? "counts" : "does not count") for turnover).")
        }
    }

    /// `roster people leave ID --kind --from --through`.
    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record leave (annual, sick, maternity, …).")
        @Argument(help: "The person.") var person: String
        @Option(help: "Kind of leave, e.g. annual, sick, maternity.") var kind: String
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day (YYYY-MM-DD).") var through: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let f = CivilDate.parse(from), let t = CivilDate.parse(through) else { throw ValidationError("--from and --through expect YYYY-MM-DD") }
            guard FileManager.default.fileExists(atPath: store.store) else { throw PeopleCommandError("no roster store at '\(store.store)'") }
            try RosterStore(path: store.store).addLeave(personId: person, kind: kind, firstDay: f, lastDay: t)
            print("Recorded \(kind) leave of \(person) from \(f) through \(t).")
        }
    }

    /// `roster people rosterable --date`: who the roster engine may use on a date.
    struct Rosterable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "People who may be rostered on a date (hired, not separated, not replaced), with leave and phone qualification.")
        @Option(help: "The date (YYYY-MM-DD).") var date: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable { var personId: String; var role: String; var onLeave: Bool; var phoneQualified: Bool }

        func run() async throws {
            guard let d = CivilDate.parse(date) else { throw ValidationError("--date expects YYYY-MM-DD, got '\(date)'") }
            guard FileManager.default.fileExists(atPath: store.store) else { throw PeopleCommandError("no roster store at '\(store.store)'") }
            let s = try RosterStore(path: store.store)
            let leave = try s.onLeave(on: d), qualified = try s.phoneQualified(on: d)
            let rows = try s.rosterablePeople(on: d).map {
                Row(personId: $0.id, role: $0.role.rawValue, onLeave: leave.contains($0.id), phoneQualified: qualified.contains($0.id))
            }
            if output.json { try Output.printJSON(["people": rows]); return }
            for r in rows { print("\(r.personId)\t\(r.role)\t\(r.onLeave ? "on leave" : "")\t\(r.phoneQualified ? "phone-qualified" : "")") }
        }
    }
}

/// A failure of `roster people` that is not a usage mistake (so no usage text is printed).
private struct PeopleCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

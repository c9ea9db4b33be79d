import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster incidents`: complaints, discipline, dereliction, confidentiality and health incidents.
    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents",
            abstract: "Import, list and verify incidents (notes are stored, never shown).",
            subcommands: [Import.self, List.self, Verify.self])
    }
}

extension Roster.Incidents {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an incidents CSV (person_id,date,kind,verified,liable,note[,serious]; all or nothing).",
            discussion: """
                kind: \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", ")). verified, liable and the optional \
                serious column take true/false. serious marks serious discipline or dereliction, and for health \
                that the person cannot work. The note may hold citizen details: it is stored and never printed.
                """)
        @Argument(help: "The incidents CSV file.") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let r = try store.openExisting().importIncidents(fromCSV: file)
            if output.json {
                try Output.printJSON(["store": store.store, "file": file, "rows": String(r.rows), "inserted": String(r.inserted)])
            } else {
                print("Imported \(file): \(r.rows) rows, \(r.inserted) new incidents.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List incidents (without their notes).")
        @Option(help: "Only this person's incidents.") var person: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            var id: Int, personId: String, date: CivilDate, kind: IncidentKind, verified: Bool, liable: Bool, serious: Bool
        }

        func run() async throws {
            let rows = try store.openExisting().incidents(personId: person).map {
                Row(id: $0.id, personId: $0.personId, date: $0.date, kind: $0.kind, verified: $0.verified, liable: $0.liable, serious: $0.serious)
            }
            if output.json {
                try Output.printJSON(["incidents": rows])
            } else {
                print(["id", "person_id", "date", "kind", "verified", "liable", "serious"].joined(separator: "\t"))
                for r in rows { print("\(r.id)\t\(r.personId)\t\(r.date)\t\(r.kind.rawValue)\t\(r.verified)\t\(r.liable)\t\(r.serious)") }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the outcome of investigating an incident.")
        @Argument(help: "The incident id (roster incidents list).") var id: Int
        @Option(help: "Whether the incident is verified (true/false).") var verified: Bool
        @Option(help: "Whether the person is liable (true/false).") var liable: Bool
        @Option(help: "Whether it is serious (true/false); unchanged when omitted.") var serious: Bool?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try store.openExisting().updateIncident(id: id, verified: verified, liable: liable, serious: serious)
            print("Incident \(id): verified \(verified), liable \(liable)\(serious.map { ", serious \($0)" } ?? "").")
        }
    }
}

import ArgumentParser
import Foundation
import HotlineCore
import RosterStore
import Workflows

extension Roster {
    /// `roster requests`: per-person requests (leave, fixed days off, shift wishes, training,
    /// protected status, availability windows) filed, listed and decided in the store.
    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requests",
            abstract: "File, list and decide staff requests (leave, days off, shift wishes, training, protected, unavailable).",
            discussion: """
                Only approved requests reach the roster. A pending request can be approved, rejected (with a reason) or \
                withdrawn; an approved one can be withdrawn; rejected and withdrawn requests are final.
                """,
            subcommands: [Import.self, Add.self, List.self, Approve.self, Reject.self, Withdraw.self])
    }
}

extension RequestStatus: ExpressibleByArgument {}

/// Options of the commands that change a request.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Who makes the change (default: the store's actor, ROSTER_ACTOR or the login name).")
    var by: String?
}

extension Roster.Requests {
    /// `roster requests import FILE [--status pending|approved] [--by NAME]`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a requests CSV (all or nothing; rows already filed are not filed again).",
            discussion: """
                Columns: \(StaffRequestsCSV.columns.joined(separator: ",")), optionally \
                \(StaffRequestsCSV.optionalColumns.joined(separator: ",")). Kinds: \
                \(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")). unavailable: from = weekdays \
                ('sat;sun', '1-5'), to = hours HH:MM-HH:MM (empty = the whole day).
                """)

        @Argument(help: "The requests CSV file.") var file: String
        @Option(help: "Status of rows without a status column value: pending or approved.") var status: RequestStatus = .pending
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard status == .pending || status == .approved else {
                throw ValidationError("--status must be pending or approved (requests are decided with approve, reject, withdraw)")
            }
        }

        struct Report: Encodable {
            var store: String
            var file: String
            var rows: Int
            var filed: [Int]
            var duplicates: [Int]
        }

        func run() async throws {
            let s = try RosterStore(path: store.store)
            let r = try RequestsWorkflow(store: s).importCSV(path: file, status: status, by: decision.by)
            if output.json {
                try Output.printJSON(Report(store: store.store, file: r.file, rows: r.rows, filed: r.filed, duplicates: r.duplicates))
            } else {
                print("Imported \(file) into \(store.store): \(r.filed.count) request(s) filed \(status.rawValue), \(r.duplicates.count) already filed.")
            }
        }
    }

    /// `roster requests add --person P --kind K --from X [--to Y] [--shift S] [--weight W] [--note TEXT]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File one request.",
            discussion: """
                --from/--to as in the requests CSV: leave first/last day; day_off weekday (1-7, mon..sun); \
                shift_on/shift_off date with --shift early|middle|late|night|any and --weight; training start/end \
                (YYYY-MM-DDTHH:MM); protected pregnant|nursing; unavailable weekdays ('sat;sun', '1-5') with \
                --to HH:MM-HH:MM (omit for the whole day).
                """)

        @Option(help: "The person (person_id).") var person: String
        @Option(help: "\(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String
        @Option(help: "From (day, weekday(s), start time or protected status; see above).") var from: String = ""
        @Option(help: "To (last day, end time, or hours HH:MM-HH:MM for unavailable).") var to: String?
        @Option(help: "Shift of a wish: early, middle, late, night, any.") var shift: String?
        @Option(help: "Weight of a wish (> 0, default 1).") var weight: String?
        @Option(name: .customLong("valid-from"), help: "day_off/unavailable/protected: first day in force.") var validFrom: String?
        @Option(name: .customLong("valid-until"), help: "day_off/unavailable/protected: last day in force.") var validUntil: String?
        @Option(name: .customLong("leave-kind"), help: "leave: annual (default), sick, maternity, ...") var leaveKind: String?
        @Option(help: "A note (stored and listed, never audited).") var note: String?
        @Option(help: "pending (default) or approved.") var status: RequestStatus = .pending
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard status == .pending || status == .approved else { throw ValidationError("--status must be pending or approved") }
        }

        func run() async throws {
            let s = try RosterStore(path: store.store)
            let fields = StaffRequestsCSV.Fields(kind: kind, from: from, to: to ?? "", shift: shift ?? "", weight: weight ?? "",
                                                 validFrom: validFrom ?? "", validUntil: validUntil ?? "", leaveKind: leaveKind ?? "")
            let filed: RequestsWorkflow.Filed
            do {
                filed = try RequestsWorkflow(store: s).add(personId: person, fields: fields, note: note ?? "", status: status,
                                                           by: decision.by, source: "cli")
            } catch let e as RequestFieldError {
                throw RequestsCommandError("--\(Self.option(e.field)): \(e.message)")
            }
            if output.json {
                try Output.printJSON(RequestRow(filed.request).with(alreadyFiled: filed.alreadyFiled))
            } else if filed.alreadyFiled {
                print("Already filed: request #\(filed.request.id) (\(filed.request.status.rawValue)) says the same.")
            } else {
                print("Filed request #\(filed.request.id): \(RequestRow(filed.request).summary) (\(filed.request.status.rawValue)).")
            }
        }

        static func option(_ field: String) -> String {
            field == "person_id" ? "person" : field.replacingOccurrences(of: "_", with: "-")
        }
    }

    /// `roster requests list [--person P] [--status S] [--week YYYY-MM-DD] [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests (by id).")

        @Option(help: "Only this person's requests.") var person: String?
        @Option(help: "Only requests in this status: pending, approved, rejected, withdrawn.") var status: RequestStatus?
        @Option(help: "Only requests touching the 7 days from this date (YYYY-MM-DD).") var week: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var count: Int
            var requests: [RequestRow]
        }

        func run() async throws {
            var weekStart: CivilDate?
            if let week {
                guard let d = CivilDate.parse(week) else { throw ValidationError("--week expects YYYY-MM-DD, got '\(week)'") }
                weekStart = d
            }
            guard FileManager.default.fileExists(atPath: store.store) else {
                throw RequestsCommandError("no roster store at '\(store.store)'; import people first (roster people import FILE --store \(store.store))")
            }
            let rows = try RequestsWorkflow(store: RosterStore(path: store.store))
                .list(personId: person, status: status, week: weekStart).map(RequestRow.init)
            if output.json {
                try Output.printJSON(Report(store: store.store, count: rows.count, requests: rows))
                return
            }
            print(["id", "person_id", "kind", "status", "from", "to", "shift", "weight", "valid", "source", "decided_by", "note"]
                .joined(separator: "\t"))
            for r in rows {
                let valid = r.validFrom == nil && r.validUntil == nil ? "" : "\(r.validFrom ?? "")…\(r.validUntil ?? "")"
                print([String(r.id), r.personId, r.kind, r.status, r.from, r.to, r.shift, r.weightText, valid,
                       r.source, r.decidedBy ?? "", r.note].joined(separator: "\t"))
            }
            if rows.isEmpty { Output.note("no requests match in \(store.store)") }
        }
    }

    /// `roster requests approve ID [--by NAME] [--reason TEXT]`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending request (approved leave goes into HR's leave table).")
        @Argument(help: "The request id.") var id: Int
        @Option(help: "Why (optional).") var reason: String?
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try decide(store, output) { try $0.approve(id: id, by: decision.by, reason: reason) }
        }
    }

    /// `roster requests reject ID --reason TEXT [--by NAME]`.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending request (a reason is required).")
        @Argument(help: "The request id.") var id: Int
        @Option(help: "Why it is rejected.") var reason: String
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            try decide(store, output) { try $0.reject(id: id, by: decision.by, reason: reason) }
        }
    }

    /// `roster requests withdraw ID [--by NAME] [--reason TEXT]`.
    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a pending or approved request (by the person or a manager; approved leave leaves HR's leave table).")
        @Argument(help: "The request id.") var id: Int
        @Option(help: "Why (optional).") var reason: String?
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try decide(store, output) { try $0.withdraw(id: id, by: decision.by, reason: reason) }
        }
    }
}

private func decide(_ store: StoreOptions, _ output: OutputOptions, _ body: (RequestsWorkflow) throws -> StaffRequest) throws {
    guard FileManager.default.fileExists(atPath: store.store) else {
        throw RequestsCommandError("no roster store at '\(store.store)'")
    }
    let r = try body(RequestsWorkflow(store: RosterStore(path: store.store)))
    if output.json {
        try Output.printJSON(RequestRow(r))
    } else {
        print("Request #\(r.id) (\(r.personId), \(RequestRow(r).summary)) is now \(r.status.rawValue).")
    }
}

/// One request as `roster requests list --json` prints it (stable camelCase keys; absent values are null).
struct RequestRow: Encodable {
    var id: Int
    var personId: String
    var kind: String
    var status: String
    /// The request's fields as the requests CSV writes them.
    var from: String
    var to: String
    var shift: String
    var weight: Double?
    var validFrom: String?
    var validUntil: String?
    var leaveKind: String?
    var note: String
    var source: String
    var filedAt: String?
    var filedBy: String?
    var decidedAt: String?
    var decidedBy: String?
    var decisionReason: String?
    var leaveId: Int?
    var alreadyFiled: Bool?
    /// The weight as the CSV writes it (`3`, `1.5`), for the table.
    var weightText: String

    init(_ r: StaffRequest) {
        let f = StaffRequestsCSV.fields(r.payload)
        id = r.id
        personId = r.personId
        kind = r.kind.rawValue
        status = r.status.rawValue
        from = f.from
        to = f.to
        shift = f.shift
        weight = Double(f.weight)
        weightText = f.weight
        validFrom = f.validFrom.isEmpty ? nil : f.validFrom
        validUntil = f.validUntil.isEmpty ? nil : f.validUntil
        leaveKind = f.leaveKind.isEmpty ? nil : f.leaveKind
        note = r.note
        source = r.source
        filedAt = r.filedAt
        filedBy = r.filedBy
        decidedAt = r.decidedAt
        decidedBy = r.decidedBy
        decisionReason = r.decisionReason
        leaveId = r.leaveId
    }

    func with(alreadyFiled: Bool) -> RequestRow {
        var r = self
        r.alreadyFiled = alreadyFiled
        return r
    }

    /// e.g. `leave 2026-12-01…2026-12-03`, `unavailable sat;sun 18:00-22:00`.
    var summary: String {
        let span = to.isEmpty ? from : kind == "leave" || kind == "training" ? "\(from)…\(to)" : "\(from) \(to)"
        return ([kind, span, shift] + (weightText.isEmpty ? [] : ["weight \(weightText)"]))
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case id, personId, kind, status, from, to, shift, weight, validFrom, validUntil, leaveKind, note, source
        case filedAt, filedBy, decidedAt, decidedBy, decisionReason, leaveId, alreadyFiled
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(personId, forKey: .personId)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(shift, forKey: .shift)
        try c.encode(weight, forKey: .weight)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validUntil, forKey: .validUntil)
        try c.encode(leaveKind, forKey: .leaveKind)
        try c.encode(note, forKey: .note)
        try c.encode(source, forKey: .source)
        try c.encode(filedAt, forKey: .filedAt)
        try c.encode(filedBy, forKey: .filedBy)
        try c.encode(decidedAt, forKey: .decidedAt)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(decisionReason, forKey: .decisionReason)
        try c.encode(leaveId, forKey: .leaveId)
        // Only `add` reports it.
        try c.encodeIfPresent(alreadyFiled, forKey: .alreadyFiled)
    }
}

/// A failure of `roster requests` that is not a usage mistake (so no usage text is printed).
private struct RequestsCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

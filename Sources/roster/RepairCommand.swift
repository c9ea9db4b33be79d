import ArgumentParser
import Foundation
import HotlineCore
import Optimization
import RosterStore
import Rostering

extension Roster {
    struct Repair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repair",
            abstract: "Re-roster the rest of a published week after people are removed (sick, replaced), changing as few other shifts as possible; publishes a new version.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "The Monday of the published week (YYYY-MM-DD).")
        var week: String

        @Option(help: "Person ids to remove, comma-separated (e.g. P001,P002).")
        var remove: String

        @Option(help: "First day to re-roster (YYYY-MM-DD, inside the week); earlier days stay as published.")
        var from: String

        @Option(help: "Center profile (TOML): shift names, labour rules, seats.")
        var profile: String = "rosters/profiles/yuhang-12345.toml"

        @Option(help: "Requests CSV (leave, fixed days off, training, protected staff, wishes).")
        var requests: String?

        @Option(help: "Cost of changing one other person's shift, in person-hours of under-cover (default 4: a shift is changed only when it restores more than 4 short hours).")
        var changeWeight: Double = 4

        @Option(name: .long, help: "Solver time limit, seconds.")
        var timeLimit: Double = 20

        @Option(help: "MIP solver: glpk or cbc.")
        var solver: String = "cbc"

        @Flag(help: "Compute and print the repair without publishing it.")
        var dryRun = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard let w = CivilDate.parse(week) else { throw ValidationError("--week takes a date YYYY-MM-DD (a Monday), got '\(week)'") }
            guard w.weekday == 1 else { throw ValidationError("--week \(week) is not a Monday") }
            guard let f = CivilDate.parse(from) else { throw ValidationError("--from takes a date YYYY-MM-DD, got '\(from)'") }
            guard f >= w && f < w.adding(days: 7) else { throw ValidationError("--from \(from) is not inside the week of \(week)") }
            guard !ids.isEmpty else { throw ValidationError("--remove takes one or more person ids, comma-separated") }
            guard changeWeight > 0 else { throw ValidationError("--change-weight must be positive") }
            guard ["glpk", "cbc"].contains(solver) else { throw ValidationError("--solver takes glpk or cbc, got '\(solver)'") }
            guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive (seconds)") }
        }

        var ids: [String] { remove.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

        func run() async throws {
            LoggingSetup.once
            let weekStart = CivilDate.parse(week)!, fromDay = CivilDate.parse(from)!
            let store = try RosterStore(path: storeOptions.store)
            let profile = try CenterProfile.load(path: self.profile)
            let published = try store.publishedShifts(weekStart: weekStart)
            guard !published.isEmpty else { throw ValidationError("no roster is published for the week of \(week) in \(storeOptions.store)") }
            let previous = try store.publishedShifts(from: weekStart.adding(days: -7), through: weekStart.adding(days: -1))
            let people = try store.rosterablePeople(on: fromDay)
            let known = Set(try store.people().map(\.id))
            let missing = ids.filter { !known.contains($0) }
            guard missing.isEmpty else { throw ValidationError("--remove: no person \(missing.joined(separator: ", ")) in \(storeOptions.store)") }
            var constraints = try requests.map { try RequestsCSV.read(path: $0, knownPeople: known) } ?? [:]
            for d in 0..<7 {
                let date = weekStart.adding(days: d)
                for id in try store.onLeave(on: date) { constraints[id, default: PersonConstraints()].leave.insert(date) }
            }
            for (id, d) in try store.allDetails() where d.protectedStatus == .pregnant || d.protectedStatus == .nursing {
                constraints[id, default: PersonConstraints()].protected = true
            }
            let result = try RosterRepair(profile: profile, changeWeight: changeWeight, timeLimitSeconds: timeLimit,
                                      solver: solver == "cbc" ? CBCSolver() as any MIPSolver : GLPKSolver())
                .repair(weekStart: weekStart, published: published, previous: previous, people: people, removed: Set(ids),
                        from: fromDay, constraints: constraints, phoneQualified: try store.phoneQualified(on: fromDay),
                        following: try store.publishedShifts(from: weekStart.adding(days: 7), through: weekStart.adding(days: 13)))
            var version: Int? = nil
            if !dryRun {
                version = try store.publishRoster(weekStart: weekStart, shifts: result.shifts,
                                                  reason: "repair: removed \(ids.joined(separator: ",")) from \(from)")
            }
            if output.json {
                try Output.printJSON(RepairReport(result: result, version: version))
                return
            }
            var lines = ["Repair of the week of \(week) from \(from): removed \(ids.joined(separator: ", "))",
                         "  changes: \(result.forcedChanges) shift(s) of the removed people, \(result.otherChanges) of others (lower bound \(result.changeLowerBound))",
                         "  short person-hours from \(from): published \(result.shortBeforeRemoval), after removal \(result.shortWithoutRepair), after repair \(result.shortAfterRepair)",
                         "  solver \(result.solver.name): \(result.solver.status), objective \(result.solver.objective.map { String(format: "%.2f", $0) } ?? "-"), bound \(result.solver.bound.map { String(format: "%.2f", $0) } ?? "-")"]
            for c in result.changes {
                lines.append("  \(c.date) \(c.personId) \(c.kind.rawValue): \(c.before ?? "off") → \(c.after ?? "off") — \(c.reason)")
            }
            if !result.violations.isEmpty { lines.append("  RULE VIOLATIONS: \(result.violations.map(\.description).joined(separator: "; "))") }
            lines.append(version.map { "  published as version \($0)" } ?? "  dry run: not published")
            print(lines.joined(separator: "\n"))
        }
    }

    struct RepairReport: Encodable {
        var result: RepairResult
        var version: Int?

        enum CodingKeys: String, CodingKey {
            case weekStart, from, removed, changes, forcedChanges, otherChanges, changeLowerBound, shortBeforeRemoval,
                 shortWithoutRepair, shortAfterRepair, solver, violations, version, changeWeight
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(result.weekStart, forKey: .weekStart)
            try c.encode(result.from, forKey: .from)
            try c.encode(result.removed, forKey: .removed)
            try c.encode(result.changes, forKey: .changes)
            try c.encode(result.forcedChanges, forKey: .forcedChanges)
            try c.encode(result.otherChanges, forKey: .otherChanges)
            try c.encode(result.changeLowerBound, forKey: .changeLowerBound)
            try c.encode(result.shortBeforeRemoval, forKey: .shortBeforeRemoval)
            try c.encode(result.shortWithoutRepair, forKey: .shortWithoutRepair)
            try c.encode(result.shortAfterRepair, forKey: .shortAfterRepair)
            try c.encode(result.solver, forKey: .solver)
            try c.encode(result.violations, forKey: .violations)
            try c.encode(version, forKey: .version)
            try c.encode(result.changeWeight, forKey: .changeWeight)
        }
    }
}

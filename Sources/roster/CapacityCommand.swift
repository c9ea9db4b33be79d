import ArgumentParser
import Capacity
import Forecasting
import Foundation
import HotlineCore
import RosterStore
import Workflows

extension Roster {
    /// `roster capacity`: how many people to hire, and when, over the next months.
    struct Capacity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "capacity",
            abstract: "Capacity and hiring plan: training classes and overtime that keep the center staffed for the next months.",
            discussion: """
                Need: a forecast over the horizon (stored history or --history), optional --growth, or --volumes FILE \
                (month,calls: the month totals, spread over each month's hours by the forecast's shape), and --scenario surges, \
                Erlang C per hour, summed per month, × tour efficiency (scheduled / required agent-hours of one planned week \
                unless --tour-efficiency or the profile's [capacity] tour_efficiency gives it). Supply: the store's people, \
                training status, announced separations and long leave; attrition from the store's separations or --attrition \
                (all separations; the KPI's turnover leaves out civil-service and public-institution posts: --non-kpi-share or \
                the store's history). An integer program (GLPK) chooses agent class starts and sizes, hires of pool roles \
                (role minimum ≥ [capacity] pool_role_min) and overtime; single posts are replaced on departure; a seeded Monte Carlo of attrition raises \
                the buffer until P(staff < floor) ≤ 1 − confidence in every month a class can reach. -o DIR writes months.csv, \
                chart.svg, report.zh.html, report.en.html, plan.json.
                """)

        @Option(name: .long, help: "The center profile (TOML; optional [capacity] section).")
        var profile: String
        @Option(name: .long, help: "Call history file or directory (default: the store's history).")
        var history: String?
        @Option(name: .long, help: "History format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: "|")).")
        var format: HistoryFormat = .auto
        @Option(name: .long, help: "Holiday calendar CSV (date,kind,name) for years the built-in China calendar does not cover.")
        var calendar: String?
        @Option(name: .long, help: "First month, YYYY-MM.")
        var from: String
        @Option(name: .long, help: "Months to plan (1 to 60).")
        var months: Int = 12
        @Option(name: .long, help: "Annual call growth, e.g. 0.05.")
        var growth: Double = 0
        @Option(name: .long, help: "Monthly call volumes over the horizon: a CSV month,calls (one line per planned month).")
        var volumes: String?
        @Option(name: .long, help: "Annual attrition, all separations, e.g. 0.15 (default: from the store's separations).")
        var attrition: Double?
        @Option(name: .customLong("non-kpi-share"), help: "Share of separations the turnover KPI does not count, e.g. 0.2 (default: from the store's separations).")
        var nonKpiShare: Double?
        @Option(name: .customLong("training-weeks"), help: "Weeks of pre-job training of a class.")
        var trainingWeeks: Int?
        @Option(name: .customLong("class-size"), help: "Class size MIN..MAX, e.g. 5..20.")
        var classSize: String?
        @Option(name: .long, parsing: .singleValue, help: "A scenario file whose call events apply on their dates (repeatable).")
        var scenario: [String] = []
        @Option(name: .long, help: "Probability the floor must hold in each month, e.g. 0.9.")
        var confidence: Double = 0.9
        @Option(name: .customLong("tour-efficiency"), help: "Scheduled / required agent-hours (≥ 1); default: calibrated on one planned week.")
        var tourEfficiency: Double?
        @Option(name: .long, help: "Simulated attrition runs.")
        var runs: Int = 2000
        @Option(name: .long, help: "Seed of the simulation.")
        var seed: UInt64 = 12345
        @Option(name: .customLong("time-limit"), help: "GLPK time limit per solve, seconds.")
        var timeLimit: Double = 10
        @Option(name: .shortAndLong, help: "Write the month table, chart and reports into this directory.")
        var output: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var out: OutputOptions

        static func range(_ s: String) -> ClosedRange<Int>? {
            let p = s.components(separatedBy: "..")
            guard p.count == 2, let a = Int(p[0]), let b = Int(p[1]), a >= 1, a <= b else { return nil }
            return a...b
        }

        func validate() throws {
            guard PlanMonth.parse(from) != nil else { throw ValidationError("--from expects a month YYYY-MM (e.g. 2027-01), got '\(from)'") }
            guard (1...60).contains(months) else { throw ValidationError("--months must be 1 to 60, got \(months)") }
            if let a = attrition, !(a >= 0 && a < 1) { throw ValidationError("--attrition is an annual rate in [0, 1) (e.g. 0.15), got \(a)") }
            if let x = nonKpiShare, !(x >= 0 && x <= 1) { throw ValidationError("--non-kpi-share is a share in [0, 1] (e.g. 0.2), got \(x)") }
            if volumes != nil, growth != 0 { throw ValidationError("give --growth or --volumes, not both: the volumes already are the horizon's calls") }
            guard growth > -1 else { throw ValidationError("--growth is an annual rate above -1 (e.g. 0.05), got \(growth)") }
            if let w = trainingWeeks, !(0...52).contains(w) { throw ValidationError("--training-weeks must be 0 to 52, got \(w)") }
            if let c = classSize, Self.range(c) == nil { throw ValidationError("--class-size expects MIN..MAX with 1 ≤ MIN ≤ MAX (e.g. 5..20), got '\(c)'") }
            guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be between 0 and 1 (e.g. 0.9), got \(confidence)") }
            if let e = tourEfficiency, !(e >= 1 && e <= 3) { throw ValidationError("--tour-efficiency must be between 1 and 3, got \(e)") }
            guard (100...100_000).contains(runs) else { throw ValidationError("--runs must be 100 to 100000, got \(runs)") }
            guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
        }

        func run() async throws {
            var cal = HolidayCalendar.china
            if let calendar { cal = HolidayCalendar(entries: HolidayCalendar.china.entries + (try HolidayCalendar.load(path: calendar)).entries) }
            let request = CapacityWorkflow.Request(
                profilePath: profile, from: PlanMonth.parse(from)!, months: months,
                history: history.map { .file($0, format) } ?? .store, calendar: cal, growth: growth, volumes: volumes, attrition: attrition, nonKpiShare: nonKpiShare,
                trainingWeeks: trainingWeeks, classSize: classSize.flatMap(Self.range), scenarios: scenario, confidence: confidence,
                tourEfficiency: tourEfficiency, runs: runs, seed: seed, timeLimitSeconds: timeLimit)
            let plan = try CapacityWorkflow(store: try RosterStore(path: store.store)).plan(request) { Output.note($0) }
            if let output { try CapacityFiles.write(plan, to: output) }
            if out.json { try Output.printJSON(plan); return }
            print("Capacity plan \(plan.from) + \(plan.monthCount) months: \(plan.totalHires) hires in \(plan.classes.count) classes"
                  + " (\(plan.classes.map { "\($0.start): \($0.size)" }.joined(separator: ", "))), cost \(Int(plan.cost.total))")
            func pad(_ x: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - x.count)) + x }
            func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
            let heads = ["month", "paid_h", "needed", "floor", "expected", "band", "hires", "seps", "overtime", "short_h", "P(<floor)"]
            print(heads.map { pad($0, 9) }.joined(separator: " "))
            for r in plan.months {
                let cells = [r.month.description, f(r.paidAgentHours), f(r.requiredHeadcount, 1), "\(r.floor)", f(r.supplyExpected, 1),
                             "\(r.supplyLow)-\(r.supplyHigh)", "\(r.hires)", f(r.expectedSeparations, 1), f(r.overtimeHours),
                             f(r.expectedShortfallHours), f(r.probabilityBelowFloor * 100, 1) + "%"]
                print(cells.map { pad($0, 9) }.joined(separator: " "))
            }
            print("turnover \(f(plan.turnover.rate * 100, 1))% as the KPI counts it (cap \(f(plan.turnover.cap * 100))%; all separations \(f(plan.turnover.allSeparationsRate * 100, 1))%), attrition \(f(plan.annualAttrition * 100, 1))% (\(plan.attritionSource)), tour efficiency \(f(plan.tourEfficiency, 3))")
            for r in plan.roles { print("\(r.role): \(r.statement)") }
            for c in plan.cannotMeet { print("cannot meet: \(c)") }
            for w in plan.warnings { Output.note("warning: \(w)") }
        }
    }
}

import ArgumentParser
import Foundation
import HotlineCore
import Staffing

extension Roster {
    /// `roster simulate`: a discrete-event simulation of one queue, to check a plan or the formulas.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulate one queue (Poisson arrivals per interval, given handle-time and patience distributions, agents per interval).",
            discussion: """
                Either one stationary interval (--calls, --interval, --agents; the first --warm-up intervals \
                are not measured) or a plan (--requirements FILE with start,calls,agents: agents there are \
                people scheduled, turned into agents on phones with --shrinkage).
                Distributions: --handle exp | lognormal:CV | det (mean --aht); --patience-dist exp | \
                lognormal:CV | det | none (mean --patience). Figures are means over --replications runs with \
                Student-t confidence intervals (--confidence). With one stationary interval the Erlang A (or C) \
                figures are printed alongside.
                """)

        @Option(help: "Calls per interval (stationary mode).")
        var calls: Double?
        @Option(help: "Interval length in minutes.")
        var interval: Double = 30
        @Option(help: "Agents on phones (stationary mode).")
        var agents: Int?
        @Option(help: "Measured intervals (stationary mode).")
        var intervals: Int = 8
        @Option(help: "Unmeasured warm-up intervals before them (stationary mode).")
        var warmUp: Int = 2
        @Option(help: "Plan to check: start,calls,agents (agents = people scheduled).")
        var requirements: String?
        @Option(help: "Shrinkage of the plan: agents on phones = floor(scheduled × (1 − shrinkage)).")
        var shrinkage: Double = 0
        @Option(help: "Mean handle time in seconds.")
        var aht: Double
        @Option(help: "Handle-time distribution: exp, lognormal:CV, det.")
        var handle: String = "exp"
        @Option(help: "Mean patience in seconds (none: callers never hang up).")
        var patience: Double?
        @Option(help: "Patience distribution: exp, lognormal:CV, det, none.")
        var patienceDist: String = "exp"
        @Option(help: "Service-level threshold in seconds.")
        var within: Double = 20
        @Option(help: "Independent replications.")
        var replications: Int = 20
        @Option(help: "Random seed (same seed, same figures).")
        var seed: UInt64 = 12345
        @Option(help: "Confidence of the intervals, e.g. 0.99.")
        var confidence: Double = 0.99
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var replications: Int
            var seed: UInt64
            var confidence: Double
            var handleTime: String
            var patience: String
            var total: SimulatedFigures
            var intervals: [IntervalReport]?
            var formula: QueueFigures?
            var formulaModel: String?
        }

        struct IntervalReport: Encodable {
            var start: String
            var agents: Int
            var figures: SimulatedFigures
        }

        func validate() throws {
            guard (calls != nil) != (requirements != nil) else {
                throw ValidationError("give either --calls with --agents (one stationary interval) or --requirements FILE (a plan)")
            }
            if calls != nil && agents == nil { throw ValidationError("--calls needs --agents N") }
            if let calls, !(calls.isFinite && calls >= 0) { throw ValidationError("--calls must be ≥ 0, got \(calls)") }
            if let agents, agents < 0 { throw ValidationError("--agents must be ≥ 0, got \(agents)") }
            guard interval.isFinite, interval > 0 else { throw ValidationError("--interval must be minutes > 0, got \(interval)") }
            guard aht.isFinite, aht > 0 else { throw ValidationError("--aht must be seconds > 0, got \(aht)") }
            if let patience, !(patience.isFinite && patience > 0) { throw ValidationError("--patience must be seconds > 0, got \(patience)") }
            guard DurationDistribution.parse(handle, mean: aht) != nil, handle.lowercased() != "none" else {
                throw ValidationError("--handle must be exp, lognormal:CV (e.g. lognormal:1.0) or det; got '\(handle)'")
            }
            guard DurationDistribution.parse(patienceDist, mean: patience ?? 1) != nil else {
                throw ValidationError("--patience-dist must be exp, lognormal:CV, det or none; got '\(patienceDist)'")
            }
            guard (1...1000).contains(intervals), (0...1000).contains(warmUp) else {
                throw ValidationError("--intervals must be 1 to 1000 and --warm-up 0 to 1000")
            }
            guard (2...100_000).contains(replications) else { throw ValidationError("--replications must be 2 to 100,000, got \(replications)") }
            guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be in (0, 1), e.g. 0.99; got \(confidence)") }
            guard shrinkage >= 0, shrinkage < 1 else { throw ValidationError("--shrinkage must be in [0, 1), got \(shrinkage)") }
        }

        func run() async throws {
            let handleTime = DurationDistribution.parse(handle, mean: aht)!
            let patienceTime: DurationDistribution = patience.map { DurationDistribution.parse(patienceDist, mean: $0)! } ?? .infinite
            var simIntervals: [SimulationInterval]
            var starts: [String]
            var intervalSeconds = interval * 60
            if let path = requirements {
                let rows = try RequirementsCSV.read(path: path)
                if rows.count > 1 {
                    let step = rows[1].start.seconds - rows[0].start.seconds
                    for (i, r) in rows.enumerated().dropFirst() where r.start.seconds - rows[i - 1].start.seconds != step {
                        throw InputError(file: path, line: i + 2, field: "start", "intervals must be consecutive and of one length (\(step / 60) minutes)")
                    }
                    intervalSeconds = Double(step)
                }
                simIntervals = rows.map {
                    SimulationInterval(calls: $0.calls, agents: Int((Double($0.agents) * (1 - shrinkage) + 1e-9).rounded(.down)))
                }
                starts = rows.map { $0.start.description }
            } else {
                simIntervals = (0..<(warmUp + intervals)).map {
                    SimulationInterval(calls: calls!, agents: agents!, measured: $0 >= warmUp)
                }
                starts = simIntervals.indices.map { "interval \($0 + 1)" + ($0 < warmUp ? " (warm-up)" : "") }
            }
            let sim = QueueSimulation(intervalSeconds: intervalSeconds, intervals: simIntervals, handleTime: handleTime,
                                      patience: patienceTime, withinSeconds: within, replications: replications,
                                      seed: seed, confidence: confidence)
            let result = try sim.run()
            var formula: QueueFigures?
            var formulaModel: String?
            if let calls, let agents {
                let w = Workload(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: aht,
                                 patienceSeconds: patience == nil ? nil : patience)
                formula = try? w.figures(agents: agents, withinSeconds: within)
                formulaModel = w.model.rawValue
            }
            let report = Report(
                replications: replications, seed: seed, confidence: confidence,
                handleTime: handleTime.description, patience: patienceTime.description, total: result.total,
                intervals: requirements == nil ? nil : zip(starts, zip(simIntervals, result.intervals)).map {
                    IntervalReport(start: $0.0, agents: $0.1.0.agents, figures: $0.1.1)
                },
                formula: formula, formulaModel: formulaModel)
            if output.json {
                try Output.printJSON(report)
                return
            }
            print("Simulated \(replications) replications (seed \(seed)); handle time \(handleTime), patience \(patienceTime); \(percent(confidence)) confidence intervals")
            func line(_ name: String, _ e: Estimate, _ f: Double?, percent isShare: Bool = true) {
                let show: (Double) -> String = isShare ? { percent($0) } : { String(format: "%.2f s", $0) }
                var s = "  \(name): \(show(e.mean)) [\(show(e.lower)), \(show(e.upper))]"
                if let f { s += "   formula \(show(f))" }
                print(s)
            }
            let t = result.total
            print("All measured intervals (\(String(format: "%.1f", t.calls)) calls per replication):"
                  + (formulaModel.map { " — formula: \($0)" } ?? ""))
            line("service level within \(Int(within)) s", t.serviceLevel, formula?.serviceLevel)
            line("abandonment", t.abandonment, formula?.abandonment)
            line("average speed of answer", t.averageSpeedOfAnswer, formula?.averageSpeedOfAnswer, percent: false)
            line("wait probability", t.waitProbability, formula?.waitProbability)
            line("occupancy", t.occupancy, formula?.occupancy)
            if requirements != nil {
                print("start,agents,calls,service_level,abandonment,asa_seconds,occupancy")
                for (i, f) in result.intervals.enumerated() {
                    print("\(starts[i]),\(simIntervals[i].agents),\(String(format: "%.1f", f.calls)),\(String(format: "%.4f", f.serviceLevel.mean)),"
                          + "\(String(format: "%.4f", f.abandonment.mean)),\(String(format: "%.2f", f.averageSpeedOfAnswer.mean)),\(String(format: "%.4f", f.occupancy.mean))")
                }
            }
        }

        private func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
    }
}

import ArgumentParser
import Foundation
import Staffing

extension Roster {
    /// `roster erlang`: agents needed for a service goal (Erlang C), or the figures of a given
    /// number of agents; with `--patience`, the abandonment share (Erlang A).
    struct Erlang: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erlang",
            abstract: "Agents needed for a service goal (Erlang C), or the figures of --agents N.",
            discussion: """
                Units: --interval in minutes; --aht, --within and --patience in seconds; --target, \
                --shrinkage and --max-occupancy as shares (0.8 = 80%).
                Service level, wait probability and ASA are Erlang C (callers never hang up); with \
                --patience the abandonment share is Erlang A (M/M/N+M, exponential patience).
                """)

        @Option(help: "Calls offered in one interval.")
        var calls: Double
        @Option(help: "Interval length in minutes.")
        var interval: Double
        @Option(help: "Average handle time in seconds.")
        var aht: Double
        @Option(help: "Share of calls to answer within --within seconds, e.g. 0.8.")
        var target: Double
        @Option(help: "Answer-time threshold in seconds, e.g. 20.")
        var within: Double
        @Option(help: "Share of paid time off the phones (breaks, training, absence), e.g. 0.3.")
        var shrinkage: Double = 0
        @Option(help: "Highest acceptable occupancy, e.g. 0.85.")
        var maxOccupancy: Double?
        @Option(help: "Mean caller patience in seconds: also report the abandonment share (Erlang A).")
        var patience: Double?
        @Option(help: "Report the figures of this many agents instead of the minimum.")
        var agents: Int?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard calls.isFinite, calls >= 0 else { throw ValidationError("--calls must be a number of calls ≥ 0, got \(calls)") }
            guard interval.isFinite, interval > 0 else { throw ValidationError("--interval must be minutes > 0 (e.g. 30), got \(interval)") }
            guard aht.isFinite, aht > 0 else { throw ValidationError("--aht must be seconds > 0 (e.g. 180), got \(aht)") }
            guard target > 0, target < 1 else {
                throw ValidationError("--target must be a share strictly between 0 and 1 (0.8 for 80%), got \(target)")
            }
            guard within.isFinite, within >= 0 else { throw ValidationError("--within must be seconds ≥ 0 (e.g. 20), got \(within)") }
            guard shrinkage >= 0, shrinkage < 1 else {
                throw ValidationError("--shrinkage must be a share in [0, 1) (0.3 for 30%), got \(shrinkage)")
            }
            if let maxOccupancy, !(maxOccupancy > 0 && maxOccupancy <= 1) {
                throw ValidationError("--max-occupancy must be a share in (0, 1] (0.85 for 85%), got \(maxOccupancy)")
            }
            if let patience, !(patience.isFinite && patience > 0) {
                throw ValidationError("--patience must be seconds > 0 (e.g. 300), got \(patience)")
            }
            if let agents, agents < 0 { throw ValidationError("--agents must be ≥ 0, got \(agents)") }
        }

        func run() async throws {
            let goal = ServiceGoal(target: target, withinSeconds: within, maxOccupancy: maxOccupancy,
                                   shrinkage: shrinkage, patienceSeconds: patience)
            let intervalSeconds = interval * 60
            let figures: StaffingFigures
            if let agents {
                figures = try Staffing.figures(agents: agents, calls: calls, intervalSeconds: intervalSeconds,
                                               ahtSeconds: aht, goal: goal)
            } else {
                figures = try Staffing.required(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: aht, goal: goal)
            }
            if output.json {
                try Output.printJSON(figures)
                return
            }
            let load = ErlangC(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: aht).offeredLoad
            print("Offered load: \(number(load, 3)) Erlangs (\(number(calls, 2)) calls in \(number(interval, 2)) min, AHT \(number(aht, 1)) s)")
            let met = figures.serviceLevel >= target && (maxOccupancy.map { figures.occupancy <= $0 } ?? true)
            if agents == nil {
                print("Agents on phones: \(figures.agents) (minimum meeting the goal)")
            } else {
                print("Agents on phones: \(figures.agents) (given; goal \(met ? "met" : "NOT met"))")
            }
            print("Scheduled after \(percent(shrinkage)) shrinkage: \(figures.scheduled)")
            print("Service level: \(percent(figures.serviceLevel)) within \(number(within, 1)) s (goal \(percent(target)))")
            print("Wait probability: \(percent(figures.waitProbability)); average speed of answer: \(number(figures.averageSpeedOfAnswer, 1)) s")
            print("Occupancy: \(percent(figures.occupancy))" + (maxOccupancy.map { " (cap \(percent($0)))" } ?? ""))
            if let abandonment = figures.abandonment, let patience {
                print("Abandonment: \(percent(abandonment)) (Erlang A, mean patience \(number(patience, 1)) s)")
            }
        }

        private func percent(_ share: Double) -> String { number(share * 100, 1) + "%" }

        private func number(_ v: Double, _ decimals: Int) -> String {
            if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
            return String(format: "%.\(decimals)f", v)
        }
    }
}

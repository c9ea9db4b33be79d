import ArgumentParser
import Foundation
import Staffing

extension QueueModel: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}

extension Roster {
    /// `roster erlang`: agents needed for a service goal, or the figures of a given number of
    /// agents; Erlang C (callers never hang up) or Erlang A (callers hang up, `--patience`).
    struct Erlang: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erlang",
            abstract: "Agents needed for a service goal (Erlang A or C), or the figures of --agents N.",
            discussion: """
                Units: --interval in minutes; --aht, --within, --patience and --max-asa in seconds; --target, \
                --shrinkage, --max-occupancy and --max-abandonment as shares (0.8 = 80%).
                The model is Erlang A (M/M/N+M, callers hang up after an exponential patience) when \
                --patience is given, Erlang C otherwise; --model erlang-c with --patience keeps the \
                Erlang C figures and adds the Erlang A abandonment of the same agents.
                Service level = share of offered calls answered within --within seconds; ASA = mean \
                wait of answered calls. Goals combine: every one given must be met.
                """)

        @Option(help: "Calls offered in one interval.")
        var calls: Double
        @Option(help: "Interval length in minutes.")
        var interval: Double
        @Option(help: "Average handle time in seconds.")
        var aht: Double
        @OptionGroup var goal: GoalOptions
        @Option(help: "Share of paid time off the phones (breaks, training, absence), e.g. 0.3.")
        var shrinkage: Double?
        @Option(name: .customLong("shrinkage-component"), parsing: .singleValue,
                help: "A shrinkage component NAME=SHARE (breaks, meals, training, meetings, absence, leave, …); repeat; they add up.")
        var shrinkageComponents: [String] = []
        @Option(help: "Queue model: erlang-a (needs --patience) or erlang-c.")
        var model: QueueModel?
        @Option(help: "Report the figures of this many agents instead of the minimum.")
        var agents: Int?
        @Option(name: .customLong("repeat"), help: "Evaluate this many times and report the time per evaluation (benchmarking).")
        var repetitions: Int?
        @OptionGroup var output: OutputOptions

        var target: Double? { goal.target }
        var within: Double { goal.within ?? 20 }
        var maxAsa: Double? { goal.maxAsa }
        var maxAbandonment: Double? { goal.maxAbandonment }
        var maxOccupancy: Double? { goal.maxOccupancy }
        var patience: Double? { goal.patience }

        struct Report: Encodable {
            var model: String
            var offeredLoad: Double
            var agents: Int
            var fractionalAgents: Double?
            var scheduled: Int
            var fractionalScheduled: Double?
            var shrinkage: Double
            var serviceLevel: Double
            var waitProbability: Double
            var averageSpeedOfAnswer: Double
            var occupancy: Double
            var abandonment: Double?
            var answerRate: Double?
            var blocking: Double
            var binding: String?
            var goalMet: Bool
            var secondsPerEvaluation: Double?
        }

        func validate() throws {
            guard calls.isFinite, calls >= 0 else { throw ValidationError("--calls must be a number of calls ≥ 0, got \(calls)") }
            guard interval.isFinite, interval > 0 else { throw ValidationError("--interval must be minutes > 0 (e.g. 30), got \(interval)") }
            guard aht.isFinite, aht > 0 else { throw ValidationError("--aht must be seconds > 0 (e.g. 180), got \(aht)") }
            if let shrinkage, !(shrinkage >= 0 && shrinkage < 1) {
                throw ValidationError("--shrinkage must be a share in [0, 1) (0.3 for 30%), got \(shrinkage)")
            }
            if shrinkage != nil && !shrinkageComponents.isEmpty {
                throw ValidationError("give either --shrinkage or --shrinkage-component, not both")
            }
            _ = try shrinkageTotal()
            if model == .erlangA && patience == nil {
                throw ValidationError("--model erlang-a needs --patience SECONDS (the mean time callers wait before hanging up)")
            }
            if maxAbandonment != nil && patience == nil {
                throw ValidationError("--max-abandonment needs --patience SECONDS (Erlang A)")
            }
            if agents == nil && !goal.hasGoal {
                throw ValidationError("give a goal (--target, --max-asa, --max-abandonment or --max-occupancy) or --agents N")
            }
            if let agents, agents < 0 { throw ValidationError("--agents must be ≥ 0, got \(agents)") }
            if let repetitions, !(1...10_000_000).contains(repetitions) { throw ValidationError("--repeat must be 1 to 10,000,000, got \(repetitions)") }
        }

        func shrinkageTotal() throws -> Double {
            if let shrinkage { return shrinkage }
            var parts: [String: Double] = [:]
            for item in shrinkageComponents {
                let p = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard p.count == 2, !p[0].isEmpty, let v = Double(p[1]) else {
                    throw ValidationError("--shrinkage-component expects NAME=SHARE, e.g. breaks=0.06; got '\(item)'")
                }
                guard parts[p[0]] == nil else { throw ValidationError("--shrinkage-component \(p[0]) is given twice") }
                parts[p[0]] = v
            }
            do {
                return try ShrinkageBreakdown(components: parts).total
            } catch let error as StaffingError {
                throw ValidationError("--shrinkage-component: \(error.description)")
            }
        }

        func run() async throws {
            let shrink = try shrinkageTotal()
            let chosen = model ?? (patience == nil ? .erlangC : .erlangA)
            let workload = Workload(calls: calls, intervalSeconds: interval * 60, ahtSeconds: aht,
                                    patienceSeconds: chosen == .erlangA ? patience : nil, model: chosen)
            let goal = StaffingGoal(serviceLevel: target, withinSeconds: within, maxAverageSpeedOfAnswer: maxAsa,
                                    maxAbandonment: maxAbandonment, maxOccupancy: maxOccupancy)
            var figures: QueueFigures
            var answer: StaffingAnswer?
            var seconds: Double?
            let clock = ContinuousClock()
            if let agents {
                figures = try workload.figures(agents: agents, withinSeconds: within)
                if let repetitions {
                    let t = clock.measure { for _ in 0..<repetitions { _ = try? workload.figures(agents: agents, withinSeconds: within) } }
                    seconds = t.seconds / Double(repetitions)
                }
            } else {
                let a = try Staffing.minimumAgents(workload, goal: goal)
                if let repetitions {
                    let t = clock.measure { for _ in 0..<repetitions { _ = try? Staffing.minimumAgents(workload, goal: goal) } }
                    seconds = t.seconds / Double(repetitions)
                }
                answer = a
                figures = a.figures
            }
            var abandonment: Double? = chosen == .erlangA ? figures.abandonment : nil
            if chosen == .erlangC, let patience {
                abandonment = ErlangA(calls: calls, intervalSeconds: interval * 60, ahtSeconds: aht, patienceSeconds: patience)
                    .abandonment(agents: figures.agents)
            }
            let n = figures.agents
            let met = (target.map { figures.serviceLevel >= $0 } ?? true)
                && (maxAsa.map { figures.averageSpeedOfAnswer <= $0 } ?? true)
                && (maxAbandonment.map { (abandonment ?? 0) <= $0 } ?? true)
                && (maxOccupancy.map { figures.occupancy <= $0 + 1e-12 } ?? true)
            let report = Report(
                model: chosen.rawValue, offeredLoad: workload.offeredLoad, agents: n,
                fractionalAgents: answer?.fractionalAgents,
                scheduled: Staffing.scheduled(agents: n, shrinkage: shrink),
                fractionalScheduled: answer.map { $0.fractionalAgents / (1 - shrink) },
                shrinkage: shrink, serviceLevel: figures.serviceLevel, waitProbability: figures.waitProbability,
                averageSpeedOfAnswer: figures.averageSpeedOfAnswer, occupancy: figures.occupancy,
                abandonment: abandonment, answerRate: chosen == .erlangA ? figures.answerRate : nil,
                blocking: ErlangC.erlangB(load: workload.offeredLoad, servers: n),
                binding: answer?.binding, goalMet: met, secondsPerEvaluation: seconds)
            if output.json {
                try Output.printJSON(report)
                return
            }
            print("Offered load: \(number(workload.offeredLoad, 3)) Erlangs (\(number(calls, 2)) calls in \(number(interval, 2)) min, AHT \(number(aht, 1)) s); model \(chosen.rawValue)")
            if let answer {
                print("Agents on phones: \(n) (minimum meeting the goal; fractional \(number(answer.fractionalAgents, 2)), binding: \(answer.binding))")
            } else {
                print("Agents on phones: \(n) (given; goal \(met ? "met" : "NOT met"))")
            }
            print("Scheduled after \(percent(shrink)) shrinkage: \(report.scheduled)")
            print("Service level: \(percent(figures.serviceLevel)) within \(number(within, 1)) s" + (target.map { " (goal \(percent($0)))" } ?? ""))
            print("Wait probability: \(percent(figures.waitProbability)); average speed of answer: \(number(figures.averageSpeedOfAnswer, 1)) s")
            print("Occupancy: \(percent(figures.occupancy))" + (maxOccupancy.map { " (cap \(percent($0)))" } ?? ""))
            if let abandonment, let patience {
                print("Abandonment: \(percent(abandonment)) (Erlang A, mean patience \(number(patience, 1)) s); effective answer rate \(percent(1 - abandonment))")
            }
            print("Erlang B blocking with \(n) lines: \(number(report.blocking * 100, 4))%")
            if let seconds { Output.note("\(number(seconds * 1e6, 2)) µs per evaluation") }
        }

        private func percent(_ share: Double) -> String { number(share * 100, 1) + "%" }

        private func number(_ v: Double, _ decimals: Int) -> String {
            if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
            return String(format: "%.\(decimals)f", v)
        }
    }
}

extension Swift.Duration {
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}

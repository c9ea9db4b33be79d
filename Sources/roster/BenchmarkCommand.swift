import ArgumentParser
import Foundation
import HotlineCore
import Optimization
import Rostering

extension Roster {
    /// `roster benchmark`: the engine on published benchmarks.
    struct Benchmark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "benchmark",
            abstract: "Run the rostering engine on published benchmark instances.",
            subcommands: [Curtois.self])
    }
}

extension Roster.Benchmark {
    /// `roster benchmark curtois FILE`: one Curtois & Qu instance.
    struct Curtois: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "curtois",
            abstract: "Solve a Curtois & Qu (schedulingbenchmarks.org) instance and check the roster independently.",
            discussion: """
            Builds a roster with a per-employee schedule DP (every hard rule), improves it by \
            whole-schedule DP moves, proves a bound by column generation (GLPK master LP, DP \
            pricing) on instances up to 4 weeks and 3 shift types and finds rosters there by a \
            column dive, price and enumerate (CBC master MIPs over the columns that can beat the \
            incumbent) and branch and price, elsewhere by a large-neighbourhood search (CBC or \
            GLPK sub-MIPs), within the time limit; re-checks the roster with an independent \
            evaluator (objective and every hard rule) and compares it with best_known_bounds.csv \
            found next to FILE (or --bounds).
            """)

        @Argument(help: "The instance file (e.g. ../shared/data/curtois-qu/Instance1.txt).")
        var file: String

        @Option(name: .long, help: "Time limit in seconds.")
        var timeLimit: Double = 60

        @Option(name: .long, help: "Write the roster as employee,day,shift rows to this file.")
        var solution: String?

        @Option(name: .long, help: "The best known bounds (CSV instance,…,best_known_lower_bound,best_known_upper_bound); default: best_known_bounds.csv next to FILE.")
        var bounds: String?

        @Option(name: .long, help: "Seed of the neighbourhood search.")
        var seed: UInt64 = 1

        @Option(name: .long, help: "MIP backend: cbc (default) or glpk.")
        var backend: String = "cbc"

        @Option(name: .long, help: "Threads of the restricted master MIP (CBC only; neighbourhood sub-MIPs use one). CBC 2.10.8 has crashed with more than one.")
        var threads: Int = 1

        @Flag(name: .long, help: "Print each phase and each better roster to standard error.")
        var verbose = false

        @Option(name: .long, help: "Write the instance's compact integer model (CPLEX LP format: x_EMPLOYEE_DAY_SHIFT binaries, for HiGHS, CBC or glpsol) to this file and stop without solving.")
        var writeLp: String?

        @OptionGroup var out: OutputOptions

        func validate() throws {
            guard timeLimit.isFinite, timeLimit > 0 else {
                throw ValidationError("--time-limit must be a positive number of seconds, e.g. --time-limit 60; got \(timeLimit)")
            }
            guard ["cbc", "glpk"].contains(backend) else {
                throw ValidationError("--backend must be cbc or glpk, got '\(backend)'")
            }
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        }

        struct Report: Encodable {
            var instance: String
            var objective: Int?
            var bound: Double?
            var seconds: Double
            var status: String
            var bestKnown: Int?
            var bestKnownLowerBound: Int?
            var gapToBestKnown: Double?
            var feasible: Bool?
            var violations: [CurtoisEvaluation.Violation]
            var constructionObjective: Int?
            var nodes: Int
            var neighbourhoods: Int
            var improvements: Int
            var bestFoundSeconds: Double?
            var backend: String
        }

        func run() async throws {
            let instance = try CurtoisInstance.load(path: file)
            if let path = writeLp {
                do { try CurtoisModel(instance).model.lpFormat().write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw InputError(file: path, "cannot write the LP model: \(error.localizedDescription)")
                }
                if !out.json { print("\(instance.name): compact model written to \(path)") }
                return
            }
            let solver = backend == "glpk"
                ? CurtoisSolver(backend: GLPKSolver(), neighbourhoodBackend: GLPKSolver(cuts: false))
                : CurtoisSolver(backend: CBCSolver(threads: threads), neighbourhoodBackend: CurtoisSolver.subMIPBackend)
            let result = try solver.solve(instance, options: CurtoisSolveOptions(timeLimitSeconds: timeLimit, seed: seed,
                                                                                   progress: verbose ? Self.printProgress : nil))
            let boundsFile = bounds ?? URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("best_known_bounds.csv").path
            var known: (lower: Int, upper: Int)?
            if bounds != nil || FileManager.default.fileExists(atPath: boundsFile) {
                known = try Self.bestKnown(instance.name, file: boundsFile)
            }
            if let path = solution, let roster = result.solution {
                do { try roster.csv(for: instance).write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw InputError(file: path, "cannot write the solution: \(error.localizedDescription)")
                }
            }
            let gap = zip(result.objective, known?.upper).map { Double($0 - $1) / Double(max(1, $1)) }
            let report = Report(instance: instance.name, objective: result.objective, bound: result.bound, seconds: result.seconds,
                                status: result.status.rawValue, bestKnown: known?.upper, bestKnownLowerBound: known?.lower,
                                gapToBestKnown: gap, feasible: result.evaluation?.isFeasible,
                                violations: result.evaluation?.violations ?? [], constructionObjective: result.constructionObjective, nodes: result.nodes,
                                neighbourhoods: result.neighbourhoods, improvements: result.improvements,
                                bestFoundSeconds: result.bestFoundSeconds, backend: backend)
            if out.json {
                try Output.printJSON(report)
            } else {
                print("\(instance.name): \(result.status.rawValue), objective \(result.objective.map(String.init) ?? "–"), bound \(result.bound.map { String(format: "%.0f", $0) } ?? "–"), \(String(format: "%.1f", result.seconds)) s")
                if let known { print("best known \(known.upper) (lower bound \(known.lower)), gap \(gap.map { String(format: "%.2f%%", $0 * 100) } ?? "–")") }
                for v in report.violations { print("violation: \(v.message)") }
            }
        }

        @Sendable static func printProgress(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }

        /// The published bounds of one instance.
        static func bestKnown(_ name: String, file: String) throws -> (lower: Int, upper: Int)? {
            let table = try CSVTable.read(path: file)
            let cols = ["instance", "best_known_lower_bound", "best_known_upper_bound"]
            let i = try table.requireColumn(cols[0], expected: cols)
            let lo = try table.requireColumn(cols[1], expected: cols)
            let up = try table.requireColumn(cols[2], expected: cols)
            for c in table.cursors where c.text(i) == name {
                guard let l = Int(c.text(lo)) else { throw c.error(lo, "expected a whole number, got '\(c.text(lo))'") }
                guard let u = Int(c.text(up)) else { throw c.error(up, "expected a whole number, got '\(c.text(up))'") }
                return (l, u)
            }
            return nil
        }
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

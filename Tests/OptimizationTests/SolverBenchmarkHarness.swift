import Foundation
import Optimization
import Testing

/// The Swift half of `tools/bench/solvers` (not a test of speed: it only runs when the script
/// sets SOLVER_BENCH_LP and prints one line per solve for the script's table).
/// SOLVER_BENCH_LP: an LP file; SOLVER_BENCH_LIMITS: seconds, comma-separated (default 10,60);
/// SOLVER_BENCH_BACKENDS: names from `SolverBenchmarkHarness.backends` (default all);
/// SOLVER_BENCH_GAP: relative gap asked (default 0.0001).
@Suite("solver benchmark harness (tools/bench/solvers)")
struct SolverBenchmarkHarness {
    static let env = ProcessInfo.processInfo.environment

    static let backends: [(String, any MIPSolver)] = [
        ("glpk-old", GLPKSolver(cuts: true, feasibilityPump: false, proximitySearch: false,
                                branching: .driebeckTomlin, backtracking: .bestBound)),
        ("glpk-new", GLPKSolver()),
        ("glpk-pcost", GLPKSolver(cuts: true, branching: .pseudocost)),
        ("glpk-bestp", GLPKSolver(cuts: true, backtracking: .bestProjection)),
        ("glpk-pcost-bestp", GLPKSolver(cuts: true, branching: .pseudocost, backtracking: .bestProjection)),
        ("glpk-proxy", GLPKSolver(cuts: true, proximitySearch: true)),
        ("glpk-fpump", GLPKSolver(cuts: true, feasibilityPump: true)),
        ("glpk-dfs", GLPKSolver(cuts: true, backtracking: .depthFirst)),
        ("cbc", CBCSolver()),
    ]

    @Test("solve the LP file of SOLVER_BENCH_LP with each backend and print the figures",
          .enabled(if: env["SOLVER_BENCH_LP"] != nil, "runs only from tools/bench/solvers (SOLVER_BENCH_LP)"))
    func run() throws {
        let path = try #require(Self.env["SOLVER_BENCH_LP"])
        let model = try LinearModel.readLP(path: path)
        let limits = (Self.env["SOLVER_BENCH_LIMITS"] ?? "10,60").split(separator: ",").compactMap { Double($0) }
        let names = Self.env["SOLVER_BENCH_BACKENDS"].map { Set($0.split(separator: ",").map(String.init)) }
        let gap = Self.env["SOLVER_BENCH_GAP"].flatMap(Double.init) ?? 1e-4
        for (name, backend) in Self.backends where names?.contains(name) ?? true {
            for limit in limits {
                let r = try backend.solve(model, options: SolveOptions(timeLimitSeconds: limit, relativeGap: gap))
                #expect(r.values.isEmpty || model.maxViolation(r.values) <= 1e-6)
                func f(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
                let line = "BENCH|\(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)|\(name)|\(Int(limit))|\(r.status.rawValue)|\(f(r.objective))|\(f(r.bound))|\(r.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "")|\(String(format: "%.1f", r.seconds))|\(r.nodes.map(String.init) ?? "")\n"
                FileHandle.standardOutput.write(line.data(using: .utf8)!)
            }
        }
    }
}

import Foundation
import Optimization
import TestSupport
import Testing

/// `glpsol` on the PATH, if installed (Debian: glpk-utils).
let glpsolPath: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return (path.split(separator: ":").map { "\($0)/glpsol" } + ["/usr/bin/glpsol"])
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}()

@Suite("CPLEX LP export")
struct LPFormatTests {
    @Test("knapsack text: sections, objective, row, bounds, integers")
    func knapsackText() {
        let (m, _) = knapsack()
        let text = m.lpFormat()
        #expect(text.contains("Maximize\n obj: 10 take0 + 13 take1 + 7 take2 + 8 take3 + 4 take4\n"))
        #expect(text.contains("Subject To\n capacity: 5 take0 + 7 take1 + 4 take2 + 5 take3 + 3 take4 <= 12\n"))
        #expect(text.contains(" 0 <= take0 <= 1\n"))
        #expect(text.contains("General\n take0 take1 take2 take3 take4\n"))
        #expect(text.hasSuffix("End\n"))
    }

    @Test("ranged rows split in two, equalities, free and negative bounds, awkward names")
    func edgeCases() {
        var m = LinearModel(name: "edge cases")
        let a = m.addVariable("2nd var", lower: -.infinity, objective: -1.5)
        let b = m.addVariable("end", lower: -3, upper: .infinity)
        let c = m.addVariable("e1", lower: 4, upper: 4)
        m.addConstraint("band", [(a, 1), (b, -2)], lower: 1, upper: 4)
        m.addConstraint("fix", [(a, 1), (c, 1)], lower: 2, upper: 2)
        m.addConstraint("unbounded row", [(a, 1)])
        let text = m.lpFormat()
        #expect(text.contains("Minimize\n obj: - 1.5 _2nd_var\n"))
        #expect(text.contains(" band_lo: _2nd_var - 2 _end >= 1\n"))
        #expect(text.contains(" band_hi: _2nd_var - 2 _end <= 4\n"))
        #expect(text.contains(" fix: _2nd_var + _e1 = 2\n"))
        #expect(!text.contains("unbounded"))
        #expect(text.contains(" _2nd_var free\n"))
        #expect(text.contains(" _end >= -3\n"))
        #expect(text.contains(" _e1 = 4\n"))
        #expect(!text.contains("General"))
    }

    @Test("long rows are wrapped under 255 characters")
    func wrapping() {
        var m = LinearModel(name: "wide")
        let xs = (0..<200).map { m.addVariable("a_rather_long_variable_name_\($0)", objective: 1) }
        m.addConstraint("all", xs.map { ($0, 3) }, lower: 1)
        #expect(m.lpFormat().split(separator: "\n").allSatisfy { $0.count < 255 })
    }

    @Test("round trip: glpsol solves the exported knapsack and set cover to the same optimum",
          .enabled(if: glpsolPath != nil, "glpsol is not installed"))
    func glpsolRoundTrip() throws {
        let dir = try SharedData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (model, expected) in [(knapsack().0, 23.0), (setCover().0, 5.0)] {
            let ours = try GLPKSolver().solve(model, options: SolveOptions())
            #expect(ours.objective == expected)
            let lp = dir + "/\(model.name).lp", out = dir + "/\(model.name).txt"
            try model.lpFormat().write(toFile: lp, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try #require(glpsolPath))
            p.arguments = ["--lp", lp, "-o", out]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            let report = try String(contentsOfFile: out, encoding: .utf8)
            let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("Objective:") })
            // "Objective:  obj = 23 (MAXimum)"
            let value = line.split(separator: "=")[1].split(separator: " ")[0]
            #expect(Double(value) == expected)
        }
    }

    @Test("readLP reads back what lpFormat wrote: same variables, bounds, integrality, rows, sense and optimum; a bad file is an error naming it")
    func readBack() throws {
        let dir = try SharedData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var ranged = LinearModel(name: "ranged", sense: .maximize)
        let x = ranged.addVariable("x", upper: 2, objective: 1)
        let y = ranged.addVariable("y", lower: -.infinity, integer: true, objective: 1)
        ranged.addConstraint("band", [(x, 1), (y, 2)], lower: 1, upper: 4)
        ranged.addConstraint("fix", [(x, 1), (y, -1)], lower: 0.5, upper: 0.5)
        ranged.objectiveConstant = 7
        for model in [knapsack().0, setCover().0, ranged, GLPKSolverTests.hardCover(seed: 7)] {
            let lp = dir + "/\(model.name).lp"
            try model.lpFormat().write(toFile: lp, atomically: true, encoding: .utf8)
            let back = try LinearModel.readLP(path: lp)
            #expect(back.sense == model.sense)
            #expect(back.objectiveConstant == 0)  // the file carries the constant only as a comment
            #expect(back.variables.map(\.name) == model.variables.map(\.name))
            #expect(back.variables.map(\.integer) == model.variables.map(\.integer))
            #expect(back.variables.map(\.lower) == model.variables.map(\.lower))
            #expect(back.variables.map(\.upper) == model.variables.map(\.upper))
            #expect(back.variables.map(\.objective) == model.variables.map(\.objective))
            if model.name != "ranged" { #expect(back.nonzeroCount == model.nonzeroCount) }  // a ranged row is written as two
            let a = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5, relativeGap: 0))
            let b = try GLPKSolver().solve(back, options: SolveOptions(timeLimitSeconds: 5, relativeGap: 0))
            if a.status == .optimal, b.status == .optimal { #expect(abs((a.objective ?? 0) - (b.objective ?? 1) - model.objectiveConstant) < 1e-9) }
        }
        let bad = dir + "/bad.lp"
        try "this is not an LP file".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: OptimizationError.solverFailed(solver: "glpk", message: "cannot read the CPLEX LP file \(bad)")) {
            try LinearModel.readLP(path: bad)
        }
    }
}

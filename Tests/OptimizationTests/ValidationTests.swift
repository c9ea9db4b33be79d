import Optimization
import Testing

@Suite("model validation: every bad model throws before reaching GLPK")
struct ValidationTests {
    let solver = GLPKSolver()

    func expectThrows(_ model: LinearModel, options: SolveOptions = SolveOptions(),
                      _ check: (OptimizationError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try solver.solve(model, options: options)
            Issue.record("expected an OptimizationError", sourceLocation: sourceLocation)
        } catch let error as OptimizationError {
            #expect(check(error), "unexpected error \(error)", sourceLocation: sourceLocation)
            #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("NaN and infinite coefficients")
    func badCoefficients() {
        var a = LinearModel(name: "a")
        a.addVariable("x", objective: .nan)
        expectThrows(a) { if case .invalidCoefficient = $0 { true } else { false } }

        var b = LinearModel(name: "b")
        let x = b.addVariable("x")
        b.addConstraint("c", [(x, .infinity)], upper: 1)
        expectThrows(b) { if case .invalidCoefficient = $0 { true } else { false } }
    }

    @Test("lower above upper, NaN bounds, infinite bounds on the wrong side")
    func badBounds() {
        var a = LinearModel(name: "a")
        a.addVariable("x", lower: 3, upper: 2)
        expectThrows(a) { if case .invalidBounds(kind: "variable", name: "x", _, _) = $0 { true } else { false } }

        var b = LinearModel(name: "b")
        let x = b.addVariable("x")
        b.addConstraint("c", [(x, 1)], lower: 5, upper: 4)
        expectThrows(b) { if case .invalidBounds(kind: "constraint", name: "c", _, _) = $0 { true } else { false } }

        var c = LinearModel(name: "c")
        c.addVariable("x", lower: .nan)
        expectThrows(c) { if case .invalidBounds = $0 { true } else { false } }

        var d = LinearModel(name: "d")
        d.addVariable("x", lower: .infinity, upper: .infinity)
        expectThrows(d) { if case .invalidBounds = $0 { true } else { false } }

        var e = LinearModel(name: "e")
        e.addVariable("x", lower: 0.5, upper: 3, integer: true)
        expectThrows(e) { if case .fractionalIntegerBounds = $0 { true } else { false } }
    }

    @Test("a variable index outside the model")
    func badIndex() {
        var m = LinearModel(name: "m")
        let x = m.addVariable("x")
        m.addConstraint("c", [(x, 1), (Variable(index: 5), 1)], upper: 1)
        expectThrows(m) { $0 == .unknownVariable(constraint: "c", index: 5, variableCount: 1) }

        var n = LinearModel(name: "n")
        n.addVariable("x")
        n.addConstraint("c", [(Variable(index: -1), 1)], upper: 1)
        expectThrows(n) { if case .unknownVariable = $0 { true } else { false } }
    }

    @Test("empty and duplicate names")
    func badNames() {
        var a = LinearModel(name: "a")
        a.addVariable("")
        expectThrows(a) { $0 == .emptyName(kind: "variable", index: 0) }

        var b = LinearModel(name: "b")
        b.addVariable("x")
        b.addVariable("x")
        expectThrows(b) { $0 == .duplicateName(kind: "variable", name: "x") }

        var c = LinearModel(name: "c")
        let x = c.addVariable("x")
        c.addConstraint("r", [(x, 1)], upper: 1)
        c.addConstraint("r", [(x, 1)], upper: 2)
        expectThrows(c) { $0 == .duplicateName(kind: "constraint", name: "r") }

        var d = LinearModel(name: "d")
        let y = d.addVariable("y")
        d.addConstraint("", [(y, 1)], upper: 1)
        expectThrows(d) { $0 == .emptyName(kind: "constraint", index: 0) }
    }

    @Test("time limit and gap options")
    func badOptions() {
        let (m, _) = knapsack()
        for limit in [0, -1, Double.nan, Double.infinity] {
            expectThrows(m, options: SolveOptions(timeLimitSeconds: limit)) { if case .invalidOption = $0 { true } else { false } }
        }
        expectThrows(m, options: SolveOptions(relativeGap: -0.1)) { if case .invalidOption = $0 { true } else { false } }
    }
}

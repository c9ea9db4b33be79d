/// A variable of a `LinearModel`: its position in the model's variable list.
public struct Variable: Hashable, Sendable {
    public let index: Int

    public init(index: Int) { self.index = index }
}

/// A mixed-integer linear program: variables with bounds, integrality and objective
/// coefficients, and linear constraints `lower ≤ Σ a·x ≤ upper`.
///
/// Building a model never fails; `validate()` (which every solver and `lpFormat()` callers run)
/// checks names, bounds and coefficients and throws an `OptimizationError` that says what is
/// wrong. Solvers must never pass an invalid model to C code (GLPK aborts the process on a bad
/// index or bound).
public struct LinearModel: Sendable {
    public enum Sense: Sendable { case minimize, maximize }

    public struct VariableInfo: Sendable, Equatable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var integer: Bool
        public var objective: Double
    }

    public struct Constraint: Sendable {
        public var name: String
        public var terms: [(variable: Variable, coefficient: Double)]
        public var lower: Double
        public var upper: Double
    }

    public var name: String
    public var sense: Sense
    public private(set) var variables: [VariableInfo] = []
    public private(set) var constraints: [Constraint] = []
    /// A constant added to the objective (not seen by solvers; added back to their objective).
    public var objectiveConstant: Double = 0

    public init(name: String, sense: Sense = .minimize) {
        self.name = name
        self.sense = sense
    }

    public var variableCount: Int { variables.count }
    public var constraintCount: Int { constraints.count }
    public var integerVariableCount: Int { variables.lazy.filter(\.integer).count }
    public var nonzeroCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }

    @discardableResult
    public mutating func addVariable(_ name: String, lower: Double = 0, upper: Double = .infinity,
                                     integer: Bool = false, objective: Double = 0) -> Variable {
        variables.append(VariableInfo(name: name, lower: lower, upper: upper, integer: integer, objective: objective))
        return Variable(index: variables.count - 1)
    }

    public mutating func addConstraint(_ name: String, _ terms: [(Variable, Double)],
                                       lower: Double = -.infinity, upper: Double = .infinity) {
        constraints.append(Constraint(name: name, terms: terms.map { (variable: $0.0, coefficient: $0.1) },
                                      lower: lower, upper: upper))
    }

    /// Sets the objective coefficient of a variable added earlier.
    public mutating func setObjective(_ variable: Variable, _ coefficient: Double) {
        precondition(variables.indices.contains(variable.index), "variable \(variable.index) is not in model \(name)")
        variables[variable.index].objective = coefficient
    }

    public func info(_ variable: Variable) -> VariableInfo { variables[variable.index] }

    /// Makes every variable continuous (the LP relaxation).
    public mutating func relaxIntegrality() {
        for j in variables.indices { variables[j].integer = false }
    }

    /// The objective value of an assignment (one value per variable), constant included.
    public func objectiveValue(_ values: [Double]) -> Double {
        zip(variables, values).reduce(objectiveConstant) { $0 + $1.0.objective * $1.1 }
    }

    /// The largest violation of bounds, integrality and constraints by an assignment
    /// (0 when it is feasible). Used to check solver answers independently.
    public func maxViolation(_ values: [Double]) -> Double {
        guard values.count == variables.count else { return .infinity }
        var worst = 0.0
        for (v, x) in zip(variables, values) {
            guard x.isFinite else { return .infinity }
            worst = max(worst, v.lower - x, x - v.upper)
            if v.integer { worst = max(worst, abs(x - x.rounded())) }
        }
        for c in constraints {
            let activity = c.terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable.index] }
            worst = max(worst, c.lower - activity, activity - c.upper)
        }
        return worst
    }

    /// Checks everything a solver relies on. Throws the first problem found.
    public func validate() throws(OptimizationError) {
        var seen = Set<String>()
        for (j, v) in variables.enumerated() {
            guard !v.name.isEmpty else { throw .emptyName(kind: "variable", index: j) }
            guard seen.insert(v.name).inserted else { throw .duplicateName(kind: "variable", name: v.name) }
            guard v.name.utf8.count <= 255 else { throw .nameTooLong(kind: "variable", name: v.name) }
            guard v.objective.isFinite else { throw .invalidCoefficient(context: "objective of variable \(v.name)", value: v.objective) }
            guard !v.lower.isNaN, !v.upper.isNaN, v.lower != .infinity, v.upper != -.infinity else {
                throw .invalidBounds(kind: "variable", name: v.name, lower: v.lower, upper: v.upper)
            }
            guard v.lower <= v.upper else { throw .invalidBounds(kind: "variable", name: v.name, lower: v.lower, upper: v.upper) }
            if v.integer, (v.lower.isFinite && v.lower != v.lower.rounded()) || (v.upper.isFinite && v.upper != v.upper.rounded()) {
                throw .fractionalIntegerBounds(name: v.name, lower: v.lower, upper: v.upper)
            }
        }
        seen.removeAll()
        for (i, c) in constraints.enumerated() {
            guard !c.name.isEmpty else { throw .emptyName(kind: "constraint", index: i) }
            guard seen.insert(c.name).inserted else { throw .duplicateName(kind: "constraint", name: c.name) }
            guard c.name.utf8.count <= 255 else { throw .nameTooLong(kind: "constraint", name: c.name) }
            guard !c.lower.isNaN, !c.upper.isNaN, c.lower != .infinity, c.upper != -.infinity, c.lower <= c.upper else {
                throw .invalidBounds(kind: "constraint", name: c.name, lower: c.lower, upper: c.upper)
            }
            for t in c.terms {
                guard variables.indices.contains(t.variable.index) else {
                    throw .unknownVariable(constraint: c.name, index: t.variable.index, variableCount: variables.count)
                }
                guard t.coefficient.isFinite else {
                    throw .invalidCoefficient(context: "constraint \(c.name), variable \(variables[t.variable.index].name)", value: t.coefficient)
                }
            }
        }
        guard objectiveConstant.isFinite else { throw .invalidCoefficient(context: "objective constant", value: objectiveConstant) }
    }

    /// When every variable with a non-zero objective coefficient is integer and the coefficients
    /// are whole numbers, every objective value is the constant plus a multiple of their greatest
    /// common divisor; the step (nil otherwise).
    public var objectiveStep: Double? {
        var g = 0
        for v in variables where v.objective != 0 {
            guard v.integer, v.objective == v.objective.rounded(), abs(v.objective) < 1e12 else { return nil }
            g = LinearModel.gcd(g, Int(abs(v.objective)))
        }
        return g > 0 ? Double(g) : nil
    }

    /// A proven bound tightened to the next attainable objective value (see `objectiveStep`):
    /// up for minimisation, down for maximisation.
    public func roundedBound(_ bound: Double) -> Double {
        guard let step = objectiveStep, bound.isFinite else { return bound }
        let k = (bound - objectiveConstant) / step
        let tolerance = 1e-6
        let rounded = sense == .minimize ? (k - tolerance).rounded(.up) : (k + tolerance).rounded(.down)
        return objectiveConstant + rounded * step
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The terms of constraint `i` with repeated variables added up and zeros dropped, ordered by
    /// variable index (GLPK refuses repeated column indices in a row).
    func mergedTerms(_ i: Int) -> [(index: Int, coefficient: Double)] {
        var sums: [Int: Double] = [:]
        for t in constraints[i].terms { sums[t.variable.index, default: 0] += t.coefficient }
        return sums.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { (index: $0.key, coefficient: $0.value) }
    }
}

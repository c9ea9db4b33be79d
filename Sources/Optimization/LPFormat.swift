/// CPLEX LP format export, readable by `glpsol --lp`, HiGHS, CBC and CPLEX.
///
/// Portable choices: names are reduced to letters, digits and `_` (a leading digit or `e`/`E`
/// gets an `_` prefix, clashes get a numeric suffix), a ranged constraint `l ≤ a·x ≤ u` is written
/// as two rows `name_lo` and `name_hi`, a constraint without bounds is left out, lines stay short.
extension LinearModel {
    public func lpFormat() -> String {
        var names = NameTable()
        let columnNames = variables.map { names.unique(LinearModel.lpName($0.name, fallback: "x")) }

        var out = "\\ Model \(LinearModel.lpName(name, fallback: "model"))\n"
        out += "\\ \(variableCount) variables (\(integerVariableCount) integer), \(constraintCount) constraints\n"
        out += sense == .minimize ? "Minimize\n" : "Maximize\n"
        let objectiveTerms = variables.enumerated().compactMap { j, v in v.objective != 0 ? (j, v.objective) : nil }
        let objName = names.unique("obj")
        if objectiveTerms.isEmpty, !variables.isEmpty {
            out += " \(objName): 0 \(columnNames[0])\n"
        } else {
            out += LinearModel.lpExpression(label: objName, objectiveTerms, columnNames) + "\n"
        }
        if objectiveConstant != 0 { out += "\\ objective constant \(LinearModel.lpNumber(objectiveConstant)) not included\n" }

        out += "Subject To\n"
        for (i, c) in constraints.enumerated() {
            let terms = mergedTerms(i).map { ($0.index, $0.coefficient) }
            let base = LinearModel.lpName(c.name, fallback: "c")
            let hasLower = c.lower.isFinite, hasUpper = c.upper.isFinite
            // A row with no terms would be a syntax error; write it with a zero coefficient.
            let safeTerms = terms.isEmpty && !variables.isEmpty ? [(0, 0.0)] : terms
            if hasLower && hasUpper && c.lower == c.upper {
                out += LinearModel.lpExpression(label: names.unique(base), safeTerms, columnNames) + " = \(LinearModel.lpNumber(c.upper))\n"
            } else if hasLower && hasUpper {
                out += LinearModel.lpExpression(label: names.unique(base + "_lo"), safeTerms, columnNames) + " >= \(LinearModel.lpNumber(c.lower))\n"
                out += LinearModel.lpExpression(label: names.unique(base + "_hi"), safeTerms, columnNames) + " <= \(LinearModel.lpNumber(c.upper))\n"
            } else if hasLower {
                out += LinearModel.lpExpression(label: names.unique(base), safeTerms, columnNames) + " >= \(LinearModel.lpNumber(c.lower))\n"
            } else if hasUpper {
                out += LinearModel.lpExpression(label: names.unique(base), safeTerms, columnNames) + " <= \(LinearModel.lpNumber(c.upper))\n"
            }
        }

        var bounds: [String] = []
        for (j, v) in variables.enumerated() {
            let n = columnNames[j]
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (true, true) where v.lower == v.upper: bounds.append(" \(n) = \(LinearModel.lpNumber(v.lower))")
            case (true, true): bounds.append(" \(LinearModel.lpNumber(v.lower)) <= \(n) <= \(LinearModel.lpNumber(v.upper))")
            case (true, false) where v.lower == 0: break
            case (true, false): bounds.append(" \(n) >= \(LinearModel.lpNumber(v.lower))")
            case (false, true): bounds.append(" -inf <= \(n) <= \(LinearModel.lpNumber(v.upper))")
            case (false, false): bounds.append(" \(n) free")
            }
        }
        if !bounds.isEmpty { out += "Bounds\n" + bounds.joined(separator: "\n") + "\n" }

        let integers = variables.indices.filter { variables[$0].integer }.map { columnNames[$0] }
        if !integers.isEmpty {
            out += "General\n"
            for chunk in stride(from: 0, to: integers.count, by: 8) {
                out += " " + integers[chunk..<min(chunk + 8, integers.count)].joined(separator: " ") + "\n"
            }
        }
        out += "End\n"
        return out
    }

    /// `label: 3 x + 2 y - z`, wrapped every 6 terms so lines stay well under 255 characters.
    static func lpExpression(label: String, _ terms: [(Int, Double)], _ names: [String]) -> String {
        var s = " \(label):"
        for (k, (j, a)) in terms.enumerated() {
            if k > 0 && k % 6 == 0 { s += "\n   " }
            let sign = a < 0 ? "-" : "+"
            let magnitude = abs(a)
            let coefficient = magnitude == 1 ? "" : LinearModel.lpNumber(magnitude) + " "
            s += (k == 0 && a >= 0 ? " " : " \(sign) ") + coefficient + names[j]
        }
        return s
    }

    static func lpNumber(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// A name of letters, digits and `_` that no LP reader confuses with a number or keyword.
    static func lpName(_ raw: String, fallback: String) -> String {
        var s = String(raw.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (scalar.isASCII && (c.isLetter || c.isNumber)) || c == "_" ? c : "_"
        })
        if s.isEmpty { s = fallback }
        if let first = s.first, first.isNumber || first == "e" || first == "E" || lpKeywords.contains(s.lowercased()) { s = "_" + s }
        return String(s.prefix(240))
    }

    static let lpKeywords: Set<String> = [
        "minimize", "maximize", "minimum", "maximum", "min", "max", "subject", "to", "st", "such", "that",
        "bounds", "bound", "general", "generals", "gen", "integer", "integers", "binary", "binaries", "bin",
        "end", "free", "inf", "infinity", "semi", "semis", "sos",
    ]

    struct NameTable {
        var used = Set<String>()
        mutating func unique(_ base: String) -> String {
            var candidate = base
            var k = 1
            while used.contains(candidate.lowercased()) {
                candidate = "\(base)_\(k)"
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}

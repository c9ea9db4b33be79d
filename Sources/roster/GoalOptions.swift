import ArgumentParser

/// The service goal and caller patience, shared by `roster erlang` and `roster staffing`.
/// Every goal given must be met; `within` defaults to 20 s (`roster staffing` takes the
/// profile's when the option is absent).
struct GoalOptions: ParsableArguments {
    @Option(help: "Share of calls to answer within --within seconds, e.g. 0.8.")
    var target: Double?
    @Option(help: "Answer-time threshold in seconds, e.g. 20 (default 20, or the profile's).")
    var within: Double?
    @Option(help: "Highest average speed of answer in seconds.")
    var maxAsa: Double?
    @Option(help: "Highest share of calls abandoned (Erlang A), e.g. 0.05.")
    var maxAbandonment: Double?
    @Option(help: "Highest acceptable occupancy, e.g. 0.85.")
    var maxOccupancy: Double?
    @Option(help: "Mean caller patience in seconds (Erlang A).")
    var patience: Double?

    /// Checks the ranges of the options given (every one is optional).
    func validate() throws {
        if let target, !(target > 0 && target < 1) {
            throw ValidationError("--target must be a share strictly between 0 and 1 (0.8 for 80%), got \(target)")
        }
        if let within, !(within.isFinite && within >= 0) { throw ValidationError("--within must be seconds ≥ 0 (e.g. 20), got \(within)") }
        if let maxOccupancy, !(maxOccupancy > 0 && maxOccupancy <= 1) {
            throw ValidationError("--max-occupancy must be a share in (0, 1] (0.85 for 85%), got \(maxOccupancy)")
        }
        if let maxAbandonment, !(maxAbandonment > 0 && maxAbandonment < 1) {
            throw ValidationError("--max-abandonment must be a share in (0, 1) (0.05 for 5%), got \(maxAbandonment)")
        }
        if let maxAsa, !(maxAsa.isFinite && maxAsa > 0) { throw ValidationError("--max-asa must be seconds > 0, got \(maxAsa)") }
        if let patience, !(patience.isFinite && patience > 0) {
            throw ValidationError("--patience must be seconds > 0 (e.g. 300), got \(patience)")
        }
    }

    /// Whether any goal was given.
    var hasGoal: Bool { target != nil || maxAsa != nil || maxAbandonment != nil || maxOccupancy != nil }
}

import HotlineCore

/// The rules every published roster obeys, from the profile's labour section. Each rule is a named,
/// documented check in `RosterValidator`, so a reader can list the rules by reading function names.
public struct RosterRules: Sendable, Equatable {
    /// Minimum rest between the end of one shift and the start of the next (profile default 11 h;
    /// no statutory figure exists).
    public var minRestHours: Double
    /// Longest shift (8 h a day, State Council regulation art. 3).
    public var maxHoursPerDay: Double
    /// Most paid hours in the week (40 h, art. 3).
    public var maxHoursPerWeek: Double
    /// Days off each person has in the Monday–Sunday week (Labour Law art. 38: at least one).
    public var minDaysOffPerWeek: Int

    public init(minRestHours: Double = 11, maxHoursPerDay: Double = 8, maxHoursPerWeek: Double = 40,
                minDaysOffPerWeek: Int = 1) {
        self.minRestHours = minRestHours
        self.maxHoursPerDay = maxHoursPerDay
        self.maxHoursPerWeek = maxHoursPerWeek
        self.minDaysOffPerWeek = minDaysOffPerWeek
    }

    public init(profile: CenterProfile) {
        self.init(minRestHours: profile.labour.minRestHours, maxHoursPerDay: profile.labour.maxHoursPerDay,
                  maxHoursPerWeek: profile.labour.maxHoursPerWeek, minDaysOffPerWeek: 1)
    }
}

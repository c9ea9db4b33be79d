import Planning
import Testing

@Suite("tours")
struct TourTests {
    @Test("a Sunday 22:00 8-hour tour covers Monday 00–05 of the cyclic week")
    func wrapAround() {
        let sundayOnly = Tour(startHour: 22, lengthHours: 8, workDays: [false, false, false, false, false, false, true])
        #expect(sundayOnly.hoursOnShift == [0, 1, 2, 3, 4, 5, 166, 167])
        #expect(sundayOnly.isOnShift(hourOfWeek: 5))
        #expect(!sundayOnly.isOnShift(hourOfWeek: 6))
        #expect(sundayOnly.isOnShift(hourOfWeek: 168 + 2))
    }
}

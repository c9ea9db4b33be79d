import Foundation
import GRDB
import HotlineCore

/// Schema of shift swaps between colleagues ("v4-swaps"): filed by one agent, accepted or declined
/// by the colleague, then approved or rejected by a manager. Shipped migrations are never edited.
enum SwapsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        // Filled in by the requests work (issue 19).
    }
}

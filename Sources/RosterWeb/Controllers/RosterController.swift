import Foundation
import Hummingbird
import RosterStore
import Workflows

/// The Roster pages and their /api JSON (to be written: issue 19).
struct RosterController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
    }
}

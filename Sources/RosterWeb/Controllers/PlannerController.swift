import Foundation
import Hummingbird
import RosterStore
import Workflows

/// The Planner pages and their /api JSON (to be written: issue 19).
struct PlannerController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
    }
}

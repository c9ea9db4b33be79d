import Foundation
import Hummingbird
import RosterStore
import Workflows

/// The Requests pages and their /api JSON (to be written: issue 19).
struct RequestsController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
    }
}
